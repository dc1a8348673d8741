#!/usr/bin/env bash
# Elasticity under load (docs/performance-cats.md, "Elasticity"): a steady YCSB B
# load at half the cluster's measured capacity while CATS grows from 3 to 6
# nodes, one every STEP seconds, and shrinks back to 3 by graceful leaves.
# Writes per-second throughput and p99 (from catslab-ycsb's status line at
# status.interval=1) with the reconfigurations marked to DIR/timeline.csv
# and prints it; the YCSB report says which operations failed and how, and
# catslab-check whether the recorded history (DIR/history.txt) is linearizable.
#
#   bench/ycsb/elasticity.sh [--step S] [--records N] [--threads N] [--target OPS] [--out DIR]
#
# Nodes n1-n3 start first and take the clients; n4, n5, n6 join at STEP,
# 2 STEP, 3 STEP; n6, n5, n4 type `leave` at 4, 5, 6 STEP; the run ends at
# 7 STEP. LevelDB with synchronous writes, r = 3, linearizable.
set -euo pipefail
cd "$(dirname "$0")/../.."
step=20 records=1000 threads=8 target=""
out="bench-results/elasticity-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --step) step="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "elasticity.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
ycsb=build/bin/catslab-ycsb
node=build/bin/catslab-node
for b in "$ycsb" "$node"; do
  [ -x "$b" ] || { echo "elasticity.sh: $b missing: run scripts/build.sh first" >&2; exit 2; }
done
command -v redis-cli >/dev/null || { echo "elasticity.sh: redis-cli missing (redis-tools)" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
declare -A pid fd
cleanup() {
  local n
  for n in "${!pid[@]}"; do kill "${pid[$n]}" 2>/dev/null || true; done
  for n in "${!pid[@]}"; do wait "${pid[$n]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$work" <<'PY'
import json, socket, sys
work = sys.argv[1]
def free():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
nodes = []
for i in range(1, 7):
    params = {"replication": "3", "store": "leveldb", "data_dir": f"{work}/data-n{i}",
              "resp_port": str(free())}
    nodes.append({"id": f"n{i}", "host": "127.0.0.1", "port": free(), "stack": "cats", "params": params})
json.dump({"name": "elastic6", "nodes": nodes, "bootstrap": "n1"}, open(f"{work}/topology.json", "w"))
print(",".join(f"127.0.0.1:{n['params']['resp_port']}" for n in nodes[:3]), file=open(f"{work}/hosts", "w"))
PY
hosts="$(cat "$work/hosts")"

start_node() {
  local n="$1" f
  mkfifo "$work/in-$n"
  "$node" --topology "$work/topology.json" --node "$n" <"$work/in-$n" >"$work/out-$n" 2>"$work/err-$n" &
  pid[$n]=$!
  exec {f}>"$work/in-$n"  # a node stops when its console closes
  fd[$n]=$f
}
wait_ready() {
  for _ in $(seq 300); do grep -q "^ready $1 " "$work/out-$1" && return 0; sleep 0.1; done
  echo "elasticity.sh: $1 did not start: $(tail -3 "$work/err-$1")" >&2
  return 1
}

for n in n1 n2 n3; do start_node "$n"; done
for n in n1 n2 n3; do wait_ready "$n"; done
for hp in ${hosts//,/ }; do
  for _ in $(seq 300); do
    [ "$(redis-cli -p "${hp#*:}" SET warmup 1 2>/dev/null)" = "OK" ] && break; sleep 0.1
  done
done
sleep 2
common=(-P bench/ycsb/workloads/workloadb -p "recordcount=$records" -threads "$threads"
        -p "cats.hosts=$hosts" -p operationcount=1000000000)
"$ycsb" load cats "${common[@]}" >"$out/load.txt" 2>"$out/load.err"
if [ -z "$target" ]; then
  "$ycsb" run cats "${common[@]}" -p maxexecutiontime=10 >"$out/capacity.txt" 2>"$out/capacity.err"
  capacity="$(awk -F', ' '/^\[OVERALL\], Throughput/ {printf "%d", $3}' "$out/capacity.txt")"
  target=$((capacity / 2))
  echo "elasticity.sh: 3 nodes do $capacity ops/s of workload B unthrottled; target $target" >&2
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), target $target ops/s, step $step s" >"$out/setup.txt"

: >"$out/events.txt"
"$ycsb" run cats "${common[@]}" -target "$target" -p status.interval=1 \
  -p maxexecutiontime=$((7 * step)) -p "history.file=$out/history.txt" \
  >"$out/run.txt" 2>"$out/run.err" &
ycsb_pid=$!
now_ms() { echo $(($(date +%s%N) / 1000000)); }
start=$(now_ms)
event() {
  local t=$(($(now_ms) - start))
  printf '%d.%03d %s\n' $((t / 1000)) $((t % 1000)) "$*" | tee -a "$out/events.txt" >&2
}
at() { while [ $(($(now_ms) - start)) -lt $(($1 * 1000)) ]; do sleep 0.2; done; }
for i in 1 2 3; do
  n="n$((i + 3))"
  at $((i * step))
  start_node "$n"
  event "start $n"
done
for i in 4 5 6; do
  n="n$((10 - i))"
  at $((i * step))
  echo views >&"${fd[$n]}"  # what the node holds when it leaves: proof that it had joined
  sleep 0.5
  event "leave $n ($(grep -o 'member of [0-9]* groups ([0-9]* ready, [0-9]* joining)' "$work/out-$n" | tail -1))"
  echo leave >&"${fd[$n]}"
done
wait "$ycsb_pid"
for n in n6 n5 n4; do
  grep -m1 "^left" "$work/out-$n" | sed "s/^/$n: /" >&2 || echo "$n: had not said 'left' by the end" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/setup.txt"
python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
events = []
for line in open(f"{out}/events.txt"):
    t, what = line.split(" ", 1)
    events.append((float(t), what.strip()))
rows = []
for line in open(f"{out}/run.err"):
    m = re.search(r" (\d+) sec: (\d+) operations; ([\d.]+) current ops/sec", line)
    if not m:
        continue
    p99 = {op: int(v) for op, v in re.findall(r"\[([A-Z-]+): Count=\d+, .*?, 99=(\d+),", line)}
    sec = int(m.group(1))
    marks = "; ".join(w for t, w in events if sec - 1 < t <= sec)
    rows.append((sec, float(m.group(3)), p99.get("READ", ""), p99.get("UPDATE", ""), marks))
with open(f"{out}/timeline.csv", "w") as f:
    f.write("second,ops_per_sec,read_p99_us,update_p99_us,event\n")
    for r in rows:
        f.write(",".join(str(x) for x in r) + "\n")
print("| s | ops/s | read p99 (ms) | update p99 (ms) | event |")
print("|---|---|---|---|---|")
for sec, ops, rp, up, marks in rows:
    ms = lambda v: f"{v / 1000:.1f}" if v != "" else "-"
    print(f"| {sec} | {ops:,.0f} | {ms(rp)} | {ms(up)} | {marks} |")
PY
grep "Return=" "$out/run.txt" >&2
if [ -x build/bin/catslab-ycsb-chart ]; then
  QT_QPA_PLATFORM=offscreen build/bin/catslab-ycsb-chart elasticity "$out/timeline.csv" \
    "$out/chart.png" 2>/dev/null && echo "chart: $out/chart.png" >&2
fi
# Every operation of the run, one register per key: linearizable?
if [ -x build/bin/catslab-check ]; then
  echo "history: $(wc -l <"$out/history.txt") lines; catslab-check --initial 0:" >&2
  build/bin/catslab-check --initial 0 --quiet "$out/history.txt" >&2 || true
else
  echo "history: $out/history.txt (build catslab-check to check it)" >&2
fi
