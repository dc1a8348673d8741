#!/usr/bin/env bash
# CATS against the stores our users would otherwise pick, with catslab-ycsb:
# starts everything itself on loopback, runs YCSB workloads A, B, C and F
# against each with the same threads, record count and record size, stops
# and removes everything, prints one table (ops/s, read and write p50/p99,
# each store's durability) and writes DIR/results.csv
# (docs/performance-cats.md, "YCSB").
#
#   bench/ycsb/compare.sh [--records N] [--ops N] [--threads N] [--fieldlength N]
#                         [--stores cats,redis,etcd] [--workloads a,b,c,f]
#                         [--consistency] [--out DIR]
#
#   cats   3 catslab-node processes, r = 3, LevelDB with synchronous writes
#          (group commit), linearizable; RESP on each, threads spread over them
#   redis  one Debian redis-server with its defaults (no AOF; RDB snapshots)
#   etcd   3 Debian etcd 3.4 members (WAL fsync per commit), through the
#          v3 JSON gateway; linearizable reads
#   --consistency  also A and B on CATS with consistency=eventual, same
#          cluster shape: the price of consistency
# Needs build/bin/catslab-ycsb and catslab-node, and the servers from
# scripts/install-bench-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
records=1000 ops=5000 threads=8 fieldlength=100
stores=cats,redis,etcd workloads=a,b,c,f consistency=0
out="bench-results/ycsb-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --ops) ops="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --fieldlength) fieldlength="$2"; shift 2 ;;
    --stores) stores="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    --consistency) consistency=1; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "compare.sh: unknown option '$1' (see the comment at the top)" >&2; exit 2 ;;
  esac
done
ycsb=build/bin/catslab-ycsb
node=build/bin/catslab-node
for b in "$ycsb" "$node"; do
  [ -x "$b" ] || { echo "compare.sh: $b missing: run scripts/build.sh first" >&2; exit 2; }
done
for s in ${stores//,/ }; do
  case "$s" in
    cats) need=redis-cli ;;
    redis) need=redis-server ;;
    etcd) need=etcd ;;
    *) echo "compare.sh: unknown store '$s' (cats, redis, etcd)" >&2; exit 2 ;;
  esac
  command -v "$need" >/dev/null ||
    { echo "compare.sh: $need missing: run scripts/install-bench-deps.sh" >&2; exit 2; }
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
: >"$out/runs.txt"
: >"$out/durability.txt"
work="$(mktemp -d)"
pids=()
fds=()
stop_all() {
  local p fd
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for fd in "${fds[@]}"; do exec {fd}>&-; done
  pids=()
  fds=()
}
cleanup() {
  stop_all
  rm -rf "$work"
}
trap cleanup EXIT
# CPU time (ms, user + system) the servers have used so far: less disturbed
# by a busy machine than throughput, which counts the waits for a core too.
server_cpu_ms() {
  local p ticks=0 f
  for p in "${pids[@]}"; do
    if [ -r "/proc/$p/stat" ]; then
      read -ra f <"/proc/$p/stat"
      ticks=$((ticks + f[13] + f[14]))
    fi
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

common=(-p "recordcount=$records" -p "fieldlength=$fieldlength" -threads "$threads"
        -p hdrhistogram.percentiles=50,95,99)

# run_store LABEL DB PROPS...: load once, then each workload on the same data.
run_store() {
  local label="$1" db="$2"
  shift 2
  echo "== $label: load $records records" >&2
  "$ycsb" load "$db" -P bench/ycsb/workloads/workloada "${common[@]}" "$@" \
    >"$out/$label-load.txt" 2>"$out/$label-load.err"
  for w in ${run_workloads//,/ }; do
    echo "== $label: workload $w, $ops operations, $threads threads" >&2
    local cpu_before
    cpu_before="$(server_cpu_ms)"
    "$ycsb" run "$db" -P "bench/ycsb/workloads/workload$w" "${common[@]}" \
      -p "operationcount=$ops" "$@" >"$out/$label-$w.txt" 2>"$out/$label-$w.err"
    echo "$label $db $w $ops $(($(server_cpu_ms) - cpu_before)) $label-$w.txt" >>"$out/runs.txt"
  done
}

start_cats() {  # CONSISTENCY
  local dir="$work/cats-$1" n fd
  mkdir -p "$dir"
  python3 - "$dir" "$1" <<'PY'
import json, socket, sys
work, consistency = sys.argv[1], sys.argv[2]
def free():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
nodes = []
for i in (1, 2, 3):
    params = {"replication": "3", "store": "leveldb", "data_dir": f"{work}/data-n{i}",
              "consistency": consistency, "resp_port": str(free())}
    nodes.append({"id": f"n{i}", "host": "127.0.0.1", "port": free(), "stack": "cats", "params": params})
json.dump({"name": "ycsb3", "nodes": nodes, "bootstrap": "n1"}, open(f"{work}/topology.json", "w"))
print(",".join(f"127.0.0.1:{n['params']['resp_port']}" for n in nodes), file=open(f"{work}/hosts", "w"))
PY
  for n in n1 n2 n3; do
    mkfifo "$dir/in-$n"
    "$node" --topology "$dir/topology.json" --node "$n" <"$dir/in-$n" >"$dir/out-$n" 2>"$dir/err-$n" &
    pids+=($!)
    exec {fd}>"$dir/in-$n"  # a node stops when its console closes
    fds+=("$fd")
  done
  for n in n1 n2 n3; do
    for _ in $(seq 300); do grep -q "^ready $n " "$dir/out-$n" && break; sleep 0.1; done
  done
  cats_hosts="$(cat "$dir/hosts")"
  # Until the groups have formed a put may wait for its view; a SET to each node settles it.
  for hp in ${cats_hosts//,/ }; do
    for _ in $(seq 300); do
      [ "$(redis-cli -p "${hp#*:}" SET warmup 1 2>/dev/null)" = "OK" ] && break; sleep 0.1
    done
  done
  sleep 2  # let the three-member views settle before measuring
}

start_redis() {
  redis_port="$(free_port)"
  mkdir -p "$work/redis"
  # No config file: redis-server's built-in defaults (Debian's redis.conf is not read).
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" >"$work/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do redis-cli -p "$redis_port" PING >/dev/null 2>&1 && break; sleep 0.1; done
}

start_etcd() {
  local cluster="" endpoints="" i
  local -a client peer
  for i in 1 2 3; do
    client[$i]="$(free_port)"
    peer[$i]="$(free_port)"
    cluster+="${cluster:+,}e$i=http://127.0.0.1:${peer[$i]}"
    endpoints+="${endpoints:+,}http://127.0.0.1:${client[$i]}"
  done
  for i in 1 2 3; do
    etcd --name "e$i" --data-dir "$work/etcd-e$i" \
      --listen-client-urls "http://127.0.0.1:${client[$i]}" \
      --advertise-client-urls "http://127.0.0.1:${client[$i]}" \
      --listen-peer-urls "http://127.0.0.1:${peer[$i]}" \
      --initial-advertise-peer-urls "http://127.0.0.1:${peer[$i]}" \
      --initial-cluster "$cluster" --initial-cluster-token ycsb \
      --initial-cluster-state new >"$work/etcd-e$i.log" 2>&1 &
    pids+=($!)
  done
  etcd_endpoints="$endpoints"
  for _ in $(seq 300); do
    ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health >/dev/null 2>&1 && break
    sleep 0.2
  done
}

echo "compare.sh: records=$records operations=$ops threads=$threads fieldlength=$fieldlength" \
  "fieldcount=10 (load average: $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out/setup.txt" >&2
run_workloads="$workloads"
for s in ${stores//,/ }; do
  case "$s" in
    cats)
      start_cats linearizable
      echo "cats 3 nodes, r = 3, LevelDB with a synchronous write (fsync) per batch (group commit), linearizable get/put" >>"$out/durability.txt"
      run_store cats cats -p "cats.hosts=$cats_hosts"
      stop_all
      ;;
    redis)
      start_redis
      echo "redis 1 server, Debian redis-server 7.0 defaults: no AOF, RDB snapshots (save 3600 1 300 100 60 10000), no replica" >>"$out/durability.txt"
      run_store redis redis -p redis.host=127.0.0.1 -p "redis.port=$redis_port"
      stop_all
      ;;
    etcd)
      start_etcd
      echo "etcd 3 members, Debian etcd 3.4: WAL fsync per raft batch, linearizable reads (v3 JSON gateway)" >>"$out/durability.txt"
      run_store etcd etcd -p "etcd.endpoints=$etcd_endpoints"
      stop_all
      ;;
  esac
done
if [ "$consistency" = 1 ]; then
  run_workloads=""
  for w in ${workloads//,/ }; do
    case "$w" in a | b) run_workloads+="${run_workloads:+,}$w" ;; esac
  done
  run_workloads="${run_workloads:-a,b}"
  start_cats eventual
  echo "cats-eventual 3 nodes, r = 3, LevelDB with a synchronous write per batch, consistency=eventual (one-phase get/put)" >>"$out/durability.txt"
  run_store cats-eventual cats -p "cats.hosts=$cats_hosts"
  stop_all
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/setup.txt" >&2
python3 bench/ycsb/compare_table.py "$out" | tee "$out/table.md"
if [ -x build/bin/catslab-ycsb-chart ]; then
  QT_QPA_PLATFORM=offscreen build/bin/catslab-ycsb-chart compare "$out/results.csv" \
    "$out/chart.png" 2>/dev/null && echo "chart: $out/chart.png"
fi
