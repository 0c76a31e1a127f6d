#!/usr/bin/env bash
# Makes sure the C libraries Stip links against are installed: SQLite (GRDB) and libyaml (config and plans),
# and any Debian packages named as arguments (`make bench` asks for wrk).
# Installs them with apt-get when running as root; otherwise prints the exact command and fails.
set -euo pipefail

packages=(libsqlite3-dev libyaml-dev pkg-config "$@")
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
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "Stip needs these system packages: ${missing[*]}" >&2
    echo "install them with:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
