#!/usr/bin/env bash
# Prints the rows of the checker's table in docs/performance.md: for each seed,
# the linearizable and the violating history, decided in catslab-bench-check
# (CPU time, configurations, peak RSS of the forked case) and end to end by
# catslab-check on the same history written as a CATS Lab trace (user+sys time
# and maximum RSS from /usr/bin/time -v: parsing, deciding and explaining).
#
#   bench/linearizability/table.sh BIN_DIR [FIRST_SEED] [LAST_SEED] [extra bench options]
set -euo pipefail
bin=${1:?usage: table.sh BIN_DIR [FIRST_SEED] [LAST_SEED] [options]}
first=${2:-1}
last=${3:-10}
shift $(( $# < 3 ? $# : 3 ))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| seed | history | verdict | decide (CPU) | configurations | peak RSS | catslab-check (CPU) | its max RSS | explanation |"
echo "|---|---|---|---|---|---|---|---|---|"
for seed in $(seq "$first" "$last"); do
  for case in linearizable violating; do
    line=$("$bin/catslab-bench-check" --ops 8000 --clients 20 --pending 150 --seed "$seed" \
      --case "$case" --write-trace "$tmp/h.trace" "$@")
    verdict=$(sed -E 's/.*seed [0-9]+ +(linearizable|NOT linearizable) .*/\1/' <<<"$line")
    decide=$(sed -E 's/.*decide +([0-9.]+) ms cpu.*/\1/' <<<"$line")
    configs=$(sed -E 's/.*configs +([0-9]+) .*/\1/' <<<"$line")
    rss=$(sed -E 's/.*peak RSS +([0-9.]+) MB \(history.*/\1/' <<<"$line")
    /usr/bin/time -v "$bin/catslab-check" "$tmp/h.trace" >"$tmp/out" 2>"$tmp/time" || true
    user=$(awk -F': ' '/User time/ {print $2}' "$tmp/time")
    sys=$(awk -F': ' '/System time/ {print $2}' "$tmp/time")
    maxrss=$(awk -F': ' '/Maximum resident/ {print $2}' "$tmp/time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.0f", (u + s) * 1000}')
    ops=$(grep -cE '^  [ *] client' "$tmp/out" || true)
    explained=$([[ $case == violating ]] && echo "$ops ops" || echo "—")
    printf "| %s | %s | %s | %.0f ms | %'d | %.0f MB | %s ms | %.0f MB | %s |\n" "$seed" "$case" \
      "$verdict" "$decide" "$configs" "$rss" "$cpu" "$(awk -v k="$maxrss" 'BEGIN {print k / 1024}')" \
      "$explained"
  done
done
