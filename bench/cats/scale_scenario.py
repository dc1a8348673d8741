#!/usr/bin/env python3
"""Writes a CATS topology of N simulated nodes and a churn scenario on it, for
measuring the simulator at scale (docs/performance-cats.md, "CATS simulated at
scale"):

  bench/cats/scale_scenario.py N DIR
  /usr/bin/time -v build/bin/catslab-sim --scenario DIR/scenario-N.json --seed 1

Nodes n1..nN (r = 3, 32 slices, memory store, links of 1-5 ms), n1 the
bootstrap. From 5 s, 2,000 requests (puts and gets of 50 keys) arrive on
random live nodes every 1-3 ms; n3 and n5 crash at 6 s and 7 s and restart
at 7.5 s and 8.5 s; the run ends 3 s after the last request, and checks that
every operation was answered.
"""
import json
import sys
from pathlib import Path


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 6:
        sys.exit("usage: scale_scenario.py N DIR   (N >= 6)")
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    nodes = [{"id": f"n{i}", "host": "127.0.0.1", "port": 20000 + i, "stack": "cats",
              "params": {"replication": "3", "slices": "32"}} for i in range(1, n + 1)]
    topology = f"topology-{n}.json"
    json.dump({"name": f"cats-{n}", "bootstrap": "n1", "nodes": nodes,
               "defaultLink": {"latency": {"kind": "UNIFORM", "minMs": 1, "maxMs": 5}}},
              open(out / topology, "w"))
    requests = [f"put k{i} {j}" for i in range(50) for j in (1, 2)] + \
               [f"get k{i}" for i in range(50)] * 2
    scenario = {
        "name": f"cats-{n}-churn",
        "topologyFile": topology,
        "processes": [
            {"name": "load", "startAtMs": 5000,
             "interArrivalMs": {"kind": "uniform", "min": 1, "max": 3},
             "raise": [{"count": 2000, "operation": {"op": "request", "params": [
                 {"kind": "live_node"}, {"kind": "choice", "values": requests}]}}]},
            {"name": "crash", "startAtMs": 6000,
             "interArrivalMs": {"kind": "constant", "value": 1000},
             "raise": [{"count": 2, "operation": {"op": "kill", "params": [
                 {"kind": "sequence", "values": ["n3", "n5"]}]}}]},
            {"name": "recover", "startAtMs": 7500,
             "interArrivalMs": {"kind": "constant", "value": 1000},
             "raise": [{"count": 2, "operation": {"op": "restart", "params": [
                 {"kind": "sequence", "values": ["n3", "n5"]}]}}]},
        ],
        "terminateAfterTerminationOf": "load",
        "terminateDelayMs": 3000,
        "checks": [{"name": "every operation answered", "when": "end", "quantifier": "all",
                    "key": "cats.pendingOperations", "op": "==", "value": "0"}],
    }
    json.dump(scenario, open(out / f"scenario-{n}.json", "w"), indent=1)
    print(out / f"scenario-{n}.json")


if __name__ == "__main__":
    main()
