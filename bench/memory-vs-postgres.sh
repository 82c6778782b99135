#!/usr/bin/env bash
# Gated create over HTTP (POST feedback-records, the driver's create-record scenario) of memory
# mode (H2 in memory) and of PostgreSQL mode, in one run on the same machine, at 4 and 16
# connections, then start-up to healthy and RSS (bench/startup.sh). Prints one line per window.
# Usage: bench/memory-vs-postgres.sh [JAR]; DUR (10) and WARMUP (3) seconds; PostgreSQL on
# 127.0.0.1:5432 as postgres (a database lockstep_bench_mem_vs_pg is recreated).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
JAR=${1:-$ROOT/adapters-http/target/lockstep.jar}
DRIVER=$HERE/driver/target/bench-driver.jar
DUR=${DUR:-10}; WARMUP=${WARMUP:-3}; PORT=${PORT:-18081}; KEY=bench-key
PSQL=${PSQL:-psql}
[ -f "$DRIVER" ] || (cd "$ROOT" && mvn -B -q -o -DskipTests -Pbench -pl bench/driver -am package)

run_mode() { # label, env...
  local label=$1; shift
  env "$@" MICRONAUT_SERVER_PORT=$PORT LOCKSTEP_BOOTSTRAP_ADMIN_KEY=$KEY java -jar "$JAR" >/tmp/lockstep-bench-$label.log 2>&1 &
  local pid=$!
  until curl -fs "http://127.0.0.1:$PORT/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "$label: server exited, see /tmp/lockstep-bench-$label.log" >&2; exit 1; }
    sleep 0.1
  done
  for c in 4 16; do
    printf '%s ' "$label"
    java -jar "$DRIVER" http create-record --url "http://127.0.0.1:$PORT" --key $KEY --clients $c \
      --warmup "$WARMUP" --duration "$DUR" 2>&1 >/dev/null | grep 'c='
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_mode memory LOCKSTEP_STORAGE=memory
$PSQL -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS lockstep_bench_mem_vs_pg' -c 'CREATE DATABASE lockstep_bench_mem_vs_pg' postgres
run_mode postgres LOCKSTEP_STORAGE=postgres \
  DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:5432/lockstep_bench_mem_vs_pg DATASOURCES_DEFAULT_USERNAME=postgres
echo "start-up, memory mode:"
"$HERE/startup.sh" "$JAR" "${RUNS:-7}"
