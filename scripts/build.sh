#!/usr/bin/env bash
# Configures (once) and builds one CMake preset with Ninja and ccache:
#   scripts/build.sh            the optimized default preset into build/
#   scripts/build.sh asan       AddressSanitizer + UBSan (everything) into build-asan/
#   scripts/build.sh tsan       ThreadSanitizer (GUI off) into build-tsan/
# Re-running only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
case "$preset" in
  default) dir=build ;;
  asan | tsan) dir="build-$preset" ;;
  *)
    echo "build: unknown preset '$preset' (default, asan, tsan)" >&2
    exit 2
    ;;
esac
# Let ccache share results between clones in different folders (CI builds a
# fresh clone): paths under the source root are hashed relative to it.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
# Qt6::Test puts the test's absolute source and build folders on every test's
# command line (for QFINDTESTDATA, which no suite uses: they find data through
# CATSLAB_SOURCE_DIR); without this, no test compiles from the cache in a
# fresh clone.
export CCACHE_IGNOREOPTIONS="-DQT_TESTCASE_BUILDDIR=* -DQT_TESTCASE_SOURCEDIR=*"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
# CATSLAB_WERROR=ON in the environment configures the tree with warnings as
# errors (the sanitizer presets set it themselves).
if [ ! -f "$dir/build.ninja" ] || [ -n "${CATSLAB_WERROR:-}" ]; then
  cmake --preset "$preset" ${CATSLAB_WERROR:+"-DCATSLAB_WERROR=$CATSLAB_WERROR"}
fi
cmake --build --preset "$preset"
