#!/usr/bin/env bash
# Configures (once) and builds everything into build/ with Ninja and ccache.
# Re-running only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Let ccache share results between clones in different folders (CI builds a
# fresh clone): paths under the source root are hashed relative to it.
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
if [ ! -f build/build.ninja ]; then
  cmake --preset default
fi
cmake --build --preset default
