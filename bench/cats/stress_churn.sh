#!/usr/bin/env bash
# The CATS churn scenario with many clients in the stress profile (real time,
# the work-stealing pool, the emulated network), then its history decided and
# measured by catslab-check (docs/performance-cats.md, "CATS in the stress
# profile"):
#   bench/cats/stress_churn.sh [--workers N] [--clients C] [--ops N] [--runs R]
#                              [--loss P] [--broken VARIANT] [--keep DIR]
# Prints one line per run: workers, clients, the simulator's events/s, ok
# operations/s, latency p50/p99, and the checker's verdict. Exit 1 if any run
# failed its checks or was not linearizable. Uses build/bin (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
workers=16 clients=8 ops=1000 runs=1 loss=0 broken="" keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --workers | --clients | --ops | --runs | --loss | --broken | --keep)
      [ $# -ge 2 ] || { echo "stress_churn: $1 needs a value" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2
      ;;
    *)
      echo "stress_churn: unknown argument '$1'" >&2
      exit 2
      ;;
  esac
done
for v in workers clients ops runs; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "stress_churn: --$v needs a positive number" >&2; exit 2; }
done
for b in catslab-sim catslab-check; do
  [ -x "build/bin/$b" ] || { echo "stress_churn: build/bin/$b missing (bash scripts/build.sh)" >&2; exit 2; }
done
dir="${keep:-$(mktemp -d)}"
[ -n "$keep" ] || trap 'rm -rf "$dir"' EXIT
python3 bench/cats/stress_scenario.py ${broken:+--broken "$broken"} --loss "$loss" \
  "$dir" "$clients" "$ops" >/dev/null
status=0
for r in $(seq 1 "$runs"); do
  set +e
  sim=$(build/bin/catslab-sim --profile stress --workers "$workers" \
    --scenario "$dir/stress-churn.json" --trace "$dir/run-$r.trace" 2>&1)
  simStatus=$?
  set -e
  if [ "$simStatus" -gt 1 ]; then  # 1: a check failed; anything else: it did not run
    echo "run $r: catslab-sim exited $simStatus:" >&2
    tail -5 <<<"$sim" >&2
    status=1
    continue
  fi
  [ "$simStatus" -eq 0 ] || status=1
  sim=$(tail -1 <<<"$sim")
  set +e
  check=$(build/bin/catslab-check --stats --no-explain "$dir/run-$r.trace" 2>&1)
  verdict=$?
  set -e
  [ "$verdict" -eq 0 ] || status=1
  events=$(grep -o '[0-9]* events/s' <<<"$sim" | head -1 || true)
  checks=$(grep -o 'checks [0-9]*/[0-9]* passed' <<<"$sim" || echo "checks FAILED: $sim")
  opsline=$(grep '^operations:' <<<"$check" || true)
  rate=$(grep -o '[0-9.]* ok operations/s' <<<"$check" || echo "? ok operations/s")
  lat="$(grep -o 'p50 [0-9.]* ms' <<<"$check" || true), $(grep -o 'p99 [0-9.]* ms' <<<"$check" || true)"
  case $verdict in 0) v=linearizable ;; 1) v="NOT LINEARIZABLE" ;; 3) v=undecided ;; *) v="check error" ;; esac
  echo "run $r: $workers workers, $clients clients, loss $loss${broken:+, broken=$broken}: $events, $rate, latency $lat, $checks, $v"
  echo "  $opsline"
done
exit $status
