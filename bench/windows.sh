#!/usr/bin/env bash
# Repeated windows of one HTTP load on one server, for an A/B of a server setting or a build where a
# single bench/run.sh figure is too noisy to decide (bench/results/2026-12-03-admission/windows.md).
#
#   bench/windows.sh <label> <server jar> <get|create|patch> [server java options...]
#
# Starts the jar on the database bench/run.sh loaded (SVC_DB, reuse it with RELOAD=0 there), warms it
# up with W seconds of the same load, then runs N windows of 10 s at C connections with wrk. One line
# per window: tps, p50/p99/max ms, and the server's own CPU time and context switches per request
# (from /proc, all its threads). Env: POOL (server maximum-pool-size, 4), N (3), W (60), C (16),
# JAVA (java), PGHOST/PGPORT/PGUSER, SVC_DB (lockstep_bench).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
label=$1 jar=$2 scenario=$3
shift 3
POOL=${POOL:-4} N=${N:-3} W=${W:-60} C=${C:-16} JAVA=${JAVA:-java}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres} SVC_DB=${SVC_DB:-lockstep_bench}
KEY=windows-key
command -v wrk >/dev/null || { echo "wrk is missing: run bench/run.sh once (it installs it)" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
env LOCKSTEP_STORAGE=postgres DATASOURCES_DEFAULT_URL="jdbc:postgresql://$PGHOST:$PGPORT/$SVC_DB" \
    DATASOURCES_DEFAULT_USERNAME="$PGUSER" DATASOURCES_DEFAULT_PASSWORD= MICRONAUT_SERVER_PORT="$port" \
    LOCKSTEP_BOOTSTRAP_ADMIN_KEY="$KEY" DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE="$POOL" \
    "$JAVA" -Xms1g -Xmx1g "$@" -jar "$jar" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done

vars=()
case $scenario in
  get) lua=get-identity ;;
  create) lua=create-record ;;
  patch)
    slug=hot-$(date +%s%N | tail -c 9)
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "{\"slug\":\"$slug\"}" "http://127.0.0.1:$port/v1/tenants/bench-hot/stacks"
    lua=patch-env
    vars=(TENANT=bench-hot SLUG="$slug" KEYS=500) ;;
  *) echo "scenario: get | create | patch" >&2; exit 2 ;;
esac

load() { # load <connections> <seconds>: wrk's summary line (bench/wrk/common.lua)
  env WRK_DIR="$HERE/wrk" LOCKSTEP_KEY="$KEY" WRK_SCENARIO="$lua" WRK_CONNECTIONS="$1" "${vars[@]}" \
    wrk -t "$(( $1 < 2 ? 1 : 2 ))" -c "$1" -d "$2s" --timeout 10s -s "$HERE/wrk/$lua.lua" "http://127.0.0.1:$port" | tail -1
}
cpu_ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
switches() { cat /proc/$pid/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s}'; }

load 16 "$W" >/dev/null
ticks_per_s=$(getconf CLK_TCK)
for _ in $(seq 1 "$N"); do
  c0=$(cpu_ticks) s0=$(switches)
  line=$(load "$C" 10)
  c1=$(cpu_ticks) s1=$(switches)
  echo "$line" | awk -F, -v l="$label" -v c=$((c1 - c0)) -v s=$((s1 - s0)) -v hz="$ticks_per_s" '{
    n = $4 + $5
    printf "%s tps=%s p50=%s p99=%s max=%s non2xx=%s cpu_us/req=%.0f cs/req=%.1f\n", l, $7, $9, $10, $12, $5, c * 1e6 / hz / n, s / n }'
done
