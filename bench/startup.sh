#!/usr/bin/env bash
# Start-up to healthy and RSS after start-up of the server jar, N runs, one line per run and the
# medians. Usage: bench/startup.sh [JAR] [RUNS]; extra env (LOCKSTEP_STORAGE, LOCKSTEP_MEMORY_FILE,
# DATASOURCES_DEFAULT_URL …) is passed to the server. "Start-up" is from exec until /health answers
# UP; RSS is read with ps right after, before any request but the health checks.
set -euo pipefail
JAR=${1:-adapters-http/target/lockstep.jar}
RUNS=${2:-7}
PORT=${PORT:-18080}
times=(); rss=()
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  MICRONAUT_SERVER_PORT=$PORT LOCKSTEP_BOOTSTRAP_ADMIN_KEY=bench java -jar "$JAR" >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  r=$(ps -o rss= -p "$pid" | tr -d ' ')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  echo "run $i: ${ms} ms to healthy, RSS $((r / 1024)) MB"
  times+=("$ms"); rss+=("$((r / 1024))")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: $(median "${times[@]}") ms to healthy, RSS $(median "${rss[@]}") MB"
