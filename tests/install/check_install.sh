#!/usr/bin/env bash
# The installed opticplan, as its users get it (cmake/install.cmake):
#   1. cmake --install into a temporary prefix: the files in their places, and the CLI runs from
#      there (its data: the source tree's while it exists, as here; else share/opticplan above
#      the binary, found at run time, so any prefix works);
#   2. a C++ program built with find_package(opticplan CONFIG) and another with pkg-config, both
#      run against the installed library;
#   3. the Python module imported from the prefix;
#   4. CPack's .deb: built, its metadata read, and installed by dpkg into a scratch root whose CLI runs.
#   check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(cd "$prefix" && dirname "$(find . -name 'libopticplan.so' | head -1)")
[ -x "$prefix/bin/opticplan" ] && [ -f "$prefix/share/opticplan/catalog/catalog.yaml" ] &&
  [ -f "$prefix/include/opticplan/run/run.h" ] && [ -f "$prefix/$libdir/pkgconfig/opticplan.pc" ] ||
  { echo "FAIL: installed files missing"; find "$prefix" -maxdepth 3; exit 1; }
export LD_LIBRARY_PATH="$prefix/$libdir"

# 1. the CLI, from the prefix, on a copy of the scenario outside the source tree
cp "$src/data/scenarios/default.yaml" "$work/default.yaml"
"$prefix/bin/opticplan" plan "$work/default.yaml" --json >"$work/cli.json"
grep -q '"fill_rate"' "$work/cli.json" || { echo "FAIL: installed CLI"; exit 1; }

# 2. C++: find_package and pkg-config
cmake -S "$src/tests/install/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/consumer/consumer" "$work/default.yaml" | tee "$work/cmake.out"
grep -q "^orders 8, fill rate" "$work/cmake.out" || { echo "FAIL: find_package consumer"; exit 1; }
PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" g++ -o "$work/pc-consumer" "$src/tests/install/consumer/consumer.cpp" \
  $(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags --libs opticplan)
"$work/pc-consumer" | tee "$work/pc.out"  # no path: data_dir()'s default scenario
grep -q "^orders 8, fill rate" "$work/pc.out" || { echo "FAIL: pkg-config consumer"; exit 1; }

# 3. Python, from the prefix
PYTHONPATH="$prefix/lib/python3/dist-packages" /usr/bin/python3 - "$work/default.yaml" "$prefix" <<'PY'
import sys, opticplan
assert opticplan.__file__.startswith(sys.argv[2]), opticplan.__file__
plan = opticplan.load(sys.argv[1]).plan()
assert len(plan.orders()) == 8
print("python: fill rate", plan.kpis["fill_rate"])
PY

# 4. the .deb
(cd "$build" && cpack -G DEB -B "$work/deb" >/dev/null)
deb=$(ls "$work"/deb/*.deb)
dpkg-deb --info "$deb" | grep -E "Package: opticplan|Depends:" | tee "$work/info"
grep -q "Depends:.*libc6" "$work/info" || { echo "FAIL: the .deb names no shared-library dependencies"; exit 1; }
# Installed by dpkg into a scratch root with a dpkg database of its own (its Debian dependencies
# are this machine's, so they are not asked of the empty root: --force-depends).
mkdir -p "$work/root/var/lib/dpkg/info" "$work/root/var/lib/dpkg/updates"
touch "$work/root/var/lib/dpkg/status"
dpkg --root="$work/root" --force-depends --force-script-chrootless --log=/dev/null -i "$deb" >"$work/dpkg.log" 2>&1 ||
  { echo "FAIL: dpkg -i into a scratch root"; cat "$work/dpkg.log"; exit 1; }
dpkg --root="$work/root" -s opticplan | grep -q "^Status: install ok installed" || { echo "FAIL: not installed"; exit 1; }
[ -f "$work/root/usr/share/opticplan/catalog/catalog.yaml" ] && [ -d "$work/root/usr/lib/python3/dist-packages/opticplan" ] ||
  { echo "FAIL: the .deb's files"; dpkg-deb -c "$deb" | head -20; exit 1; }
"$work/root/usr/bin/opticplan" plan "$work/default.yaml" | head -2
echo "install: prefix, find_package, pkg-config, python and .deb: 1 passed, 0 failed"
