#!/usr/bin/env bash
# Soak (docs/reliability.md, "Soak"): five real CATS nodes with LevelDB
# (synchronous writes, r = 3, linearizable) under a YCSB workload A load
# while a nemesis, one fault at a time, SIGKILLs a node and restarts it on
# its data, pauses one (SIGSTOP, then SIGCONT) or cuts one off with the
# link emulation (every link to and from it down, then up). At the end,
# with every fault healed, a read phase reads every key back; the history
# of both phases goes to catslab-check, so every acknowledged write must
# read back and the whole history be linearizable.
#
#   bench/soak/soak.sh [--minutes M] [--records N] [--threads N] [--fault-every S] [--seed N]
#                      [--out DIR] [--bin DIR]
#
# --bin: where catslab-node, catslab-ycsb and catslab-check are (default
# build/bin, the optimized tree).
#
# Prints operations done, faults injected, operations failed (and how), the
# client's failovers and connection errors, and catslab-check's verdict;
# writes everything to DIR (default bench-results/soak-<time>). A benchmark,
# not a test: it takes M minutes.
# Exit codes: 0 linearizable with every acknowledged write read back, 1 not,
# 2 bad usage or a missing program.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=5 records=500 threads=5 every=6 seed=1 bin=build/bin
out="bench-results/soak-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --records) records="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --fault-every) every="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    *) echo "soak.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for v in "$minutes" "$records" "$threads" "$every" "$seed"; do
  [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -gt 0 ] || { echo "soak.sh: '$v' is not a positive number" >&2; exit 2; }
done
ycsb="$bin/catslab-ycsb"
node="$bin/catslab-node"
check="$bin/catslab-check"
for b in "$ycsb" "$node" "$check"; do
  [ -x "$b" ] || { echo "soak.sh: $b missing: run scripts/build.sh first" >&2; exit 2; }
done
command -v redis-cli >/dev/null || { echo "soak.sh: redis-cli missing (redis-tools)" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
ids=(n1 n2 n3 n4 n5)
declare -A pid fd
cleanup() {
  local n
  for n in "${!pid[@]}"; do kill -CONT "${pid[$n]}" 2>/dev/null || true; done
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
for i in range(1, 6):
    params = {"replication": "3", "store": "leveldb", "data_dir": f"{work}/data-n{i}",
              "resp_port": str(free())}
    nodes.append({"id": f"n{i}", "host": "127.0.0.1", "port": free(), "stack": "cats", "params": params})
json.dump({"name": "soak5", "nodes": nodes, "bootstrap": "n1"}, open(f"{work}/topology.json", "w"))
print(",".join(f"127.0.0.1:{n['params']['resp_port']}" for n in nodes), file=open(f"{work}/hosts", "w"))
PY
hosts="$(cat "$work/hosts")"
IFS=, read -r -a resp <<<"$hosts"

# A node's console is a FIFO that the script holds open: the node stops
# when its input ends, and the nemesis types link commands into it.
start_node() {
  local n="$1" f
  [ -p "$work/in-$n" ] || mkfifo "$work/in-$n"
  "$node" --topology "$work/topology.json" --node "$n" <"$work/in-$n" >>"$work/out-$n" 2>>"$work/err-$n" &
  pid[$n]=$!
  exec {f}>"$work/in-$n"
  fd[$n]=$f
}
wait_ready() {
  local n="$1" before="$2"
  for _ in $(seq 600); do
    [ "$(grep -c "^ready $n " "$work/out-$n" 2>/dev/null || true)" -gt "$before" ] && return 0
    sleep 0.1
  done
  echo "soak.sh: $n did not start: $(tail -3 "$work/err-$n")" >&2
  return 1
}
for n in "${ids[@]}"; do start_node "$n"; done
for n in "${ids[@]}"; do wait_ready "$n" 0; done
for hp in "${resp[@]}"; do
  for _ in $(seq 300); do
    [ "$(redis-cli -p "${hp#*:}" SET warmup 1 2>/dev/null)" = "OK" ] && break
    sleep 0.1
  done
done

# The client waits longer than a coordinator's deadline (deadline_ms, 5 s),
# so an operation a node cannot complete comes back as UNAVAILABLE rather
# than as a client timeout.
common=(-P bench/ycsb/workloads/workloada -p "recordcount=$records" -threads "$threads"
        -p "cats.hosts=$hosts" -p cats.timeout=8000)
"$ycsb" load cats "${common[@]}" >"$out/load.txt" 2>"$out/load.err"
"$ycsb" run cats "${common[@]}" -p operationcount=1000000000 -p maxexecutiontime=$((minutes * 60)) \
  -p status.interval=10 -p "history.file=$out/history-run.txt" >"$out/run.txt" 2>"$out/run.err" &
ycsb_pid=$!

# The nemesis: one fault at a time, on a node drawn at random (seeded),
# held for 2-5 s, then healed; a pause of `every` seconds between faults.
RANDOM=$seed
declare -A faults=([kill]=0 [pause]=0 [partition]=0)
start=$SECONDS
: >"$out/nemesis.txt"
log() { printf '%4d s %s\n' $((SECONDS - start)) "$*" | tee -a "$out/nemesis.txt" >&2; }
link_all() {  # link_all NODE up|down: every link to and from NODE
  local x="$1" state="$2" y
  echo "link all $state" >&"${fd[$x]}"
  for y in "${ids[@]}"; do [ "$y" = "$x" ] || echo "link $x $state" >&"${fd[$y]}"; done
}
while kill -0 "$ycsb_pid" 2>/dev/null; do
  sleep "$every"
  kill -0 "$ycsb_pid" 2>/dev/null || break
  x=${ids[RANDOM % 5]}
  hold=$((2 + RANDOM % 4))
  case $((RANDOM % 3)) in
    0)
      log "SIGKILL $x, restart after $hold s"
      kill -KILL "${pid[$x]}"
      wait "${pid[$x]}" 2>/dev/null || true
      f=${fd[$x]}
      exec {f}>&-
      faults[kill]=$((faults[kill] + 1))
      sleep "$hold"
      before=$(grep -c "^ready $x " "$work/out-$x" || true)
      start_node "$x"
      wait_ready "$x" "$before"
      ;;
    1)
      log "SIGSTOP $x for $hold s"
      kill -STOP "${pid[$x]}"
      faults[pause]=$((faults[pause] + 1))
      sleep "$hold"
      kill -CONT "${pid[$x]}"
      ;;
    2)
      log "partition $x from the others for $hold s"
      link_all "$x" down
      faults[partition]=$((faults[partition] + 1))
      sleep "$hold"
      link_all "$x" up
      ;;
  esac
done
wait "$ycsb_pid" || true
log "load done; every fault healed"

# Read every key back, through every node: 20 reads per key at random
# leave a key unread with probability e^-20.
sleep 3
"$ycsb" run cats -P bench/ycsb/workloads/workloadc -p "recordcount=$records" -threads "$threads" \
  -p "cats.hosts=$hosts" -p cats.timeout=8000 -p "operationcount=$((records * 20))" \
  -p "history.file=$out/history-final.txt" >"$out/final.txt" 2>"$out/final.err"
cat "$out/history-run.txt" "$out/history-final.txt" >"$out/history.txt"

python3 - "$out" <<'PY' | tee "$out/summary.txt"
import re, sys
out = sys.argv[1]
def returns(path):
    r = {}
    for line in open(path):
        m = re.match(r"\[([A-Z-]+)\], Return=([A-Za-z_]+), (\d+)", line)
        if m:
            r.setdefault(m.group(1), {})[m.group(2)] = int(m.group(3))
    return r
run, final = returns(f"{out}/run.txt"), returns(f"{out}/final.txt")
total = sum(sum(v.values()) for v in run.values())
print(f"load phase: {total} operations")
for op, v in sorted(run.items()):
    print(f"  {op}: " + ", ".join(f"{k} {n}" for k, n in sorted(v.items())))
keys = set()
for line in open(f"{out}/history-final.txt"):
    m = re.match(r"\d+ :ok :read \[(\d+) ", line)
    if m:
        keys.add(int(m.group(1)))
print(f"read-back phase: " + ", ".join(f"{op} {k} {n}" for op, v in final.items() for k, n in v.items()))
print(f"keys read back: {len(keys)}")
client = {}
for line in open(f"{out}/run.txt"):
    m = re.match(r"\[CLIENT\], (\S+), (\d+)", line)
    if m:
        client[m.group(1)] = int(m.group(2))
if client:
    print("client: " + ", ".join(f"{k} {n}" for k, n in client.items()))
PY
echo "faults: ${faults[kill]} SIGKILL+restart, ${faults[pause]} SIGSTOP/SIGCONT, ${faults[partition]} partitions" |
  tee -a "$out/summary.txt"
echo "history: $(wc -l <"$out/history.txt") lines; catslab-check --initial 0:" | tee -a "$out/summary.txt"
verdict=0
"$check" --initial 0 --quiet "$out/history.txt" 2>&1 | tee -a "$out/summary.txt" || verdict=1
exit $verdict
