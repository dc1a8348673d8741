#!/usr/bin/env bash
# The whole test suite, as CI runs it: install dependencies, check
# formatting, then build and test each tree with its CMake test preset. With
# no arguments (what CI runs): asan, then tsan (docs/reliability.md says what
# each one builds and runs):
#   asan     AddressSanitizer + UBSan over everything (build-asan/: GUI,
#            benchmarks, every suite but long; warnings as errors)
#   tsan     ThreadSanitizer (build-tsan/, GUI off): the thread-heavy suites
#   default  the optimized build/ tree (scripts/run.sh's): every suite but long
# `scripts/test.sh default` (or any list of trees) runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
trees=("$@")
if [ "${#trees[@]}" -eq 0 ]; then trees=(asan tsan); fi
for t in "${trees[@]}"; do
  case "$t" in
    default | asan | tsan) ;;
    *)
      echo "test: unknown tree '$t' (asan, tsan, default)" >&2
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
