#!/usr/bin/env python3
"""Where the machine's CPU went during a measured window (bench/run.sh runs it beside each load).

usage: cpu_split.py DELAY_S DURATION_S name=pid [name=pid ...]
Snapshots DELAY_S after the youngest named process started (the load just launched; the warm-up),
again DURATION_S later, and prints one line "name=xx% ... postgres=xx% other=xx% idle=xx%" in
percent of ALL cores (100% = every core busy). The window is anchored on that process's start, not
on this script's: on a saturated box the interpreter itself can take over a second to start, and a
window that slid past the end of the load would count the load's CPU as 'other'. When a named
process is gone at either end, the line says so instead of guessing.
'postgres' is every process named postgres (server backends of the driver, pgbench and the
service's pool, plus the WAL writer, checkpointer ...), except backends connected to a database not
named in $CPU_DBS (when set): those, like everything else that ran (e.g. other builds and test
databases on the box), count as 'other', the noise indicator.
"""
import os, sys, time

HZ = os.sysconf("SC_CLK_TCK")


def proc_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
        fields = s[s.rindex(")") + 2:].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (own threads; children not included)
    except (OSError, ValueError):
        return None


def started(pid):
    """Seconds since boot when the process started (/proc/<pid>/stat field 22), None when gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
        return int(s[s.rindex(")") + 2:].split()[19]) / HZ
    except (OSError, ValueError, IndexError):
        return None


def uptime():
    with open("/proc/uptime") as f:
        return float(f.read().split()[0])


def sleep_until(t):
    time.sleep(max(0.0, t - uptime()))


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return None


DBS = set(os.environ.get("CPU_DBS", "").split())


def ours(pid):
    """A backend's title is 'postgres: [cluster:] user database host(port) state'; auxiliary processes count as ours."""
    if not DBS:
        return True
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            title = f.read().replace(b"\0", b" ").decode(errors="replace").split()
    except OSError:
        return False
    for i, t in enumerate(title):
        if i >= 2 and (t == "[local]" or (t.endswith(")") and "(" in t)):
            return title[i - 1] in DBS
    return True


def postgres_ticks():
    out = {}
    for p in os.listdir("/proc"):
        if p.isdigit() and comm(p) == "postgres" and ours(p):
            t = proc_ticks(p)
            if t is not None:
                out[p] = t
    return out


def machine():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v[:8]), idle


def snapshot(named):
    return {n: proc_ticks(p) for n, p in named.items()}, postgres_ticks(), machine()


def main():
    delay, dur = float(sys.argv[1]), float(sys.argv[2])
    named = dict(a.split("=", 1) for a in sys.argv[3:])
    starts = [t for t in (started(p) for p in named.values()) if t is not None]
    anchor = max(starts) if starts else uptime()
    sleep_until(anchor + delay)
    a = snapshot(named)
    sleep_until(anchor + delay + dur)
    b = snapshot(named)
    gone = [n for n in named if a[0][n] is None or b[0][n] is None]
    if gone:
        print(f"cpu: n/a ({', '.join(gone)} not running for the whole window)"); return
    total = b[2][0] - a[2][0]
    if total <= 0:
        print("cpu: n/a"); return
    pct = lambda ticks: 100.0 * ticks / total
    parts, used = [], 0
    for n in named:
        d = b[0][n] - a[0][n]
        used += d
        parts.append(f"{n}={pct(d):.0f}%")
    # postgres processes alive at both ends (the backends of a run live for the whole run)
    pg = sum(b[1][p] - a[1][p] for p in b[1] if p in a[1])
    used += pg
    idle = b[2][1] - a[2][1]
    other = total - idle - used
    parts += [f"postgres={pct(pg):.0f}%", f"other={pct(max(other, 0)):.0f}%", f"idle={pct(idle):.0f}%"]
    print(" ".join(parts))


if __name__ == "__main__":
    main()
