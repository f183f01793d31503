#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: python3-venv for the
# engine's environment, and QGIS with its Python, pytest and Xvfb for the plugin's tests.
# As root it installs them; otherwise through sudo, or it says the command to run.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
/usr/bin/python3 -c "import venv, ensurepip" 2>/dev/null || missing+=(python3-venv)
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || missing+=(qgis python3-qgis)
command -v qgis_process.bin >/dev/null || command -v qgis_process >/dev/null || missing+=(qgis)
/usr/bin/python3 -c "import pytest" 2>/dev/null || missing+=(python3-pytest)
command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
((${#missing[@]})) || exit 0

packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
echo "installing Debian packages: $packages"
if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    apt-get install -y -qq $packages >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null
else
    echo "The tests need these Debian packages: run 'sudo apt-get install $packages' and try again."
    exit 1
fi
