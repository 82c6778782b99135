#!/usr/bin/env bash
# Two server jars in memory mode, alternated (A B, then B A, …) so both see the same machine state:
# start-up to /health UP, RSS right after, and RSS after REQUESTS gated creates (POST
# feedback-records, one curl each) that load what the first writes need. One line per run, then
# min and median per jar. Usage: bench/startup-ab.sh JAR_A JAR_B [ROUNDS]; LABEL_A/LABEL_B name them.
set -euo pipefail
A=$1; B=$2; ROUNDS=${3:-5}
LABEL_A=${LABEL_A:-A}; LABEL_B=${LABEL_B:-B}
PORT=${PORT:-18082}; REQUESTS=${REQUESTS:-200}; KEY=bench
declare -A ms rss rss_req
one() { # label jar
  local label=$1 jar=$2 start end pid r1 r2
  start=$(date +%s%N)
  MICRONAUT_SERVER_PORT=$PORT LOCKSTEP_STORAGE=memory LOCKSTEP_BOOTSTRAP_ADMIN_KEY=$KEY java -jar "$jar" >/dev/null 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$PORT/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "$label: server exited" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  r1=$(( $(ps -o rss= -p "$pid") / 1024 ))
  for i in $(seq 1 "$REQUESTS"); do
    curl -fs -o /dev/null -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d '{"payload":{"n":'"$i"'}}' "http://127.0.0.1:$PORT/v1/tenants/tenant-$((i % 10))/feedback-records"
  done
  r2=$(( $(ps -o rss= -p "$pid") / 1024 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$label: $(( (end - start) / 1000000 )) ms to healthy, RSS $r1 MB, RSS after $REQUESTS creates $r2 MB"
  ms[$label]+="$(( (end - start) / 1000000 )) "; rss[$label]+="$r1 "; rss_req[$label]+="$r2 "
}
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then one "$LABEL_A" "$A"; one "$LABEL_B" "$B"; else one "$LABEL_B" "$B"; one "$LABEL_A" "$A"; fi
done
stats() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {printf "min %s, median %s", a[1], a[int((NR+1)/2)]}'; }
for label in "$LABEL_A" "$LABEL_B"; do
  echo "$label: start-up ms $(stats "${ms[$label]}"); RSS MB $(stats "${rss[$label]}"); RSS after creates MB $(stats "${rss_req[$label]}")"
done
