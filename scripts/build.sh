#!/usr/bin/env bash
# Configures (once) and builds everything into build/ with Ninja and ccache.
# Re-running only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake --preset default
fi
cmake --build --preset default
