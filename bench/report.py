#!/usr/bin/env python3
"""bench/results/<date>/report.md from runs.csv (written by bench/run.sh). Prints the report too."""
import csv, os, sys

out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "runs.csv"))))
settings = open(os.path.join(out, "settings.txt")).read().strip() if os.path.exists(os.path.join(out, "settings.txt")) else ""


def tps_of(r):
    try:
        return float(r["tps"])
    except ValueError:
        return -1.0


def matching(kind, scenario, clients, section):
    return [r for r in rows if r["kind"] == kind and r["scenario"] == f"{kind}-{scenario}" and int(r["clients"]) == clients
            and (section is None or r["section"] == section)]


def find(kind, scenario, clients, section=None):
    """The run with the median tps among the repetitions (the lower middle one for an even count)."""
    runs = sorted(matching(kind, scenario, clients, section), key=tps_of)
    return runs[(len(runs) - 1) // 2] if runs else None


def reps(kind, scenario, clients, section=None):
    runs = matching(kind, scenario, clients, section)
    return "" if len(runs) < 2 else " (runs: " + ", ".join(f"{tps_of(r):,.0f}" for r in runs) + ")"


def f(r, k, fmt="{:,.0f}"):
    if r is None or r.get(k) in (None, "", "nan", "NaN"):
        return "n/a"
    return fmt.format(float(r[k]))


def ratio(a, b):
    if a is None or b is None:
        return None
    try:
        return float(a["tps"]) / float(b["tps"])
    except (ValueError, ZeroDivisionError):
        return None


def rs(x):
    return "n/a" if x is None else f"{x:.2f}"


def lat(r):
    return "n/a" if r is None else f"{f(r, 'p50_ms', '{:.2f}')} / {f(r, 'p99_ms', '{:.2f}')}"


def bad(r):
    if r is None:
        return ""
    n, e = int(r["non2xx"] or 0), int(r["errors"] or 0)
    return "" if n == 0 and e == 0 else f" ⚠ non-2xx {n} ({r['statuses']}), errors {e}"


def clients_of(section):
    return sorted({int(r["clients"]) for r in rows if r["section"] == section})


def cpu_lines(section, pairs):
    out = []
    for c in clients_of(section):
        for k, s in pairs:
            for r in rows:
                if r["kind"] == k and r["scenario"] == f"{k}-{s}" and int(r["clients"]) == c:
                    out.append(f"- c={c} {k} {s} (run {r['rep']}): {r['cpu']}")
    return out


targets = []


def target(name, value, ok, need):
    if value is None:
        targets.append((name, "not measured", need, "NOT RUN"))
    else:
        targets.append((name, value, need, "PASS" if ok else "MISS"))


L = ["# Lockstep vs PostgreSQL's physical limit (pgbench) — one run, one machine", "",
     "Produced by `bench/run.sh`. Every service figure sits next to the pgbench run of the SQL pattern it "
     "issues, measured minutes apart in the same run on the same PostgreSQL cluster. tps = successful "
     "requests (2xx) or transactions per second over the measured window; latencies in ms (nearest-rank "
     "percentiles of every request; pgbench's from its per-transaction log). `cpu` = share of ALL cores "
     "during the window (server = the Lockstep JVM, driver = the load generator JVM, postgres = every "
     "postgres process, other = anything else on the box).", "", "```", settings, "```", ""]

# (a) gated creates
cs = clients_of("create")
if cs:
    L += ["## (a) Gated creates — `POST /v1/tenants/{t}/feedback-records` vs pattern B_gated_insert", "",
          "HTTP: random tenant of `tenant-1..100`, body `{\"payload\":{}}`. Adapter: `PostgresFeedbackRecordStore`'s "
          "gated create called through its port from C threads (pool of C connections), no HTTP.", "",
          "| clients | pgbench B tps | HTTP tps | HTTP / B | adapter tps | adapter / B | p50 / p99 ms: B · HTTP · adapter |", "|---|---|---|---|---|---|---|"]
    for c in cs:
        b, h, a = find("pgbench", "B_gated_insert", c), find("http", "create-record", c), find("adapter", "create-record", c)
        L.append(f"| {c} | {f(b, 'tps')}{reps('pgbench', 'B_gated_insert', c)} | {f(h, 'tps')}{reps('http', 'create-record', c)}{bad(h)} | {rs(ratio(h, b))} | {f(a, 'tps')}{reps('adapter', 'create-record', c)}{bad(a)} | {rs(ratio(a, b))} | {lat(b)} · {lat(h)} · {lat(a)} |")
    L += ["", "cpu split:", ""] + cpu_lines("create", (("pgbench", "B_gated_insert"), ("http", "create-record"), ("adapter", "create-record"))) + [""]
    b16, h16, a16 = find("pgbench", "B_gated_insert", 16), find("http", "create-record", 16), find("adapter", "create-record", 16)
    x = ratio(h16, b16); target("(a) HTTP creates ≥ 0.6 × B at 16", None if x is None else f"{x:.2f} × B", x is not None and x >= 0.6, "≥ 0.60")
    for c in cs:
        x = ratio(find("adapter", "create-record", c), find("pgbench", "B_gated_insert", c))
        target(f"(a) adapter alone ≥ 0.9 × B at {c}", None if x is None else f"{x:.2f} × B", x is not None and x >= 0.9, "≥ 0.90")

# (b) identity GET
cs = clients_of("get")
if cs:
    L += ["## (b) Identity `GET /v1/tenants/{t}/identities/{externalId}` vs E_lookup_or / E_lookup_union", "",
          "Service: identities loaded with SQL over 1,000 tenants (1–3 ratelimits each, 10k soft-deleted twins), "
          "GET by a uniformly random externalId; an answer that does not carry the asked externalId counts as an error (status 600). "
          "pgbench E: 50 % by id, 50 % by external_id on the reference schema.", "",
          "| clients | run | tps | mean ms | p50 ms | p99 ms | p99.9 ms | max ms | HTTP tps / this | cpu |", "|---|---|---|---|---|---|---|---|---|---|"]
    for c in cs:
        h = find("http", "get-identity", c)
        for k, s in (("pgbench", "E_lookup_or"), ("pgbench", "E_lookup_union"), ("http", "get-identity")):
            r = find(k, s, c)
            if r is None: continue
            L.append(f"| {c} | {k} {s} | {f(r, 'tps')}{reps(k, s, c)}{bad(r)} | {f(r, 'mean_ms', '{:.2f}')} | {f(r, 'p50_ms', '{:.2f}')} | {f(r, 'p99_ms', '{:.2f}')} | {f(r, 'p999_ms', '{:.2f}')} | {f(r, 'max_ms', '{:.1f}')} | {rs(ratio(h, r)) if k == 'pgbench' else ''} | {r['cpu']} |")
    L.append("")
    h16 = find("http", "get-identity", 16)
    p99 = None if h16 is None or h16["p99_ms"] in ("", "NaN", "nan") else float(h16["p99_ms"])
    ok = p99 is not None and p99 < 5 and int(h16["non2xx"]) == 0 and int(h16["errors"]) == 0
    target("(b) identity GET p99 < 5 ms at 16", None if p99 is None else f"p99 {p99:.2f} ms ({f(h16, 'tps')} req/s)", ok, "< 5 ms")

# (c) PATCH env on one hot stack
cs = clients_of("patch")
if cs:
    L += ["## (c) `PATCH /v1/tenants/{t}/stacks/{slug}/env` on ONE hot stack vs D_hot_merge", "",
          "One key `k1..k500` = \"v\" per request (the same 500-key space as D); a fresh stack per run, as the pgbench row is reset per run.", "",
          "| clients | pgbench D(hot) tps | HTTP tps | HTTP / D | p50 / p99 ms: D · HTTP | cpu: D · HTTP |", "|---|---|---|---|---|---|"]
    for c in cs:
        d, h = find("pgbench", "D_hot_merge", c), find("http", "patch-env", c, "patch")
        L.append(f"| {c} | {f(d, 'tps')}{reps('pgbench', 'D_hot_merge', c)} | {f(h, 'tps')}{reps('http', 'patch-env', c, 'patch')}{bad(h)} | {rs(ratio(h, d))} | {lat(d)} · {lat(h)} | {d['cpu'] if d else ''} · {h['cpu'] if h else ''} |")
    L.append("")
    x = ratio(find("http", "patch-env", 16, "patch"), find("pgbench", "D_hot_merge", 16))
    target("(c) hot-stack PATCH ≥ 0.8 × D(hot) at 16", None if x is None else f"{x:.2f} × D", x is not None and x >= 0.8, "≥ 0.80")

# (d) extra: PATCH spread over 1,000 stacks of one tenant
cs = clients_of("spread")
if cs:
    L += ["## (extra, no target) PATCH env spread over 1,000 stacks of ONE tenant vs D_spread_merge", "",
          "Random stack of `stack-1..1000` in tenant `bench-spread`, one key `k1..k500` per request; D_spread: the same over 1,000 rows, no tenant.", "",
          "| clients | pgbench D(spread) tps | HTTP tps | HTTP / D(spread) | p50 / p99 ms: D · HTTP | cpu: D · HTTP |", "|---|---|---|---|---|---|"]
    for c in cs:
        d, h = find("pgbench", "D_spread_merge", c), find("http", "patch-env", c, "spread")
        L.append(f"| {c} | {f(d, 'tps')}{reps('pgbench', 'D_spread_merge', c)} | {f(h, 'tps')}{reps('http', 'patch-env', c, 'spread')}{bad(h)} | {rs(ratio(h, d))} | {lat(d)} · {lat(h)} | {d['cpu'] if d else ''} · {h['cpu'] if h else ''} |")
    L.append("")

L += ["## Targets", "", "| target | measured | needed | result |", "|---|---|---|---|"]
L += [f"| {n} | {v} | {need} | **{res}** |" for n, v, need, res in targets]
import re
noisy = []
for r in rows:
    m = re.search(r"other=(\d+)%", r.get("cpu") or "")
    if m and int(m.group(1)) > 10:
        noisy.append(f"{r['scenario']} c={r['clients']} run {r['rep']} (other={m.group(1)}%)")
L += ["", "Noise: " + ("runs during which processes outside the benchmark used more than 10 % of the machine — "
                      "their figures are depressed by an unknown amount: " + "; ".join(noisy) if noisy else
                      "no run saw more than 10 % of the machine used by processes outside the benchmark.")]
L += ["", "Raw: `runs.csv` (one row per run), `raw/` (pgbench and driver output), `server.log`.", ""]
text = "\n".join(L)
open(os.path.join(out, "report.md"), "w").write(text)
print(text)
