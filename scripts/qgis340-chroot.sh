#!/usr/bin/env bash
# The plugin's QGIS tests on QGIS 3.40 (Debian 13 "trixie"), from a Debian 12 machine.
#
# Builds (once) a Debian 13 chroot with debootstrap, installs Debian's qgis, python3-qgis,
# pytest and Xvfb in it, makes the engine's environment there with pip, and runs
# tests/integration with QGIS 3.40's Python, the way `make test-qgis` runs them on 3.22.
# Re-running reuses the chroot, its packages and its engine environment.
#
#   scripts/qgis340-chroot.sh [venv|system|all] [pytest arguments...]
#
#   venv    the engine in a pip environment inside the chroot (BOUWSTROOM_ENGINE_PYTHON)
#   system  the engine in Debian 13's own Python (python3-geopandas, python3-shapely, ...),
#           the path the plugin takes when QGIS's Python has the stack
#   all     both, one after the other (the default)
#
# Needs root (debootstrap, chroot, mounts) and the Debian archive; the first run downloads
# about 700 MB of packages and wheels. The checkout and the shared test data are mounted
# read-only in the chroot, so no test run can write into either. Settings:
#   BOUWSTROOM_CHROOT       where the chroot lives (default /work/chroots/trixie)
#   BOUWSTROOM_SHARED_DATA  the real test data (default ../shared/data beside the checkout)
#   BOUWSTROOM_PLUGIN_ZIP   the plugin zip to test (default: built with `make package`)
#   DEBIAN_MIRROR           the archive (default http://deb.debian.org/debian)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
CHROOT=${BOUWSTROOM_CHROOT:-/work/chroots/trixie}
SHARED_DATA=$(cd "${BOUWSTROOM_SHARED_DATA:-$ROOT/../shared/data}" && pwd -P)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=trixie
ENGINE_ENV=/opt/bouwstroom-engine # inside the chroot
MODE=${1:-all}
[ $# -gt 0 ] && shift
PYTEST_ARGS=("$@")
[ ${#PYTEST_ARGS[@]} -gt 0 ] || PYTEST_ARGS=(tests/integration)

# What QGIS's tests need, and the Debian 13 geo stack for the "QGIS's own Python" path.
QGIS_PACKAGES=(qgis python3-qgis python3-pytest xvfb xauth python3-venv)
STACK_PACKAGES=(python3-geopandas python3-shapely python3-pyogrio python3-pyproj
    python3-pandas python3-numpy python3-openpyxl python3-matplotlib)

case $MODE in venv | system | all) ;; *)
    echo "usage: $0 [venv|system|all] [pytest arguments...]" >&2
    exit 2
    ;;
esac
if [ "$(id -u)" != 0 ]; then
    echo "$0 builds and enters a chroot: run it as root (sudo $0)." >&2
    exit 1
fi

step() { # step NAME COMMAND...: runs a command and says how long it took
    local name=$1 start=$SECONDS rc=0
    shift
    echo "== $name"
    # A subshell outside any `||`, so that `set -e` stops the step at its first failure.
    set +e
    ("$@")
    rc=$?
    set -e
    echo "== $name: $((SECONDS - start)) s$( ((rc == 0)) || echo ", failed ($rc)")"
    return $rc
}

in_chroot() {
    chroot "$CHROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive "$@"
}

bootstrap() {
    command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }
    mkdir -p "$CHROOT"
    debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$CHROOT" "$MIRROR"
    # No service starts inside the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
    chmod +x "$CHROOT/usr/sbin/policy-rc.d"
    touch "$CHROOT/.bouwstroom-base"
}

MOUNTED=()
bind() { # bind SOURCE TARGET [ro]
    local target=$CHROOT$2
    mkdir -p "$target"
    mountpoint -q "$target" && return 0
    mount --bind "$1" "$target"
    MOUNTED=("$target" "${MOUNTED[@]}")
    if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$target"; fi
}
unmount_all() {
    local target
    for target in "${MOUNTED[@]}"; do umount "$target" || umount -l "$target"; done
}
mount_all() {
    trap unmount_all EXIT
    if ! mountpoint -q "$CHROOT/proc"; then
        mount -t proc proc "$CHROOT/proc" && MOUNTED=("$CHROOT/proc" "${MOUNTED[@]}")
    fi
    if ! mountpoint -q "$CHROOT/sys"; then
        mount -t sysfs sysfs "$CHROOT/sys" && MOUNTED=("$CHROOT/sys" "${MOUNTED[@]}")
    fi
    bind /dev /dev
    bind /dev/pts /dev/pts
    bind "$ROOT" "$ROOT" ro
    bind "$SHARED_DATA" "$SHARED_DATA" ro
    cp -L /etc/resolv.conf "$CHROOT/etc/resolv.conf" # pip reaches PyPI by name
    # The machine's own certificate authorities (a company proxy's, say), so that pip in
    # the chroot trusts what pip on the machine trusts.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$CHROOT/usr/local/share/ca-certificates/"
        in_chroot update-ca-certificates >/dev/null
    fi
}

install_packages() {
    in_chroot apt-get update -qq
    in_chroot apt-get install -y -qq "${QGIS_PACKAGES[@]}" "${STACK_PACKAGES[@]}" >/dev/null
    printf '%s\n' "${QGIS_PACKAGES[@]}" "${STACK_PACKAGES[@]}" >"$CHROOT/.bouwstroom-packages"
}

# The engine's requirements with every optional extra the tests exercise: pyproject.toml's
# dependencies plus the fast, charts, report and solver extras (the tools of `dev` excluded).
engine_requirements() {
    in_chroot python3 -c '
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
extras = project["optional-dependencies"]
wanted = project["dependencies"] + [r for e in ("fast", "charts", "report", "solver") for r in extras[e]]
print("\n".join(dict.fromkeys(r.split("#")[0].strip() for r in wanted)))
' "$ROOT/pyproject.toml"
}

make_engine_env() {
    in_chroot rm -rf "$ENGINE_ENV"
    in_chroot python3 -m venv "$ENGINE_ENV"
    in_chroot "$ENGINE_ENV/bin/python" -m pip install -q --upgrade pip
    # shellcheck disable=SC2046  # one requirement a word
    in_chroot "$ENGINE_ENV/bin/python" -m pip install -q $(engine_requirements)
    engine_requirements >"$CHROOT$ENGINE_ENV/.bouwstroom-requirements"
}

versions() {
    in_chroot python3 -c '
import sys
from qgis.core import Qgis
from qgis.PyQt.QtCore import QT_VERSION_STR, PYQT_VERSION_STR
from osgeo import gdal
print(f"QGIS {Qgis.version()}, Qt {QT_VERSION_STR}, PyQt {PYQT_VERSION_STR}, "
      f"Python {sys.version.split()[0]}, GDAL {gdal.__version__}, GEOS {Qgis.geosVersion()}")
'
    local python
    for python in "$ENGINE_ENV/bin/python" /usr/bin/python3; do
        in_chroot "$python" -c '
import sys, geopandas, numpy, pandas, pyogrio, pyproj, shapely
print(f"engine {sys.executable}: Python {sys.version.split()[0]}, numpy {numpy.__version__}, "
      f"pandas {pandas.__version__}, geopandas {geopandas.__version__}, "
      f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), "
      f"pyogrio {pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__}), "
      f"pyproj {pyproj.__version__}")
'
    done
}

run_tests() { # run_tests ENGINE_PYTHON
    # Bytecode and pytest's cache would be written into the (read-only) checkout.
    in_chroot BOUWSTROOM_ENGINE_PYTHON="$1" BOUWSTROOM_PLUGIN_ZIP="$ZIP" \
        BOUWSTROOM_SHARED_DATA="$SHARED_DATA" PYTHONDONTWRITEBYTECODE=1 \
        /bin/sh -c 'cd "$0" && exec python3 -m pytest -q -p no:cacheprovider "$@"' \
        "$ROOT" "${PYTEST_ARGS[@]}"
}

[ -e "$CHROOT/.bouwstroom-base" ] || step "debootstrap $SUITE into $CHROOT" bootstrap
mount_all
wanted_packages=$(printf '%s\n' "${QGIS_PACKAGES[@]}" "${STACK_PACKAGES[@]}")
if [ "$(cat "$CHROOT/.bouwstroom-packages" 2>/dev/null)" != "$wanted_packages" ]; then
    step "apt-get install ${QGIS_PACKAGES[*]} ${STACK_PACKAGES[*]}" install_packages
fi
if [ "$(cat "$CHROOT$ENGINE_ENV/.bouwstroom-requirements" 2>/dev/null)" != "$(engine_requirements)" ]; then
    step "engine environment $ENGINE_ENV (pip)" make_engine_env
fi
versions

if [ -n "${BOUWSTROOM_PLUGIN_ZIP:-}" ]; then
    ZIP=$(realpath "$BOUWSTROOM_PLUGIN_ZIP")
else
    make -s -C "$ROOT" package >/dev/null
    ZIP=$(ls -t "$ROOT"/dist/bouwstroom_qgis-*.zip | head -n 1)
fi
case $ZIP in "$ROOT"/*) ;; *)
    echo "the plugin zip must be inside the checkout ($ROOT), which the chroot sees: $ZIP" >&2
    exit 1
    ;;
esac

status=0
if [ "$MODE" != system ]; then
    step "tests, engine in $ENGINE_ENV" run_tests "$ENGINE_ENV/bin/python" || status=1
fi
if [ "$MODE" != venv ]; then
    own=$(in_chroot python3 -c 'import sys; print(f"/usr/bin/python{sys.version_info[0]}.{sys.version_info[1]}")')
    step "tests, engine in QGIS's own Python $own" run_tests "$own" || status=1
fi
exit $status
