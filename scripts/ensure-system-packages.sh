#!/usr/bin/env bash
# Makes sure the C libraries Stip links against are installed: SQLite (GRDB) and libyaml (config and plans),
# and any Debian packages named as arguments (`make bench` asks for wrk).
# Installs them with apt-get when running as root; otherwise prints the exact command and fails.
#
# With --optional first, the named packages are wanted, not needed (`make deps` asks for weasyprint, which prints
# PDF reports): they are installed the same way when possible, and otherwise the command is printed and nothing fails.
set -euo pipefail

optional=false
if [ "${1:-}" = "--optional" ]; then
    optional=true
    shift
    packages=("$@")
else
    packages=(libsqlite3-dev libyaml-dev pkg-config "$@")
fi
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; then
        exit 0
    fi
    $optional || exit 1
    echo "could not install ${missing[*]}; without them: PDF reports answer pdf_renderer_missing" >&2
elif $optional; then
    echo "optional: PDF reports need ${missing[*]}; install with:  sudo apt-get install -y ${missing[*]}" >&2
else
    echo "Stip needs these system packages: ${missing[*]}" >&2
    echo "install them with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
