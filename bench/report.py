#!/usr/bin/env python3
"""bench/results/<date>/report.md from runs.csv (written by bench/run.sh), with one PNG chart per
section (throughput against connections, service and pgbench; gnuplot). Prints the report too."""
import csv, os, re, subprocess, sys

out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "runs.csv"))))
for r in rows:
    r["jdk"] = r.get("jdk") or ""
settings = open(os.path.join(out, "settings.txt")).read().strip() if os.path.exists(os.path.join(out, "settings.txt")) else ""
JDKS = sorted({r["jdk"] for r in rows if r["kind"] == "http" and r["jdk"]}, key=lambda j: int(j) if j.isdigit() else 0) or [""]


def tps_of(r):
    try:
        return float(r["tps"])
    except ValueError:
        return -1.0


def matching(kind, scenario, clients, section, jdk=None):
    return [r for r in rows if r["kind"] == kind and r["scenario"] == f"{kind}-{scenario}" and int(r["clients"]) == clients
            and (section is None or r["section"] == section) and (jdk is None or kind != "http" or r["jdk"] == jdk)]


def find(kind, scenario, clients, section=None, jdk=None):
    """The run with the median tps among the repetitions (the lower middle one for an even count)."""
    runs = sorted(matching(kind, scenario, clients, section, jdk), key=tps_of)
    return runs[(len(runs) - 1) // 2] if runs else None


def reps(kind, scenario, clients, section=None, jdk=None):
    runs = matching(kind, scenario, clients, section, jdk)
    return "" if len(runs) < 2 else " (runs: " + ", ".join(f"{tps_of(r):,.0f}" for r in runs) + ")"


def jdk_name(j):
    return f"JDK {j}" if j else "JDK ?"


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
     "requests (2xx) or transactions per second over the measured window; latencies in ms (percentiles of every "
     "request: wrk's, the adapter driver's nearest-rank, pgbench's from its per-transaction log). HTTP figures are per server JDK, "
     "each set against the same pgbench run. `cpu` = share of ALL cores "
     "during the window (server = the Lockstep JVM, driver = wrk or the adapter driver's JVM, postgres = every "
     "postgres process, other = anything else on the box).", "", "```", settings, "```", ""]

# (a) gated creates
cs = clients_of("create")
if cs:
    L += ["## (a) Gated creates — `POST /v1/tenants/{t}/feedback-records` vs pattern B_gated_insert", "",
          "HTTP (wrk): random tenant of `tenant-1..100`, body `{\"payload\":{}}`, per server JDK. Adapter: the PostgreSQL "
          "adapter's gated create called through its port from C threads (pool of C connections), no HTTP.", "",
          "| clients | server | pgbench B tps | HTTP tps | HTTP / B | adapter tps | adapter / B | p50 / p99 ms: B · HTTP · adapter |", "|---|---|---|---|---|---|---|---|"]
    for c in cs:
        b, a = find("pgbench", "B_gated_insert", c), find("adapter", "create-record", c)
        for j in JDKS:
            h = find("http", "create-record", c, jdk=j)
            L.append(f"| {c} | {jdk_name(j)} | {f(b, 'tps')}{reps('pgbench', 'B_gated_insert', c)} | {f(h, 'tps')}{reps('http', 'create-record', c, jdk=j)}{bad(h)} | {rs(ratio(h, b))} | {f(a, 'tps')}{reps('adapter', 'create-record', c)}{bad(a)} | {rs(ratio(a, b))} | {lat(b)} · {lat(h)} · {lat(a)} |")
    L += ["", "cpu split:", ""] + cpu_lines("create", (("pgbench", "B_gated_insert"), ("http", "create-record"), ("adapter", "create-record"))) + [""]
    for j in JDKS:
        x = ratio(find("http", "create-record", 16, jdk=j), find("pgbench", "B_gated_insert", 16))
        target(f"(a) HTTP creates ≥ 1.0 × B at 16, {jdk_name(j)}", None if x is None else f"{x:.2f} × B", x is not None and x >= 1.0, "≥ 1.00")
    for c in cs:
        x = ratio(find("adapter", "create-record", c), find("pgbench", "B_gated_insert", c))
        target(f"(a) adapter alone ≥ 0.9 × B at {c}", None if x is None else f"{x:.2f} × B", x is not None and x >= 0.9, "≥ 0.90")

# (b) identity GET
cs = clients_of("get")
if cs:
    L += ["## (b) Identity `GET /v1/tenants/{t}/identities/{externalId}` vs E_lookup_or / E_lookup_union", "",
          "Service: identities loaded with SQL over 1,000 tenants (1–3 ratelimits each, 10k soft-deleted twins), "
          "GET by a uniformly random externalId (wrk counts statuses, it does not read bodies). "
          "pgbench E: 50 % by id, 50 % by external_id on the reference schema. "
          "`problem-page` is the floor under the GET: `GET /problems/tenant-write-conflict` on the same server "
          "right after it, a page held in memory (no key check, no storage) on the same request threads, so "
          "its p99 is what the HTTP server, the thread hop and wrk cost on this machine at that concurrency.", "",
          f"| clients | run | tps | mean ms | p50 ms | p99 ms | p99.9 ms | max ms | HTTP tps ({jdk_name(JDKS[0])}) / this | cpu |", "|---|---|---|---|---|---|---|---|---|---|"]
    for c in cs:
        h = find("http", "get-identity", c, "get", jdk=JDKS[0])
        for k, s, j in [("pgbench", "E_lookup_or", None), ("pgbench", "E_lookup_union", None)] + [("http", n, j) for j in JDKS for n in ("get-identity", "problem-page")]:
            r = find(k, s, c, "get", jdk=j)
            if r is None: continue
            L.append(f"| {c} | {k} {s}{' ' + jdk_name(j) if k == 'http' else ''} | {f(r, 'tps')}{reps(k, s, c, 'get', jdk=j)}{bad(r)} | {f(r, 'mean_ms', '{:.2f}')} | {f(r, 'p50_ms', '{:.2f}')} | {f(r, 'p99_ms', '{:.2f}')} | {f(r, 'p999_ms', '{:.2f}')} | {f(r, 'max_ms', '{:.1f}')} | {rs(ratio(h, r)) if k == 'pgbench' else ''} | {r['cpu']} |")
    L.append("")
    for j in JDKS:
        h16 = find("http", "get-identity", 16, "get", jdk=j)
        p99 = None if h16 is None or h16["p99_ms"] in ("", "NaN", "nan") else float(h16["p99_ms"])
        ok = p99 is not None and p99 < 5 and int(h16["non2xx"]) == 0 and int(h16["errors"]) == 0
        floor = find("http", "problem-page", 16, "get", jdk=j)
        under = "" if floor is None else f"; floor: static page p99 {f(floor, 'p99_ms', '{:.2f}')} ms ({f(floor, 'tps')} req/s)"
        target(f"(b) identity GET p99 < 5 ms at 16, {jdk_name(j)}", None if p99 is None else f"p99 {p99:.2f} ms ({f(h16, 'tps')} req/s){under}", ok, "< 5 ms")

# (c) PATCH env on one hot stack
cs = clients_of("patch")
if cs:
    L += ["## (c) `PATCH /v1/tenants/{t}/stacks/{slug}/env` on ONE hot stack vs D_hot_merge", "",
          "One key `k1..k500` = \"v\" per request (the same 500-key space as D); a fresh stack per run, as the pgbench row is reset per run.", "",
          "| clients | server | pgbench D(hot) tps | HTTP tps | HTTP / D | p50 / p99 ms: D · HTTP | cpu: D · HTTP |", "|---|---|---|---|---|---|---|"]
    for c in cs:
        d = find("pgbench", "D_hot_merge", c)
        for j in JDKS:
            h = find("http", "patch-env", c, "patch", jdk=j)
            L.append(f"| {c} | {jdk_name(j)} | {f(d, 'tps')}{reps('pgbench', 'D_hot_merge', c)} | {f(h, 'tps')}{reps('http', 'patch-env', c, 'patch', jdk=j)}{bad(h)} | {rs(ratio(h, d))} | {lat(d)} · {lat(h)} | {d['cpu'] if d else ''} · {h['cpu'] if h else ''} |")
    L.append("")
    for j in JDKS:
        x = ratio(find("http", "patch-env", 16, "patch", jdk=j), find("pgbench", "D_hot_merge", 16))
        target(f"(c) hot-stack PATCH ≥ 2.0 × D(hot) at 16, {jdk_name(j)}", None if x is None else f"{x:.2f} × D", x is not None and x >= 2.0, "≥ 2.00")

# (d) purge of a 100k-row tenant
purge_csv = os.path.join(out, "purges.csv")
purges = list(csv.DictReader(open(purge_csv))) if os.path.exists(purge_csv) else []
if purges or clients_of("purge"):
    def median(xs):
        xs = sorted(xs)
        return None if not xs else (xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2)

    def ms_of(how, jdk=""):
        return [float(p["ms"]) for p in purges if p["how"] == how and (how == "sql" or p["jdk"] == jdk) and p["ms"] not in ("", "nan")]

    sql_ms = median(ms_of("sql"))
    L += ["## (d) Tenant purge — `DELETE /v1/tenants/{t}/data` of a 100k-row tenant vs the bare SQL purge", "",
          "Each purge starts from the same state: the tenant's 100,000 rows freshly inserted, `VACUUM`, `CHECKPOINT`. "
          "Bare SQL = `../shared/bench/pg`'s F purge on the service's own table (one transaction: the tenant's advisory lock "
          "taken exclusively, `DELETE` of its rows, `COMMIT`; timed inside PostgreSQL, `sql/purge.sql`). API = the whole "
          "purge (every tenant-owned table, deletion log and audit event) timed by curl, HTTP included.", "",
          "| purge | cycles (ms) | median ms | rows deleted | API / bare SQL |", "|---|---|---|---|---|"]
    L.append(f"| bare SQL | {', '.join(f'{x:.0f}' for x in ms_of('sql'))} | {'n/a' if sql_ms is None else f'{sql_ms:.0f}'} | {', '.join(sorted({p['deleted'] for p in purges if p['how'] == 'sql'}))} | |")
    for j in JDKS:
        api = median(ms_of("api", j))
        x = None if api is None or not sql_ms else api / sql_ms
        L.append(f"| API, {jdk_name(j)} | {', '.join(f'{v:.0f}' for v in ms_of('api', j))} | {'n/a' if api is None else f'{api:.0f}'} | {', '.join(sorted({p['deleted'] for p in purges if p['how'] == 'api' and p['jdk'] == j}))} | {rs(x)} |")
        target(f"(d) API purge of 100k rows ≤ 2 × bare SQL, {jdk_name(j)}", None if x is None else f"{x:.2f} × ({api:.0f} vs {sql_ms:.0f} ms)", x is not None and x <= 2.0, "≤ 2.00")
    L += ["", "Other tenants meanwhile: creates over HTTP on `tenant-1..100` alone, then next to back-to-back purges of "
          "the purge tenant (each refilled with 100k rows by SQL first, the reference's \"churn\" mode): through the API, "
          "and (first JDK only) as bare SQL.", "",
          "| clients | server | alone tps | next to API purges tps | / alone | next to SQL purges tps | / alone | p50 / p99 ms: alone · API purges |", "|---|---|---|---|---|---|---|---|"]
    for c in clients_of("purge"):
        for j in JDKS:
            alone = find("http", "others-alone", c, "purge", jdk=j)
            api = find("http", "others-next-to-api-purges", c, "purge", jdk=j)
            sq = find("http", "others-next-to-sql-purges", c, "purge", jdk=j)
            L.append(f"| {c} | {jdk_name(j)} | {f(alone, 'tps')}{bad(alone)} | {f(api, 'tps')}{bad(api)} | {rs(ratio(api, alone))} | {f(sq, 'tps')} | {rs(ratio(sq, alone))} | {lat(alone)} · {lat(api)} |")
            x = ratio(api, alone)
            target(f"(d) other tenants ≥ 0.5 × their throughput during API purges at {c}, {jdk_name(j)}", None if x is None else f"{x:.2f} ×", x is not None and x >= 0.5, "≥ 0.50")
    L.append("")

# (e) no loss at 1 connection against an earlier build
one = [r for r in rows if r["section"] == "onecon"]
if one:
    def med(xs):
        xs = sorted(xs)
        return None if not xs else (xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2)

    base_line = next((l for l in settings.splitlines() if l.startswith("onecon:")), "")
    L += ["## (e) No loss at 1 connection — this build vs the build the goal was set on", "",
          "Both servers up at once on the same database, warmed the same way, their runs alternated in ABBA order "
          "(the first build of each round changes); tps per run in round order, the ratio is of the medians. " + base_line.replace("onecon: baseline ", "Baseline: "), "",
          "| request | server | baseline tps (runs) | this build tps (runs) | this / baseline | p50 / p99 ms: baseline · this |",
          "|---|---|---|---|---|---|"]
    for scenario, label in (("http-create-record", "create"), ("http-get-identity", "identity GET"), ("http-patch-env", "hot PATCH")):
        j = JDKS[0]
        b = [r for r in one if r["kind"] == "http[baseline]" and r["scenario"] == scenario]
        c = [r for r in one if r["kind"] == "http[current]" and r["scenario"] == scenario]
        if not b or not c:
            continue
        bm, cm = med([tps_of(r) for r in b]), med([tps_of(r) for r in c])
        x = cm / bm if bm else None
        mid = lambda rs: sorted(rs, key=tps_of)[(len(rs) - 1) // 2]
        L.append(f"| {label} | {jdk_name(b[0]['jdk'])} | {', '.join(f'{tps_of(r):,.0f}' for r in b)} | {', '.join(f'{tps_of(r):,.0f}' for r in c)}{''.join(bad(r) for r in c)} | {rs(x)} | {lat(mid(b))} · {lat(mid(c))} |")
        target(f"(e) {label} at 1 connection ≥ 0.95 × the baseline build, {jdk_name(b[0]['jdk'])}", None if x is None else f"{x:.2f} ×", x is not None and x >= 0.95, "≥ 0.95")
    L.append("")

# (d) extra: PATCH spread over 1,000 stacks of one tenant
cs = clients_of("spread")
if cs:
    L += ["## (extra, no target) PATCH env spread over 1,000 stacks of ONE tenant vs D_spread_merge", "",
          "Random stack of `stack-1..1000` in tenant `bench-spread`, one key `k1..k500` per request; D_spread: the same over 1,000 rows, no tenant.", "",
          "| clients | server | pgbench D(spread) tps | HTTP tps | HTTP / D(spread) | p50 / p99 ms: D · HTTP | cpu: D · HTTP |", "|---|---|---|---|---|---|---|"]
    for c in cs:
        d = find("pgbench", "D_spread_merge", c)
        for j in JDKS:
            h = find("http", "patch-env", c, "spread", jdk=j)
            L.append(f"| {c} | {jdk_name(j)} | {f(d, 'tps')}{reps('pgbench', 'D_spread_merge', c)} | {f(h, 'tps')}{reps('http', 'patch-env', c, 'spread', jdk=j)}{bad(h)} | {rs(ratio(h, d))} | {lat(d)} · {lat(h)} | {d['cpu'] if d else ''} · {h['cpu'] if h else ''} |")
    L.append("")

# every run's latency
L += ["## Latency of every run (p50 / p99, ms)", "", "| section | run | server | clients | tps | p50 | p99 | p99.9 |", "|---|---|---|---|---|---|---|---|"]
for r in sorted(rows, key=lambda r: (r["section"], r["scenario"], r["jdk"], int(r["clients"]), r["rep"])):
    L.append(f"| {r['section']} | {r['scenario']} | {jdk_name(r['jdk']) if r['kind'] == 'http' else ''} | {r['clients']} | {f(r, 'tps')} | {f(r, 'p50_ms', '{:.2f}')} | {f(r, 'p99_ms', '{:.2f}')} | {f(r, 'p999_ms', '{:.2f}')} |")
L.append("")

# charts: throughput against connections, per section, the service (per JDK) and pgbench
charts = []
for section in ("create", "get", "patch", "spread", "locks"):
    cs = clients_of(section)
    if len(cs) < 1:
        continue
    series = []
    for kind, scenario, jdk in sorted({(r["kind"], r["scenario"], r["jdk"] if r["kind"] == "http" else "") for r in rows if r["section"] == section}):
        pts = [(c, find(kind, scenario.split("-", 1)[1], c, section, jdk=jdk if kind == "http" else None)) for c in cs]
        pts = [(c, tps_of(r)) for c, r in pts if r is not None and tps_of(r) >= 0]
        if pts:
            label = scenario.replace("http-", "service ").replace("pgbench-", "pgbench ").replace("adapter-", "adapter ")
            series.append((label + (f" ({jdk_name(jdk)})" if kind == "http" else ""), pts))
    if not series:
        continue
    data = os.path.join(out, f"chart-{section}.dat")
    with open(data, "w") as fh:
        for label, pts in series:
            fh.write(f"# {label}\n" + "".join(f"{c} {t:.1f}\n" for c, t in pts) + "\n\n")
    png = f"chart-{section}.png"
    plot = ", ".join(f"'{data}' index {i} with linespoints lw 2 pt 7 title '{label}'" for i, (label, _) in enumerate(series))
    gp = (f"set terminal pngcairo size 900,540 noenhanced\nset output '{os.path.join(out, png)}'\n"
          f"set title 'Throughput against connections: {section}'\nset xlabel 'connections'\nset ylabel 'per second'\n"
          f"set logscale x 2\nset xrange [{min(cs) * 0.8}:{max(cs) * 1.25}]\nset xtics ({', '.join(str(c) for c in cs)})\n"
          f"set yrange [0:*]\nset grid\nset key below\n"
          f"plot {plot}\n")
    try:
        subprocess.run(["gnuplot"], input=gp, text=True, check=True, capture_output=True)
        charts.append((section, png))
    except (OSError, subprocess.CalledProcessError) as e:
        L.append(f"(no chart for {section}: gnuplot failed: {getattr(e, 'stderr', e)})")
if charts:
    L += ["## Charts", ""] + [f"![{s}]({png}) " for s, png in charts] + [""]

L += ["## Targets", "", "| target | measured | needed | result |", "|---|---|---|---|"]
L += [f"| {n} | {v} | {need} | **{res}** |" for n, v, need, res in targets]
noisy = []
for r in rows:
    m = re.search(r"other=(\d+)%", r.get("cpu") or "")
    if m and int(m.group(1)) > 10:
        noisy.append(f"{r['scenario']} c={r['clients']} run {r['rep']} (other={m.group(1)}%)")
L += ["", "Noise: " + ("runs during which processes outside the benchmark used more than 10 % of the machine — "
                      "their figures are depressed by an unknown amount: " + "; ".join(noisy) if noisy else
                      "no run saw more than 10 % of the machine used by processes outside the benchmark.")]
L += ["", "Raw: `runs.csv` (one row per run), `raw/` (pgbench, wrk and driver output), `server.log`.", ""]
text = "\n".join(L)
open(os.path.join(out, "report.md"), "w").write(text)
print(text)
