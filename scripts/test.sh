#!/usr/bin/env bash
# The whole test suite: install dependencies, build, check formatting, and
# run every CTest suite except the ones labelled "long" (10,000-seed runs;
# run those with: ctest --test-dir build -L long).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
bash scripts/check-format.sh
ctest --test-dir build -LE long --output-on-failure -j2 --timeout 600
