#!/bin/sh
# Runs `catslab-bench all` RUNS times (after one warm-up run) and prints the
# Markdown table of docs/performance.md: min / median / max of each figure.
#
#   bench/runtime/table.sh [RUNS] [PATH/TO/catslab-bench] [runtime options...]
#
# Extra arguments (e.g. --workers 1) are passed to every run.
set -eu
runs=${1:-5}
bin=${2:-build/bin/catslab-bench}
[ $# -ge 2 ] && shift 2 || shift $#
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" all "$@" >/dev/null
i=0
while [ "$i" -lt "$runs" ]; do
  "$bin" all "$@" >>"$out"
  i=$((i + 1))
done
awk -v runs="$runs" '
function field(name,   i, kv) {
  for (i = 1; i <= NF; ++i) { split($i, kv, "="); if (kv[1] == name) return kv[2] }
  return ""
}
function keep(row, value) {
  if (!(row in count)) order[++rows] = row
  values[row, ++count[row]] = value
}
{
  b = field("bench")
  if (b == "pingpong") {
    shape = "pairs " field("pairs") ", pipeline " field("pipeline")
    keep("pingpong | " shape " | msgs/s", field("msgs_per_sec"))
    keep("pingpong | " shape " | msgs per CPU-second", field("msgs_per_cpu_sec"))
    if (field("pipeline") == 1) keep("pingpong | " shape " | mean round trip (ns)", field("rtt_mean_ns"))
  } else if (b == "fanout") {
    keep("fanout | 1 event to " field("subscribers") " subscribers | deliveries/s", field("deliveries_per_sec"))
    keep("fanout | 1 event to " field("subscribers") " subscribers | deliveries per CPU-second", field("deliveries_per_cpu_sec"))
  } else if (b == "create") {
    n = field("components")
    keep("create | " n " components | create (s)", field("create_seconds"))
    keep("create | " n " components | start (s)", field("start_seconds"))
    keep("create | " n " components | destroy (s)", field("destroy_seconds"))
    keep("create | " n " components | components/s (all phases)", field("components_per_sec"))
    keep("create | " n " components | components per CPU-second", field("components_per_cpu_sec"))
  } else if (b == "memory") {
    keep("memory | " field("components") " idle components | bytes/component", field("bytes_per_component"))
  }
}
END {
  print "| benchmark | shape | figure | min | median | max |"
  print "|---|---|---|---:|---:|---:|"
  for (r = 1; r <= rows; ++r) {
    row = order[r]; n = count[row]
    for (i = 1; i <= n; ++i) v[i] = values[row, i] + 0
    for (i = 2; i <= n; ++i) { x = v[i]; j = i - 1; while (j >= 1 && v[j] > x) { v[j + 1] = v[j]; --j } v[j + 1] = x }
    med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "| %s | %s | %s | %s |\n", row, fmt(v[1]), fmt(med), fmt(v[n])
  }
}
function fmt(x) { return (x == int(x) && x >= 100) ? sprintf("%d", x) : (x >= 100 ? sprintf("%.0f", x) : sprintf("%.3f", x)) }
' "$out"
