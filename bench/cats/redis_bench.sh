#!/usr/bin/env bash
# Three local catslab-node processes (cats stack, r = 3) and redis-benchmark
# against one of them through RESP (docs/performance-cats.md, "CATS through RESP").
#   bench/cats/redis_bench.sh [leveldb|memory] [requests] [clients]
# Needs build/bin/catslab-node and redis-benchmark (redis-tools).
set -euo pipefail
cd "$(dirname "$0")/../.."
store="${1:-leveldb}"
requests="${2:-100000}"
clients="${3:-32}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
python3 - "$work" "$store" <<'PY'
import json, socket, sys
work, store = sys.argv[1], sys.argv[2]
def free():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
nodes = []
for i in (1, 2, 3):
    params = {"replication": "3", "store": store, "resp_port": str(free())}
    if store == "leveldb":
        params["data_dir"] = f"{work}/data-n{i}"
    nodes.append({"id": f"n{i}", "host": "127.0.0.1", "port": free(), "stack": "cats", "params": params})
json.dump({"name": "bench3", "nodes": nodes, "bootstrap": "n1"}, open(f"{work}/topology.json", "w"))
print(nodes[0]["params"]["resp_port"], file=open(f"{work}/resp_port", "w"))
PY
for n in n1 n2 n3; do
  mkfifo "$work/in-$n"
  build/bin/catslab-node --topology "$work/topology.json" --node "$n" <"$work/in-$n" >"$work/out-$n" 2>"$work/err-$n" &
  pids+=($!)
  exec {fd}>"$work/in-$n"  # keep stdin open
done
for n in n1 n2 n3; do
  for _ in $(seq 100); do grep -q "^ready $n " "$work/out-$n" && break; sleep 0.1; done
done
port="$(cat "$work/resp_port")"
# Until the groups have formed a put may wait for its view; one SET settles it.
for _ in $(seq 100); do
  [ "$(redis-cli -p "$port" SET warmup 1 2>/dev/null)" = "OK" ] && break; sleep 0.1
done
sleep 2  # let the three-member views settle before measuring
echo "store=$store requests=$requests clients=$clients (3 nodes, r = 3, RESP on n1)"
redis-benchmark -p "$port" -t set,get -c "$clients" -n "$requests" --csv
