#!/usr/bin/env python3
"""One runs.csv row (same columns as the Java drivers) from a pgbench run.

usage: pgbench_row.py PATTERN CLIENTS DUR PGBENCH_OUTPUT LOGFILE...
tps and the failed count are pgbench's own; p50/p99/max come from its per-transaction log (-l),
whose 3rd column is the transaction latency in microseconds.
"""
import re, sys

pattern, clients, dur, out, logs = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5:]
text = open(out).read()
m = re.search(r"^tps = ([0-9.]+)", text, re.M)
tps = float(m.group(1)) if m else float("nan")
m = re.search(r"^number of failed transactions: (\d+)", text, re.M)
failed = int(m.group(1)) if m else 0
lat = []
for f in logs:
    with open(f) as fh:
        for line in fh:
            p = line.split()
            if len(p) >= 3 and p[2].isdigit():
                lat.append(int(p[2]))
lat.sort()


def pct(q):
    if not lat:
        return float("nan")
    import math
    return lat[max(0, min(len(lat) - 1, math.ceil(q * len(lat)) - 1))] / 1000.0


mean = sum(lat) / len(lat) / 1000.0 if lat else float("nan")
print(f"pgbench-{pattern},{clients},{dur:.1f},{len(lat)},0,{failed},{tps:.1f},{mean:.3f},{pct(0.5):.3f},{pct(0.99):.3f},{pct(0.999):.3f},{lat[-1] / 1000.0 if lat else float('nan'):.3f},")
