#!/usr/bin/env bash
# Install drift into ./.venv with the given extras (default: none), on a fresh machine.
#   bash scripts/install.sh            # drift itself
#   bash scripts/install.sh test,dev   # plus what the tests and linters need
# Needs Python 3.11+. On Debian, where the venv module is a separate package (python3-venv), it
# is installed when running as root; otherwise the script says what to install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

extras="${1:-}"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
    echo "install.sh: $python not found; install Python 3.11 or newer" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "install.sh: drift needs Python 3.11 or newer ($("$python" --version 2>&1) found)" >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv >/dev/null 2>&1; then
        rm -rf .venv
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            ver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
            echo "install.sh: installing Debian's python${ver}-venv" >&2
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${ver}-venv" >/dev/null \
                || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
            "$python" -m venv .venv
        else
            echo "install.sh: '$python -m venv' failed; on Debian/Ubuntu run: sudo apt-get install python3-venv" >&2
            exit 1
        fi
    fi
fi

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ -n "$extras" ]; then
    .venv/bin/python -m pip install -q -e ".[${extras}]"
else
    .venv/bin/python -m pip install -q -e .
fi
echo "install.sh: drift installed in .venv ($(.venv/bin/drift --version))" >&2
