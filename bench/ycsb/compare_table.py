#!/usr/bin/env python3
"""Reads the YCSB outputs that compare.sh leaves in a folder and prints one
table (throughput and read/write p50/p99 per store and workload, each store's
durability setting) and writes it as CSV; with eventual-mode runs present,
also the price of consistency (the throughput lost to linearizability).

  compare_table.py DIR      reads DIR/runs.txt (label store workload ops server-cpu-ms file) and
                            DIR/durability.txt (label text), writes DIR/results.csv
"""
import csv
import sys
from pathlib import Path


def parse(path):
    """YCSB text output -> {(section, metric): value}."""
    out = {}
    for line in Path(path).read_text().splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 3 and parts[0].startswith("["):
            out[(parts[0].strip("[]"), parts[1])] = parts[2]
    return out


def num(v):
    return float(v) if v is not None else None


def main():
    folder = Path(sys.argv[1])
    durability = {}
    for line in (folder / "durability.txt").read_text().splitlines():
        label, _, text = line.partition(" ")
        durability[label] = text
    rows = []
    for line in (folder / "runs.txt").read_text().splitlines():
        label, store, workload, ops, cpu_ms, file = line.split(" ", 5)
        r = parse(folder / file)
        write_op = "READ-MODIFY-WRITE" if workload == "f" else "UPDATE"
        errors = sum(int(v) for (sec, metric), v in r.items()
                     if metric.startswith("Return=") and metric != "Return=OK")
        rows.append({
            "label": label, "store": store, "workload": workload.upper(),
            "durability": durability.get(label, ""),
            "ops_per_sec": num(r.get(("OVERALL", "Throughput(ops/sec)"))),
            "read_p50_us": num(r.get(("READ", "50thPercentileLatency(us)"))),
            "read_p99_us": num(r.get(("READ", "99thPercentileLatency(us)"))),
            "write_p50_us": num(r.get((write_op, "50thPercentileLatency(us)"))),
            "write_p99_us": num(r.get((write_op, "99thPercentileLatency(us)"))),
            "server_cpu_us_per_op": 1000 * float(cpu_ms) / float(ops),
            "errors": errors,
        })
    with open(folder / "results.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)

    def ms(v):
        return "-" if v is None else f"{v / 1000:.2f}"

    print("| store | workload | ops/s | read p50 / p99 (ms) | write p50 / p99 (ms) "
          "| server CPU per op (µs) | errors |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['label']} | {r['workload']} | {r['ops_per_sec']:,.0f} | "
              f"{ms(r['read_p50_us'])} / {ms(r['read_p99_us'])} | "
              f"{ms(r['write_p50_us'])} / {ms(r['write_p99_us'])} | "
              f"{r['server_cpu_us_per_op']:,.0f} | {r['errors']} |")
    print()
    print("| store | durability |")
    print("|---|---|")
    for label in dict.fromkeys(r["label"] for r in rows):
        print(f"| {label} | {durability.get(label, '')} |")

    lin = {r["workload"]: r for r in rows if r["label"] == "cats"}
    eventual = {r["workload"]: r for r in rows if r["label"] == "cats-eventual"}
    if eventual:
        published = {"A": "25 %", "B": "5 %"}
        print()
        print("| workload | linearizable ops/s | eventual ops/s | throughput overhead "
              "| CPU per op lin. / ev. (µs) | CPU overhead | published (CATS, 2013) |")
        print("|---|---|---|---|---|---|---|")
        for wl, e in eventual.items():
            if wl in lin and e["ops_per_sec"]:
                l = lin[wl]
                over = 100 * (1 - l["ops_per_sec"] / e["ops_per_sec"])
                cpu_over = 100 * (l["server_cpu_us_per_op"] / e["server_cpu_us_per_op"] - 1)
                print(f"| {wl} | {l['ops_per_sec']:,.0f} | {e['ops_per_sec']:,.0f} | {over:.0f} % | "
                      f"{l['server_cpu_us_per_op']:,.0f} / {e['server_cpu_us_per_op']:,.0f} | "
                      f"{cpu_over:.0f} % | {published.get(wl, '-')} |")
    print(f"\nCSV: {folder / 'results.csv'}")


if __name__ == "__main__":
    main()
