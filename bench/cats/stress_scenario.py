#!/usr/bin/env python3
"""Writes the CATS churn scenario with a put/get load from many clients, for
the stress profile (docs/performance-cats.md, "CATS in the stress profile"):

  bench/cats/stress_scenario.py [--broken VARIANT] [--loss P] DIR [CLIENTS] [OPS_PER_CLIENT]
  build/bin/catslab-sim --profile stress --workers 16 --scenario DIR/stress-churn.json \\
      --trace DIR/run.trace

The six nodes of resources/examples/cats/topology.json (r = 3). From 2 s,
CLIENTS (default 8) clients each send OPS_PER_CLIENT (default 1000) requests,
one every 2-8 ms, to a random live node: puts of distinct values and gets over
20 keys. Meanwhile n3 and n5 crash and restart with their durable state and
n6 leaves. At 20 s every key is read once more on n1, so a lost acknowledged
write makes the history non-linearizable. The run ends 5 s later and checks
that every operation was answered. --broken sets a deliberately broken CATS
variant (cats/core/config.h, e.g. get-without-impose) on every node, to see
that the checker notices; --loss makes every link lose that fraction of its
messages (each direction) for the whole run.
"""
import json
import sys
from pathlib import Path

KEYS = 20


def main():
    args = sys.argv[1:]
    usage = "usage: stress_scenario.py [--broken VARIANT] [--loss P] DIR [CLIENTS] [OPS_PER_CLIENT]"
    broken, loss = None, 0.0
    while len(args) >= 2 and args[0] in ("--broken", "--loss"):
        if args[0] == "--broken":
            broken = args[1]
        else:
            try:
                loss = float(args[1])
            except ValueError:
                sys.exit(usage)
            if not 0 <= loss < 1:
                sys.exit("stress_scenario.py: --loss must be in [0, 1)")
        args = args[2:]
    if not 1 <= len(args) <= 3 or not all(a.isdigit() and int(a) > 0 for a in args[1:]):
        sys.exit(usage)
    out = Path(args[0])
    clients = int(args[1]) if len(args) > 1 else 8
    ops = int(args[2]) if len(args) > 2 else 1000
    out.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parent
    topology = json.load(open(here / "../../resources/examples/cats/topology.json"))
    for node in topology["nodes"]:
        node.pop("script", None)  # only the clients below send requests
        if broken:
            node.setdefault("params", {})["broken"] = broken
    if loss > 0:
        topology["defaultLink"]["loss"] = loss
    json.dump(topology, open(out / "topology.json", "w"), indent=1)

    def client(c):
        # Each client writes its own values (c<client>-<n>), so every
        # acknowledged write is distinguishable when read back.
        puts = [f"put k{k} c{c}-{n}" for k in range(KEYS) for n in range(5)]
        gets = [f"get k{k}" for k in range(KEYS)] * 5
        return {"name": f"client{c}", "startAtMs": 2000,
                "interArrivalMs": {"kind": "uniform", "min": 2, "max": 8},
                "raise": [{"count": ops, "operation": {"op": "request", "params": [
                    {"kind": "live_node"}, {"kind": "choice", "values": puts + gets}]}}]}

    processes = [client(c) for c in range(1, clients + 1)]
    processes += [
        {"name": "crash", "startAtMs": 3000, "interArrivalMs": {"kind": "constant", "value": 3000},
         "raise": [{"count": 2, "operation": {"op": "kill", "params": [
             {"kind": "sequence", "values": ["n3", "n5"]}]}}]},
        {"name": "recover", "startAtMs": 4500, "interArrivalMs": {"kind": "constant", "value": 3000},
         "raise": [{"count": 2, "operation": {"op": "restart", "params": [
             {"kind": "sequence", "values": ["n3", "n5"]}]}}]},
        {"name": "leave", "startAtMs": 10000, "interArrivalMs": {"kind": "constant", "value": 1},
         "raise": [{"count": 1, "operation": {"op": "request", "params": [
             {"text": "n6"}, {"text": "leave"}]}}]},
        {"name": "final reads", "startAtMs": 20000,
         "interArrivalMs": {"kind": "constant", "value": 5},
         "raise": [{"count": KEYS, "operation": {"op": "request", "params": [
             {"text": "n1"}, {"kind": "sequence", "values": [f"get k{k}" for k in range(KEYS)]}]}}]},
    ]
    scenario = {
        "name": "cats-stress-churn",
        "description": f"{clients} clients x {ops} puts/gets over {KEYS} keys while n3 and n5 "
                       "crash and restart and n6 leaves; every key read back at the end.",
        "topologyFile": "topology.json",
        "processes": processes,
        "terminateAfterTerminationOf": "final reads",
        "terminateDelayMs": 5000,
        "checks": [{"name": "every operation answered", "when": "end", "quantifier": "all",
                    "key": "cats.pendingOperations", "op": "==", "value": "0"}],
    }
    path = out / "stress-churn.json"
    json.dump(scenario, open(path, "w"), indent=1)
    print(path)


if __name__ == "__main__":
    main()
