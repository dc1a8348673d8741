#!/usr/bin/env bash
# The whole test suite, as CI runs it: install dependencies, check
# formatting, then build and test each tree with its CMake test preset (every
# suite except the 10,000-seed "long" ones; docs/reliability.md says which
# suites run under which sanitizer). With no arguments (CI): default.
#   default  the optimized build/ tree (scripts/run.sh's)
#   asan     AddressSanitizer + UBSan (build-asan/, GUI included)
#   tsan     ThreadSanitizer (build-tsan/, GUI off): runtime, sim, net,
#            integration, cats
# `scripts/test.sh asan` (or any list of trees) runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
trees=("$@")
if [ "${#trees[@]}" -eq 0 ]; then trees=(default); fi
for t in "${trees[@]}"; do
  case "$t" in
    default | asan | tsan) ;;
    *)
      echo "test: unknown tree '$t' (default, asan, tsan)" >&2
      exit 2
      ;;
  esac
done
bash scripts/install-deps.sh
bash scripts/check-format.sh
for t in "${trees[@]}"; do
  start=$SECONDS
  bash scripts/build.sh "$t"
  built=$SECONDS
  ctest --preset "$t" --timeout 900
  echo "test: $t built in $((built - start)) s, tested in $((SECONDS - built)) s"
done
