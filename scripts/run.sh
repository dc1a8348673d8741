#!/usr/bin/env bash
# The main job: install dependencies, build, and open CATS Lab on a bundled
# example topology. With no display it falls back to the offscreen platform
# and writes a screenshot instead. Extra arguments go to catslab.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -x build/bin/catslab ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ $# -eq 0 ]; then
    echo "run: no display; rendering the window to catslab-screenshot.png instead"
    QT_QPA_PLATFORM=offscreen exec build/bin/catslab --screenshot catslab-screenshot.png
  fi
  exec build/bin/catslab "$@"
fi
exec build/bin/catslab-demo "$@"
