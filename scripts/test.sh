#!/usr/bin/env bash
# The whole test suite, as CI runs it: install dependencies, check
# formatting, then build and test each tree with its CMake test preset. With
# no arguments (CI): default only (docs/reliability.md says why the sanitizer
# trees are not in CI yet and what each one runs):
#   default    the optimized build/ tree (scripts/run.sh's): every suite but long
#   asan       AddressSanitizer + UBSan (build-asan/, GUI off, warnings as errors)
#   tsan       ThreadSanitizer (build-tsan/, GUI off)
#   asan-full  ASan + UBSan over the GUI and every suite (build-asan-full/)
# `scripts/test.sh asan` (or any list of trees) runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
trees=("$@")
if [ "${#trees[@]}" -eq 0 ]; then trees=(default); fi
for t in "${trees[@]}"; do
  case "$t" in
    default | asan | asan-full | tsan) ;;
    *)
      echo "test: unknown tree '$t' (default, asan, asan-full, tsan)" >&2
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
