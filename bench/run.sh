#!/usr/bin/env bash
# Lockstep against PostgreSQL's physical limit, in ONE run on ONE machine.
#
#   bench/run.sh                       # build, load, start the server, measure, report (~25 min)
#   DUR=5 WARMUP=2 bench/run.sh        # a quick look
#   RELOAD=0 BUILD=0 bench/run.sh      # reuse the loaded databases and the built jars
#
# The HTTP load is wrk (bench/wrk/*.lua; the Debian package, installed here when absent); the Java
# driver (bench/driver) only calls the adapter's port directly. Each JDK of JDKS runs the server in
# turn (default: the `java` on PATH and a Temurin 25 under /usr/lib/jvm when there is one), against the
# same pgbench figures; the report has the ratios per JDK, p50/p99 per run and a PNG chart of
# throughput against connections per section (gnuplot, installed here when absent).
#
# For each SQL pattern of ../shared/bench/pg (the pgbench "physical limit" scripts), it drives the
# service endpoint that issues that SQL at the same concurrency, right next to the pgbench run of
# the pattern, and writes bench/results/<date>/report.md (+ runs.csv, raw/ outputs):
#   create : POST feedback-records over HTTP (4, 16 connections) and the PostgreSQL adapter alone
#            (its port called from 4/16 threads, no HTTP)      vs B_gated_insert
#   get    : GET identity by externalId over HTTP at 1M identities (16)  vs E_lookup_or / E_lookup_union,
#            and the floor under it: a static page of the same server (no key check, no storage)
#   patch  : PATCH env of ONE hot stack over HTTP (1, 4, 16)   vs D_hot_merge
#   spread : (extra, no target) PATCH env over 1,000 stacks of ONE tenant (16)  vs D_spread_merge
#   locks  : (extra, no target, not in the default SECTIONS) gated creates (adapter alone, HTTP at 16)
#            and purges under that HTTP load, for each of LOCK_CONFIGS: both tenant locks, straight
#            to PostgreSQL and through PgBouncer (transaction pooling, prepareThreshold=0)
# Both databases live in the same PostgreSQL cluster (127.0.0.1:5432, user postgres, trust):
#   lockstep_bench     the service's own schema (Flyway, by the server at start-up) + SQL-loaded data
#   lockstep_bench_pg  ../shared/bench/pg/sql/{schema,load}.sql, untouched, for pgbench
# Every knob is an environment variable (defaults in the block below).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/bench
PGREF=${PGREF:-$(cd "$ROOT/.." && pwd)/shared/bench/pg}   # the pgbench scripts and their schema
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
SVC_DB=${SVC_DB:-lockstep_bench}
REF_DB=${REF_DB:-lockstep_bench_pg}
DUR=${DUR:-15}                      # measured seconds per run
WARMUP=${WARMUP:-5}                 # discarded seconds before each run (same clients, same connections)
CLIENTS=${CLIENTS:-}                # overrides the lists below when set
CREATE_CLIENTS=${CREATE_CLIENTS:-${CLIENTS:-"1 4 16"}}
GET_CLIENTS=${GET_CLIENTS:-${CLIENTS:-"1 4 16"}}
PATCH_CLIENTS=${PATCH_CLIENTS:-${CLIENTS:-"1 4 16"}}
SPREAD_CLIENTS=${SPREAD_CLIENTS:-${CLIENTS:-"16"}}
SECTIONS=${SECTIONS:-"create get patch purge spread onecon"}
# the JVMs the server runs on, in turn (java binaries); the report shows each against the same pgbench runs
JDKS=${JDKS:-"java $(ls -d /usr/lib/jvm/temurin-25*/bin/java 2>/dev/null | head -1)"}
WRK_THREADS=${WRK_THREADS:-2}       # wrk -t (at most the connection count)
IDEMPOTENCY_KEYS=${IDEMPOTENCY_KEYS:-0}  # 1: every create carries a unique Idempotency-Key
REPS=${REPS:-1}                     # repetitions of all sections; the report shows the run with the median tps
REP=1
THREADS=${THREADS:-2}               # pgbench -j
IDENTITIES=${IDENTITIES:-1000000}   # service identities loaded with SQL (over 1,000 tenants)
RELOAD=${RELOAD:-1}                 # 0: keep both databases if they are already loaded
BUILD=${BUILD:-1}                   # 0: use the jars already built
MVN=${MVN:-mvn -B -q -o}            # -o: every dependency is in ~/.m2 already; drop it to download
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g"}
DRIVER_JAVA_OPTS=${DRIVER_JAVA_OPTS:-"-Xms512m -Xmx512m"}
# seconds per endpoint of a discarded JIT warm-up right after start-up; at 15 s the GET figures still
# rose from one 10 s window to the next on 2026-12-03
SERVER_WARMUP=${SERVER_WARMUP:-30}
# The server's JDBC pool (datasources.default.maximum-pool-size): 4 = 2 x this machine's cores, the
# size the README advises. Requests beyond it queue in arrival order in front of the pool; 16 (one
# connection per client, as pgbench has) had a longer GET tail and no faster writes
# (results/2026-12-03-admission/windows.md). The service's own default (HikariCP's 10) is SERVER_POOL=default.
SERVER_POOL=${SERVER_POOL:-4}
OUT=${OUT:-$HERE/results/$(date -u +%F)}
TENANT_LOCK=${TENANT_LOCK:-advisory}  # lockstep.tenant.lock of the server and the adapter driver: advisory | row
SVC_JDBC=${SVC_JDBC:-jdbc:postgresql://$PGHOST:$PGPORT/$SVC_DB}  # the server's and the adapter driver's JDBC URL
# section locks: <tenant lock>/<path>, path = direct | direct-pt0 (prepareThreshold=0) | pgbouncer
LOCK_CONFIGS=${LOCK_CONFIGS:-"advisory/direct row/direct advisory/pgbouncer row/pgbouncer advisory/direct-pt0"}
PURGE_EVERY=${PURGE_EVERY:-0.2}     # section locks: seconds between two purges under load
KIND_SUFFIX=                        # section locks: the configuration, appended to the kind column

SERVER_JAR=${SERVER_JAR:-$ROOT/adapters-http/target/lockstep.jar}   # another build's jar for an A/B run
BASELINE_JAR=${BASELINE_JAR:-}      # section onecon: an earlier build's server jar, compared with SERVER_JAR at 1 connection
ONECON_REPS=${ONECON_REPS:-3}       # section onecon: alternations of the two servers
BASELINE_LABEL=${BASELINE_LABEL:-}  # section onecon: what the baseline jar is, for the report (e.g. its commit)
SERVER_LOG=server.log
BENCH_JAR=$HERE/driver/target/bench-driver.jar   # the load driver, module bench/driver
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER")
PGBENCH=("$PGBIN/pgbench" -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -n -M prepared)
CSV=$OUT/runs.csv
KEY=bench-$(date +%s)-$RANDOM$RANDOM
SERVER_PID=
JAVA_BIN=java                       # the server's JVM for this pass over the sections (one of JDKS)
JDK=                                # its feature version, e.g. 17, in the jdk column
FIRST_PASS=1                        # pgbench and the adapter driver run in the first JDK pass only

export PGOPTIONS="-c client_min_messages=warning"
export CPU_DBS="$SVC_DB $REF_DB"   # cpu_split.py: backends of other databases on the cluster count as noise
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
svc() { "${PSQL[@]}" -d "$SVC_DB" -At -c "$1"; }
ref() { "${PSQL[@]}" -d "$REF_DB" -At -c "$1"; }

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; log "server stopped"
  fi
  SERVER_PID=
}
BOUNCER_PORT= BOUNCER_DIR=
bouncer_up() {
  [ -n "$BOUNCER_PORT" ] && return 0
  read -r BOUNCER_PORT BOUNCER_DIR < <(PGBOUNCER_POOL_SIZE=40 "$ROOT/.ci/pgbouncer")
  log "pgbouncer on 127.0.0.1:$BOUNCER_PORT (transaction pooling)"
}
stop_bouncer() { [ -z "$BOUNCER_DIR" ] || kill "$(cat "$BOUNCER_DIR/pgbouncer.pid")" 2>/dev/null || true; }
trap 'stop_server; stop_bouncer' EXIT

# wrk and gnuplot are Debian packages; installed when absent (root, or sudo without a password)
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} (apt-get)"
  local sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo -n)
  "${sudo[@]}" apt-get install -y "${missing[@]}" >/dev/null 2>&1 \
    || { "${sudo[@]}" apt-get update >/dev/null 2>&1 && "${sudo[@]}" apt-get install -y "${missing[@]}" >/dev/null; } \
    || { log "could not install ${missing[*]}; install them and run again"; exit 1; }
}

jdk_of() { "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }'; }

build() {
  [ "$BUILD" = 1 ] || { log "BUILD=0: using existing jars"; return; }
  log "building the server jar and the load driver (bench/driver)"
  # one reactor build; -Pbench makes bench/driver shade its runnable jar as well
  (cd "$ROOT" && $MVN -Dstyle.color=never -DskipTests -Pbench package)
}

# --- data -------------------------------------------------------------------------------------

# A database counts as loaded when its comment says so (set after a complete load); RELOAD=0 reuses it.
loaded_mark() { "${PSQL[@]}" -d postgres -At -c "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = '$1'"; }
mark_loaded() { "${PSQL[@]}" -d postgres -c "COMMENT ON DATABASE $1 IS '$2'"; }

load_reference() {
  local mark="bench reference: $PGREF/sql/load.sql"
  if [ "$RELOAD" = 0 ] && [ "$(loaded_mark "$REF_DB")" = "$mark" ]; then log "reusing $REF_DB"; return; fi
  log "loading $REF_DB from $PGREF/sql (1M identities, 2M ratelimits, 1M feedback rows; ~1 min)"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $REF_DB" -c "CREATE DATABASE $REF_DB"
  "${PSQL[@]}" -d "$REF_DB" -f "$PGREF/sql/schema.sql" >/dev/null
  "${PSQL[@]}" -d "$REF_DB" -f "$PGREF/sql/load.sql" >/dev/null
  mark_loaded "$REF_DB" "$mark"
}

# The service's schema is made by its own Flyway migrations (the server would run the same ones at
# start-up), then loaded with SQL, not through the API.
load_service() {
  local mark="bench service: identities=$IDENTITIES load=$(md5sum <"$HERE/sql/load-service.sql" | cut -c1-8) migrations=$(ls "$ROOT"/adapters-postgres/src/main/resources/db/migration | sort | paste -sd+)"
  if [ "$RELOAD" = 0 ] && [ "$(loaded_mark "$SVC_DB")" = "$mark" ]; then log "reusing $SVC_DB"; return; fi
  log "loading $SVC_DB: migrations, then $IDENTITIES identities over 1,000 tenants and 1M feedback records with SQL (~1-2 min)"
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $SVC_DB" -c "CREATE DATABASE $SVC_DB"
  bench_java migrate --jdbc "jdbc:postgresql://$PGHOST:$PGPORT/$SVC_DB" --user "$PGUSER"
  "${PSQL[@]}" -d "$SVC_DB" -v identities="$IDENTITIES" -f "$HERE/sql/load-service.sql" >/dev/null
  mark_loaded "$SVC_DB" "$mark"
}

# --- the server -------------------------------------------------------------------------------

start_server() {
  SERVER_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local pool=()
  [ "$SERVER_POOL" != default ] && pool=(DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE="$SERVER_POOL")
  env LOCKSTEP_STORAGE=postgres LOCKSTEP_TENANT_LOCK="$TENANT_LOCK" \
      DATASOURCES_DEFAULT_URL="$SVC_JDBC" \
      DATASOURCES_DEFAULT_USERNAME="$PGUSER" DATASOURCES_DEFAULT_PASSWORD= \
      MICRONAUT_SERVER_PORT="$SERVER_PORT" LOCKSTEP_BOOTSTRAP_ADMIN_KEY="$KEY" "${pool[@]}" \
      "$JAVA_BIN" $SERVER_JAVA_OPTS -jar "$SERVER_JAR" >"$OUT/$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$SERVER_PORT/health" 2>/dev/null; then
      log "server up on port $SERVER_PORT (pid $SERVER_PID, JDK $JDK, $SERVER_JAR: $(grep -o 'Requests run on .*' "$OUT/$SERVER_LOG" | head -1))"; return
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$OUT/$SERVER_LOG" >&2; log "server died at start-up"; exit 1; }
    sleep 0.5
  done
  tail -30 "$OUT/$SERVER_LOG" >&2; log "server did not answer /health in 60 s"; exit 1
}

# Before every HTTP run: a server that died (e.g. killed from outside) is restarted, warmed up again,
# and the restart is recorded, so a run never silently measures connection errors.
RESTARTS=0
RUN_NO=0                            # numbers the raw files of HTTP runs
ensure_server() {
  kill -0 "$SERVER_PID" 2>/dev/null && return 0
  RESTARTS=$((RESTARTS + 1))
  log "the server (pid $SERVER_PID) is gone; see $OUT/server.log.$RESTARTS; restarting it"
  mv "$OUT/$SERVER_LOG" "$OUT/$SERVER_LOG.$RESTARTS"
  echo "server restarted before a run ($RESTARTS): the previous JVM had exited, log in server.log.$RESTARTS" >>"$OUT/settings.txt"
  start_server; warm_server
}

bench_java() { java $DRIVER_JAVA_OPTS -jar "$BENCH_JAR" "$@"; }
# in the background, as its own process (exec), so $! is the driver JVM's pid for the CPU split
bench_java_bg() { exec java $DRIVER_JAVA_OPTS -jar "$BENCH_JAR" "$@"; }
# call METHOD PATH [BODY]: one request with curl; prints "<status> <body>", fails unless a 2xx
call() {
  local out code
  out=$(curl -sS -X "$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' ${3:+--data "$3"} \
    -w $'\n%{http_code}' "http://127.0.0.1:$SERVER_PORT$2") || return 1
  code=${out##*$'\n'}
  echo "$code ${out%$'\n'*}"
  [ "${code:0:1}" = 2 ]
}

# --- one measured run -------------------------------------------------------------------------

# row <section> <kind> <driver csv row> <cpu split>   (driver row: scenario,clients,seconds,...,statuses)
# the jdk column: the server's JDK for an HTTP row, empty for pgbench and the adapter driver
row() { echo "$1,$2$KIND_SUFFIX,$(echo "$3" | awk -F, -v r="$REP" 'BEGIN { OFS = "," } { $2 = $2 "," r; print }'),$4,$( [ "$2" = http ] && echo "$JDK")" >>"$CSV"; }

# cpu_split <name=pid>... &  : samples a window inside the measured one (skips 1 s at each end)
cpu_sample() { python3 "$HERE/cpu_split.py" "$1" "$(( DUR > 2 ? DUR - 2 : 1 ))" "${@:2}"; }

# pgbench <section> <pattern> <clients>: warm-up, then the measured run with per-transaction log
pgbench_run() {
  [ "$FIRST_PASS" = 1 ] || return 0
  local section=$1 p=$2 c=$3 script=$PGREF/scripts/$2.sql
  local raw=$OUT/raw/pgbench_${p}_c${c}_r${REP}
  [ "$WARMUP" -gt 0 ] && { "${PGBENCH[@]}" -T "$WARMUP" -c "$c" -j "$THREADS" -f "$script" "$REF_DB" >/dev/null 2>&1 || true; }
  rm -f "$raw".log*
  "${PGBENCH[@]}" -T "$DUR" -c "$c" -j "$THREADS" -f "$script" -l --log-prefix="$raw.log" "$REF_DB" >"$raw.txt" 2>&1 &
  local pb=$!
  local cpu; cpu=$(cpu_sample 1 pgbench="$pb")
  wait "$pb" || { log "pgbench failed: $raw.txt"; tail -5 "$raw.txt" >&2; }
  local line; line=$(python3 "$HERE/pgbench_row.py" "$p" "$c" "$DUR" "$raw.txt" "$raw".log*)
  rm -f "$raw".log*
  row "$section" pgbench "$line" "$cpu"
  log "pgbench $p c=$c: $line | $cpu"
}

# wrk_run <scenario> <clients> <seconds> [VAR=value...]: one wrk run of bench/wrk/<scenario>.lua
# against the server, in the foreground (exec: run it in a subshell). Its last line is the csv row.
wrk_run() {
  local scenario=$1 c=$2 secs=$3; shift 3
  local t=$(( c < WRK_THREADS ? c : WRK_THREADS ))
  exec env "$@" WRK_DIR="$HERE/wrk" WRK_SCENARIO="$scenario" WRK_CONNECTIONS="$c" LOCKSTEP_KEY="$KEY" \
    IDENTITIES="$IDENTITIES" IDEMPOTENCY_KEYS="$IDEMPOTENCY_KEYS" \
    wrk -t "$t" -c "$c" -d "${secs}s" --timeout 10s -s "$HERE/wrk/$scenario.lua" "http://127.0.0.1:$SERVER_PORT"
}

# http <section> <scenario> <clients> [VAR=value...]: a discarded warm-up of WARMUP s with the same
# connection count, then the measured run of DUR s; the server's JDK goes in the jdk column
http_run() {
  local section=$1 scenario=$2 c=$3; shift 3
  RUN_NO=$((RUN_NO + 1))
  local tag=${KIND_SUFFIX//[^a-z0-9-]/}
  local raw=$OUT/raw/http_${section}_${scenario}_c${c}_jdk${JDK}_r${REP}${tag:+_$tag}_n${RUN_NO}.txt
  ensure_server
  if [ "$WARMUP" -gt 0 ]; then (wrk_run "$scenario" "$c" "$WARMUP" "$@") >"$raw.warmup" 2>&1 || true; fi
  (wrk_run "$scenario" "$c" "$DUR" "$@") >"$raw" 2>&1 &
  local drv=$!
  local cpu; cpu=$(cpu_sample 1 server="$SERVER_PID" driver="$drv")
  wait "$drv" || { log "wrk failed: $raw"; tail -20 "$raw" >&2; return 0; }
  local line; line=$(grep -E "^http-$scenario," "$raw" | tail -1)
  [ -n "$line" ] || { log "no summary line from wrk: $raw"; tail -5 "$raw" >&2; return 0; }
  row "$section" http "$line" "$cpu"
  log "http $scenario c=$c jdk=$JDK: $line | $cpu"
}

# adapter <section> <scenario> <clients>: the store's port called in a plain loop, no HTTP
adapter_run() {
  [ "$FIRST_PASS" = 1 ] || return 0
  local section=$1 scenario=$2 c=$3
  local raw=$OUT/raw/adapter_${scenario}_c${c}_r${REP}.txt
  bench_java_bg adapter "$scenario" --jdbc "$SVC_JDBC" --user "$PGUSER" --tenant-lock "$TENANT_LOCK" \
    --clients "$c" --warmup "$WARMUP" --duration "$DUR" >"$raw" 2>&1 &
  local drv=$!
  local cpu; cpu=$(cpu_sample "$((WARMUP + 1))" driver="$drv")
  wait "$drv" || { log "adapter driver failed: $raw"; tail -20 "$raw" >&2; return 0; }
  local line; line=$(grep -E "^adapter-$scenario," "$raw" | tail -1)
  row "$section" adapter "$line" "$cpu"
  log "adapter $scenario c=$c: $line | $cpu"; grep -E '^  first' "$raw" >&2 || true
}

# --- the three sections -----------------------------------------------------------------------

# Rows the benchmark inserted are removed between runs (seed rows have a user id), as in
# ../shared/bench/pg/run.sh, so every run starts from the same table.
prep_creates() {
  ref "DELETE FROM feedback_records WHERE user_id IS NULL" >/dev/null; ref "VACUUM feedback_records"
  svc "DELETE FROM feedback_records WHERE user_id IS NULL" >/dev/null; svc "VACUUM feedback_records"
  ref "CHECKPOINT"
}

section_create() {
  for c in $CREATE_CLIENTS; do
    prep_creates; pgbench_run create B_gated_insert "$c"
    prep_creates; http_run create create-record "$c"
    prep_creates; adapter_run create create-record "$c"
  done
}

section_get() {
  for c in $GET_CLIENTS; do
    ref "CHECKPOINT"; pgbench_run get E_lookup_or "$c"
    ref "CHECKPOINT"; pgbench_run get E_lookup_union "$c"
    ref "CHECKPOINT"
    http_run get get-identity "$c"
    # the floor under the identity GET: a static route of the same server, same connections
    http_run get problem-page "$c"
  done
}

section_patch() {
  local tenant=bench-stacks
  for c in $PATCH_CLIENTS; do
    ref "UPDATE stacks SET env_vars = '{}' WHERE env_vars <> '{}'" >/dev/null; ref "VACUUM stacks"; ref "CHECKPOINT"
    pgbench_run patch D_hot_merge "$c"
    log "D_hot row after the run: $(ref "SELECT 'keys=' || (SELECT count(*) FROM jsonb_object_keys(env_vars)) || ' bytes=' || pg_column_size(env_vars) FROM stacks WHERE slug = 'hot'")"
    # a fresh stack per run = the same empty env the pgbench row is reset to
    ensure_server
    local slug=hot-c$c-$(date +%s)
    if ! call POST "/v1/tenants/$tenant/stacks" "{\"slug\":\"$slug\"}" >"$OUT/raw/stack_create_c$c.txt"; then
      log "could not create the hot stack: $(cat "$OUT/raw/stack_create_c$c.txt"); skipping the HTTP run"; continue
    fi
    ref "CHECKPOINT"
    http_run patch patch-env "$c" TENANT="$tenant" SLUG="$slug" KEYS=500
    log "hot stack after the run: $(call GET "/v1/tenants/$tenant/stacks/$slug" | python3 -c 'import sys, json; s = sys.stdin.read(); e = json.loads(s[s.index(" ") + 1:]).get("env", {}); print("keys=%d" % len(e))')"
  done
}

# A fresh JVM runs interpreted and compiles for its first seconds; one discarded pass over every
# measured endpoint after start-up keeps that out of the first section's numbers.
warm_server() {
  [ "$SERVER_WARMUP" -gt 0 ] || return 0
  log "warming the server up: ${SERVER_WARMUP}s per endpoint (discarded)"
  (wrk_run create-record 16 "$SERVER_WARMUP") >"$OUT/raw/warmup_create.txt" 2>&1 || true
  (wrk_run get-identity 16 "$SERVER_WARMUP") >"$OUT/raw/warmup_get.txt" 2>&1 || true
  if call POST /v1/tenants/bench-warmup/stacks "{\"slug\":\"warm-$(date +%s)\"}" >"$OUT/raw/warmup_stack.txt"; then
    (wrk_run patch-env 16 "$SERVER_WARMUP" TENANT=bench-warmup SLUG="$(sed -E 's/.*"slug":"([^"]+)".*/\1/' "$OUT/raw/warmup_stack.txt")") >"$OUT/raw/warmup_patch.txt" 2>&1 || true
  fi
}

# Extra, no target: PATCHes spread over 1,000 stacks of ONE tenant vs D_spread_merge (1,000 rows).
section_spread() {
  for c in $SPREAD_CLIENTS; do
    ref "UPDATE stacks SET env_vars = '{}' WHERE env_vars <> '{}'" >/dev/null; ref "VACUUM stacks"; ref "CHECKPOINT"
    pgbench_run spread D_spread_merge "$c"
    svc "UPDATE stacks SET env = '{}' WHERE tenant_id = 'bench-spread' AND env <> '{}'" >/dev/null; svc "VACUUM stacks"; ref "CHECKPOINT"
    http_run spread patch-env "$c" TENANT=bench-spread STACKS=1000 KEYS=500
  done
}

# Extra, no target: each of LOCK_CONFIGS on the same database in one run. The tenants tenant-1..100
# are emptied first, so every configuration's purges start from rows made during its own runs.
section_locks() {
  local direct=$SVC_JDBC saved_lock=$TENANT_LOCK
  svc "DELETE FROM feedback_records WHERE tenant_id ~ '^tenant-[0-9]+\$'" >/dev/null; svc "VACUUM feedback_records"
  for cfg in $LOCK_CONFIGS; do
    TENANT_LOCK=${cfg%/*}
    case ${cfg#*/} in
      direct) SVC_JDBC=$direct ;;
      direct-pt0) SVC_JDBC="$direct?prepareThreshold=0" ;;
      pgbouncer) bouncer_up; SVC_JDBC="jdbc:postgresql://127.0.0.1:$BOUNCER_PORT/$SVC_DB?prepareThreshold=0" ;;
      *) log "unknown path in LOCK_CONFIGS: $cfg"; exit 1 ;;
    esac
    KIND_SUFFIX="[$cfg]"
    for c in $CREATE_CLIENTS; do prep_svc_creates; adapter_run locks create-record "$c"; done
    stop_server; start_server
    (wrk_run create-record 16 "$SERVER_WARMUP") >"$OUT/raw/warmup_locks.txt" 2>&1 || true
    prep_svc_creates; http_run locks create-record 16
    prep_svc_creates; purge_under_load "$cfg"
  done
  KIND_SUFFIX= TENANT_LOCK=$saved_lock SVC_JDBC=$direct
  stop_server; start_server
}

prep_svc_creates() { svc "DELETE FROM feedback_records WHERE user_id IS NULL" >/dev/null; svc "VACUUM feedback_records"; svc "CHECKPOINT"; }

# 16 HTTP writers creating records over tenant-1..100 while one admin client purges a random one of
# them every PURGE_EVERY s: the writers' row (409s included) and the purges' answers and times.
purge_under_load() {
  local cfg=$1 raw=$OUT/raw/purges_${1//\//_}_r${REP}.txt
  ensure_server
  (wrk_run create-record 16 "$DUR") >"$raw.writers" 2>&1 &
  local drv=$!
  : >"$raw"
  local end=$((SECONDS + ${DUR%.*}))
  while [ "$SECONDS" -lt "$end" ]; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X DELETE -H "Authorization: Bearer $KEY" \
      "http://127.0.0.1:$SERVER_PORT/v1/tenants/tenant-$((RANDOM % 100 + 1))/data" >>"$raw" || echo "000 0" >>"$raw"
    sleep "$PURGE_EVERY"
  done
  wait "$drv" || { log "driver failed: $raw.writers"; return 0; }
  local line; line=$(grep -E "^http-create-record," "$raw.writers" | tail -1 | sed 's/^http-create-record,/http-create-during-purges,/')
  row locks http "$line" ""
  local purges; purges=$(python3 -c '
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
ms = sorted(float(t) * 1000 for _, t in rows)
codes = {}
for c, _ in rows:
    codes[c] = codes.get(c, 0) + 1
pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))] if ms else 0
print("purges=%d statuses=%s p50_ms=%.1f p90_ms=%.1f max_ms=%.1f" % (len(rows), codes, pick(0.5), pick(0.9), ms[-1] if ms else 0))
' "$raw")
  echo "$cfg $purges" >>"$OUT/purges.txt"
  log "purges under load [$cfg]: $purges | writers: $line"
}

# --- purge: a 100k-row tenant through the API vs the bare SQL purge ------------------------------
# The bare SQL purge is what ../shared/bench/pg/sql/F_procs.sql times: one transaction holding the
# tenant's advisory lock exclusively + DELETE of its rows, COMMIT, on the service's own table
# (bench_purge() in sql/purge.sql logs its time measured inside the server). The API purge is
# DELETE /v1/tenants/purge-tenant/data timed by curl (time_total, HTTP included). Both start from the
# same state: PURGE_ROWS freshly inserted rows, VACUUM, CHECKPOINT. Then writers at PURGE_CLIENTS on
# tenant-1..100 run alone, next to back-to-back refill+API purges, and next to refill+SQL purges.
PURGE_ROWS=${PURGE_ROWS:-100000}
PURGE_CYCLES=${PURGE_CYCLES:-3}
PURGE_CLIENTS=${PURGE_CLIENTS:-16}
PURGE_TENANT=purge-tenant

purge_refill() {
  svc "INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
       SELECT '$PURGE_TENANT', gen_random_uuid(), 'purge-user-' || (g % 1000),
              '{\"rating\": 2, \"comment\": \"row to be purged\"}'::jsonb, now(), now()
         FROM generate_series(1, $PURGE_ROWS) g" >/dev/null
}
purge_fresh() { svc "DELETE FROM feedback_records WHERE tenant_id = '$PURGE_TENANT'" >/dev/null; purge_refill; svc "VACUUM feedback_records"; svc "CHECKPOINT"; }
# purge_api: one API purge; prints "<ms> <deleted feedback records>", fails unless a 200
purge_api() {
  local out; out=$(curl -sS -X DELETE -H "Authorization: Bearer $KEY" -w $'\n%{http_code} %{time_total}' \
    "http://127.0.0.1:$SERVER_PORT/v1/tenants/$PURGE_TENANT/data") || return 1
  local last=${out##*$'\n'} code time; read -r code time <<<"$last"
  [ "$code" = 200 ] || { log "API purge answered $code: ${out%$'\n'*}"; return 1; }
  echo "$(python3 -c "print(round($time * 1000, 1))") $(echo "${out%$'\n'*}" | python3 -c 'import sys, json; print(json.load(sys.stdin)["deleted"]["feedbackRecords"])')"
}
purge_sql() { svc "CALL bench_purge('$PURGE_TENANT')" >/dev/null; svc "SELECT purge_ms || ' ' || deleted FROM bench_purge_log ORDER BY at DESC LIMIT 1"; }

# purge_loop <api|sql> <seconds>: refill + purge, back to back, until the time is up (the reference's
# "churn" mode); one line per purge in $OUT/raw/purge_loop_*.txt
purge_loop() {
  local how=$1 end=$((SECONDS + $2)) raw=$OUT/raw/purge_loop_${1}_jdk${JDK}_r${REP}.txt
  : >"$raw"
  while [ "$SECONDS" -lt "$end" ]; do
    purge_refill
    if [ "$how" = api ]; then purge_api >>"$raw" || echo "failed" >>"$raw"; else purge_sql >>"$raw"; fi
  done
}

# writers_run <label> [api|sql]: wrk creates at PURGE_CLIENTS on tenant-1..100, alone or next to a purge loop
writers_run() {
  local label=$1 how=${2:-} c=$PURGE_CLIENTS raw=$OUT/raw/http_purge_${1}_jdk${JDK}_r${REP}.txt
  prep_svc_creates; svc "DELETE FROM feedback_records WHERE tenant_id = '$PURGE_TENANT'" >/dev/null
  ensure_server
  (wrk_run create-record "$c" "$WARMUP") >"$raw.warmup" 2>&1 || true
  local loop=
  if [ -n "$how" ]; then purge_loop "$how" "$((DUR + 1))" & loop=$!; fi
  (wrk_run create-record "$c" "$DUR") >"$raw" 2>&1 &
  local drv=$!
  local cpu; cpu=$(cpu_sample 1 server="$SERVER_PID" driver="$drv")
  wait "$drv" || { log "wrk failed: $raw"; }
  [ -z "$loop" ] || wait "$loop" || true
  local line; line=$(grep -E "^http-create-record," "$raw" | tail -1 | sed "s/^http-create-record,/http-$label,/")
  [ -n "$line" ] || { log "no summary line from wrk: $raw"; return 0; }
  row purge http "$line" "$cpu"
  local purges=""; [ -z "$how" ] || purges=" | purges during the run: $(grep -c . "$OUT/raw/purge_loop_${how}_jdk${JDK}_r${REP}.txt") ($(tr '\n' ';' <"$OUT/raw/purge_loop_${how}_jdk${JDK}_r${REP}.txt"))"
  log "http $label c=$c jdk=$JDK: $line$purges"
}

section_purge() {
  svc "DELETE FROM feedback_records WHERE tenant_id = '$PURGE_TENANT'" >/dev/null
  "${PSQL[@]}" -d "$SVC_DB" -f "$HERE/sql/purge.sql" >/dev/null
  local i r
  for i in $(seq 1 "$PURGE_CYCLES"); do
    if [ "$FIRST_PASS" = 1 ]; then
      purge_fresh; r=$(purge_sql); echo "sql,,$REP,$i,${r% *},${r#* }" >>"$OUT/purges.csv"; log "bare SQL purge $i: ${r% *} ms, ${r#* } rows"
    fi
    purge_fresh; r=$(purge_api) || r="nan 0"; echo "api,$JDK,$REP,$i,${r% *},${r#* }" >>"$OUT/purges.csv"; log "API purge $i (JDK $JDK): ${r% *} ms, ${r#* } rows"
  done
  writers_run others-alone
  writers_run others-next-to-api-purges api
  [ "$FIRST_PASS" = 1 ] && writers_run others-next-to-sql-purges sql
  svc "DELETE FROM feedback_records WHERE tenant_id = '$PURGE_TENANT'" >/dev/null; svc "VACUUM feedback_records"
}

# --- onecon: no loss at 1 connection against an earlier build ------------------------------------
# The issue's "no loss at 1 connection": this build's HTTP create, GET and hot PATCH at 1 connection
# against BASELINE_JAR (the build the goal was set on), both servers up at once on the same database
# and warmed the same way, their runs alternated ONECON_REPS times in ABBA order so a slow minute of
# the machine hits both. First JDK pass only.
section_onecon() {
  [ "$FIRST_PASS" = 1 ] || return 0
  [ -n "$BASELINE_JAR" ] || { log "section onecon: set BASELINE_JAR to an earlier build's server jar; skipped"; return 0; }
  local cur_pid=$SERVER_PID cur_port=$SERVER_PORT cur_jar=$SERVER_JAR base_pid base_port i which tenant=bench-stacks
  SERVER_JAR=$BASELINE_JAR SERVER_LOG=server-baseline.log; start_server; warm_server
  base_pid=$SERVER_PID base_port=$SERVER_PORT
  echo "onecon: baseline ${BASELINE_LABEL:-$BASELINE_JAR} vs this build ($cur_jar), $ONECON_REPS alternations" >>"$OUT/settings.txt"
  for i in $(seq 1 "$ONECON_REPS"); do
    # ABBA: the build that goes first changes every round, so a machine slowing down or speeding up
    # over the section does not favour either
    local order="baseline current"; [ $((i % 2)) = 0 ] && order="current baseline"
    for which in $order; do
      if [ "$which" = baseline ]; then SERVER_PID=$base_pid SERVER_PORT=$base_port SERVER_JAR=$BASELINE_JAR SERVER_LOG=server-baseline.log
      else SERVER_PID=$cur_pid SERVER_PORT=$cur_port SERVER_JAR=$cur_jar SERVER_LOG=server.log; fi
      KIND_SUFFIX="[$which]"
      prep_creates; http_run onecon create-record 1
      http_run onecon get-identity 1
      local slug=one-$which-$i-$(date +%s)
      if call POST "/v1/tenants/$tenant/stacks" "{\"slug\":\"$slug\"}" >"$OUT/raw/onecon_stack_$which$i.txt"; then
        http_run onecon patch-env 1 TENANT="$tenant" SLUG="$slug" KEYS=500
      else log "could not create a stack on the $which server: $(cat "$OUT/raw/onecon_stack_$which$i.txt")"; fi
      # ensure_server may have restarted it: keep whichever process now serves
      if [ "$which" = baseline ]; then base_pid=$SERVER_PID base_port=$SERVER_PORT; else cur_pid=$SERVER_PID cur_port=$SERVER_PORT; fi
    done
  done
  KIND_SUFFIX=
  SERVER_PID=$base_pid; stop_server
  SERVER_PID=$cur_pid SERVER_PORT=$cur_port SERVER_JAR=$cur_jar SERVER_LOG=server.log
}

settings() {
  { echo "machine: nproc=$(nproc) mem=$(free -g | awk '/Mem:/{print $2}')GiB kernel=$(uname -r) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    for j in $JDKS; do echo "server JDK $(jdk_of "$j"): $("$j" -version 2>&1 | head -1) ($j)"; done
    echo "server: $SERVER_JAVA_OPTS jar=$SERVER_JAR pool=${SERVER_POOL:-default} tenant-lock=$TENANT_LOCK jdbc=$SVC_JDBC"
    echo "load: $(wrk --version 2>&1 | head -1) -t min(C,$WRK_THREADS) idempotency-keys=$IDEMPOTENCY_KEYS; adapter driver: java $DRIVER_JAVA_OPTS"
    echo "run: DUR=${DUR}s WARMUP=${WARMUP}s REPS=$REPS create=[$CREATE_CLIENTS] get=[$GET_CLIENTS] patch=[$PATCH_CLIENTS] spread=[$SPREAD_CLIENTS] pgbench -M prepared -n -j $THREADS identities=$IDENTITIES"
    "${PSQL[@]}" -d postgres -At -c "SELECT version()"
    "${PSQL[@]}" -d postgres -At -c "SELECT name || '=' || setting || coalesce(unit, '') FROM pg_settings WHERE name IN ('fsync','synchronous_commit','wal_sync_method','full_page_writes','shared_buffers','max_connections','max_wal_size') ORDER BY name" | paste -sd' '
  } >"$OUT/settings.txt"
}

main() {
  mkdir -p "$OUT/raw"; rm -f "$OUT"/raw/* "$CSV" "$OUT/purges.txt" "$OUT/purges.csv"
  echo "section,kind,scenario,clients,rep,seconds,ok,non2xx,errors,tps,mean_ms,p50_ms,p99_ms,p999_ms,max_ms,statuses,cpu,jdk" >"$CSV"
  echo "how,jdk,rep,cycle,ms,deleted" >"$OUT/purges.csv"
  ensure_tools
  build
  load_reference
  load_service
  settings
  log "measuring: JDKs [$JDKS], sections [$SECTIONS], ${WARMUP}s warm-up + ${DUR}s per run"
  for REP in $(seq 1 "$REPS"); do
    FIRST_PASS=1
    for JAVA_BIN in $JDKS; do
      JDK=$(jdk_of "$JAVA_BIN")
      start_server
      warm_server
      for s in $SECTIONS; do "section_$s"; done
      stop_server
      FIRST_PASS=0
    done
  done
  python3 "$HERE/report.py" "$OUT"
  log "report: $OUT/report.md"
}

main "$@"
