#!/usr/bin/env bash
# Benchmarks of DESIGN.md section 7 (virtual visits) on this machine; writes the figures into docs/benchmarks.md.
#
#   load/bench.sh [--skip-build] [--profile] [--seconds N] [--only STEP[,STEP...]]
#
# Steps, in order: baseline intake rate reads variant surge dashboard live fanout kill cold catchup profile
# estimate. A full run writes docs/benchmarks.md; a run with --only writes load/target/bench/partial.md instead,
# so a partial run never replaces the figures of a full one. (rate needs intake, for its rate.)
#
# One node on 127.0.0.1 with a fresh data directory (embedded PostgreSQL, fsync and synchronous_commit on,
# checked with SHOW), tokens from a local ES256 issuer the node trusts as its OIDC provider (so the node spends
# no CPU minting tokens), then, each bounded in time:
#   1. raw baseline: batched INSERTs of journal-like rows into the same PostgreSQL (RawInsertBaseline)
#   2. IntakeMax, closed model (maximum intake rate), sampling event_journal for events/s
#   3. IntakeMax, open model at 70% of that rate (sustained rate and its p99)
#   4. PatientReads (own visit + availability, back to back)
#  4b. intake and reads again with one configuration change (BENCH_VARIANT_OPTS), before/after
#   5. FullSurge (patients ramping to 10x baseline, providers, support, caregivers)
#  5b. dashboard: 10,000 waiting patients over the 50 states made as real intakes in tenant "bench" (once, for 5b
#      and 5d; LiveBench populate), then GET /dashboard of all 50 states by a few caregivers back to back
#  5c. live: intake at the sustained rate (RATE; BENCH_INTAKE_RATE without the intake step) in tenant "benchlive",
#      each patient then on a socket of their own, caregivers watching the states, a provider per state taking
#      patients; every message timed from the persistedAt it carries (persist → socket), missing ones counted;
#      the dashboard of 5b once a second meanwhile
#  5d. fanout: a socket for each of the 10,000 waiting patients and 200 caregivers' (on the node as shipped, or
#      restarted with BENCH_FANOUT_NODE_OPTS), providers taking 50 patients/s; for each
#      queue change, persisted → the last affected patient's position message
#  5f. node killed under load: a cluster of three nodes of its own (the first with the embedded PostgreSQL, the
#      others on its database, joining through it); NodeKill sends intakes and chat messages over the three, kills
#      the second with SIGKILL, probes every state's availability and a sample of visits through the survivors
#      every 100 ms until each serves again, reads back every acknowledged visit and message, and the killed node
#      is started again and must rejoin. Only this step (and estimate) runs without the one node.
#  6b. catchup: CatchUpBench writes a burst of 100,000 tagged events (copies of a real intake's, in a tenant of
#      their own) into the journal at once and times the read models until they have applied all of it; then
#      intake at the sustained rate while the projections' lag is sampled (does it grow?)
#   6. cold start: journal topped up to 100,000 visits, node restarted, time to /health/ready
#   7. WaitEstimateAccuracy (no node)
# --profile adds a separate intake run with a JFR recording of the node (started once the node is ready) and
# pg_stat_statements, summarized in load/target/bench/profile/ and in the report. Everything stays on 127.0.0.1; every step has a time limit and the script stops
# the processes it started (by pid) when it ends.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/load/target/bench
SECONDS_PER_BENCH=${BENCH_SECONDS:-60}
HTTP_PORT=${BENCH_HTTP_PORT:-18480}
REMOTE_PORT=${BENCH_REMOTE_PORT:-25580}
DB_PORT=${BENCH_DB_PORT:-55480}
JWKS_PORT=${BENCH_JWKS_PORT:-18481}
NODE_JAVA_OPTS=${BENCH_NODE_JAVA_OPTS:--Xms1g -Xmx2g}
LOAD_JAVA_OPTS=${BENCH_LOAD_JAVA_OPTS:--Xms512m -Xmx1g}
# What gatling-maven-plugin passes to the JVM it forks.
GATLING_JAVA_OPTS="-XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"
INTAKE_USERS=${BENCH_INTAKE_USERS:-48}
READ_USERS=${BENCH_READ_USERS:-48}
RATE_SHARE=${BENCH_RATE_SHARE:-70}
COLD_VISITS=${BENCH_COLD_VISITS:-100000}
TOKEN_ALG=${BENCH_TOKEN_ALG:-RS256}
# The node-kill step's cluster: three nodes on consecutive HTTP and cluster ports, the first with the database.
KILL_HTTP_PORT=${BENCH_KILL_HTTP_PORT:-$((HTTP_PORT + 10))}
KILL_REMOTE_PORT=${BENCH_KILL_REMOTE_PORT:-$((REMOTE_PORT + 10))}
KILL_DB_PORT=${BENCH_KILL_DB_PORT:-$((DB_PORT + 10))}
KILL_NODE_JAVA_OPTS=${BENCH_KILL_NODE_JAVA_OPTS:--Xms512m -Xmx1g}
KILL_VICTIM=${BENCH_KILL_VICTIM:-1}
KILL_RATE=${BENCH_KILL_RATE:-20}
# A configuration change measured against the node as shipped (intake and reads run again with it; empty: skip).
# On a 2-core machine the JDK's common pool has parallelism 1, so CompletableFuture's default async executor
# starts a new thread for every async stage (Scala's future-to-CompletionStage adapter runs thenApply and
# thenCompose asynchronously): giving the common pool a few threads stops that.
# The node now sets that parallelism itself, so by default there is no variant run.
VARIANT_OPTS=${BENCH_VARIANT_OPTS:-}
# The read-side steps (dashboard, live, fanout) run LiveBench in tenants of their own, so that their queues hold
# exactly what they measure: BENCH_TENANT the 10,000 waiting patients, LIVE_TENANT the live step's intake.
BENCH_TENANT=bench
LIVE_TENANT=benchlive
LIVE_JAVA_OPTS=${BENCH_LIVE_JAVA_OPTS:--Xms256m -Xmx1500m}
DASHBOARD_CALLERS=${BENCH_DASHBOARD_CALLERS:-4}
LIVE_CAREGIVERS=${BENCH_LIVE_CAREGIVERS:-20}
# Size of the journal burst the read models catch up on (CatchUpBench).
CATCHUP_EVENTS=${BENCH_CATCHUP_EVENTS:-100000}
FANOUT_PATIENTS=${BENCH_FANOUT_PATIENTS:-10000}
FANOUT_CAREGIVERS=${BENCH_FANOUT_CAREGIVERS:-200}
FANOUT_TAKES=${BENCH_FANOUT_TAKES:-50}
# JVM options to restart the node with for the fan-out step (empty: the node as shipped, which accepts 16,384
# connections; the step needs 10,200 sockets).
FANOUT_NODE_OPTS=${BENCH_FANOUT_NODE_OPTS:-}
BUILD=1
PROFILE=0
ONLY=
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) BUILD=0 ;;
    --profile) PROFILE=1 ;;
    --seconds) SECONDS_PER_BENCH=$2; shift ;;
    --only) ONLY=",$2,"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$SECONDS_PER_BENCH" -gt 300 ]; then
  echo "at most 300 s per benchmark" >&2
  exit 2
fi

BASE=http://127.0.0.1:$HTTP_PORT
JDBC="jdbc:postgresql://127.0.0.1:$DB_PORT/postgres?user=postgres"
RESULTS=$OUT/results.properties
NODE_PID=""
JWKS_PID=""
SAMPLER_PID=""
MEMBER_PIDS=()

# Whether a step runs: all of them, or those named with --only.
want() { [ -z "$ONLY" ] || [[ "$ONLY" == *",$1,"* ]]; }

log() { echo "[bench $(date +%H:%M:%S)] $*"; }

stop_pid() { # pid, seconds to wait before SIGKILL
  local pid=$1 wait=${2:-60}
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$wait"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$SAMPLER_PID" 5
  stop_pid "$NODE_PID" 60
  local p
  for p in "${MEMBER_PIDS[@]}"; do stop_pid "$p" 30; done
  stop_pid "$JWKS_PID" 5
}
trap cleanup EXIT

put() { echo "$1=$2" >> "$RESULTS"; }

mkdir -p "$OUT"
: > "$RESULTS"

# ---- build
cd "$ROOT"
if [ "$BUILD" = 1 ] || [ ! -f cluster/target/surgecare.jar ] || [ ! -f load/target/classpath.txt ]; then
  log "building (mvn package, tests skipped)"
  MVN_ARGS=(-B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test)
  mvn -o "${MVN_ARGS[@]}" || mvn -U "${MVN_ARGS[@]}"
fi
CP="$ROOT/load/target/test-classes:$ROOT/load/target/classes:$(cat "$ROOT/load/target/classpath.txt")"
jrun() { java $LOAD_JAVA_OPTS -cp "$CP" "$@"; }

# ---- machine
put date "$(date -u +'%Y-%m-%d %H:%M UTC')"
put machine.cpu "$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
put machine.cores "$(nproc)"
put machine.memory "$(free -h | awk '/^Mem:/ {print $2}') total"
put machine.os "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), kernel $(uname -r)"
put machine.java "$(java -version 2>&1 | head -1)"
put git.commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core projections http cluster || echo ' (with local changes)')"
put node.javaOpts "$NODE_JAVA_OPTS"
put bench.seconds "$SECONDS_PER_BENCH"

# The one node (and the key set server it fetches the issuer's keys from) only when a selected step uses it.
NEEDS_NODE=$PROFILE
for step in baseline intake rate reads variant surge dashboard live fanout catchup cold profile; do
  want "$step" && NEEDS_NODE=1
done

# ---- token issuer
jrun org.surgecare.load.support.LocalIssuer keys "$OUT/issuer" "$TOKEN_ALG" >/dev/null
put token.alg "$TOKEN_ALG"
ISSUER_KEY=$OUT/issuer/issuer-key.json
if [ "$NEEDS_NODE" = 1 ]; then
  log "local token issuer on 127.0.0.1:$JWKS_PORT"
  java -Xmx64m -cp "$CP" org.surgecare.load.support.LocalIssuer serve "$OUT/issuer" "$JWKS_PORT" 10800 > "$OUT/jwks.log" 2>&1 &
  JWKS_PID=$!
fi

# ---- node
DEATHS=0
# Waits until BASE answers ready, at most SECONDS; stops the run if PID exits first. Sets READY_SECONDS (from STARTED).
await_ready() { # base url, pid, log file, name, seconds allowed, started, what to add when not ready
  local base=$1 pid=$2 logfile=$3 name=$4 allowed=$5 started=$6 hint=$7
  for _ in $(seq 1 $((allowed * 10))); do
    if curl -sf -o /dev/null "$base/health/ready"; then
      READY_SECONDS=$(echo "$(date +%s.%N) - $started" | bc)
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; see $logfile" >&2; tail -20 "$logfile" >&2; exit 1; }
    sleep 0.1
  done
  echo "$name not ready after $allowed s$hint" >&2
  exit 1
}

start_node() { # data dir, log file, extra java options
  local data=$1 logfile=$2 extra=${3:-}
  NODE_LOG=$logfile
  NODE_EXTRA=$extra
  local started
  started=$(date +%s.%N)
  SURGECARE_DATA_DIR=$data SURGECARE_HTTP_PORT=$HTTP_PORT SURGECARE_REMOTE_PORT=$REMOTE_PORT SURGECARE_DB_PORT=$DB_PORT \
    SURGECARE_TENANTS=demo,$BENCH_TENANT,$LIVE_TENANT SURGECARE_DEV_ISSUER=off SURGECARE_OIDC_ISSUER=urn:surgecare:load SURGECARE_OIDC_AUDIENCE=surgecare-api \
    SURGECARE_OIDC_JWKS_URL=http://127.0.0.1:$JWKS_PORT/jwks.json \
    java $NODE_JAVA_OPTS $extra -jar "$ROOT/cluster/target/surgecare.jar" > "$logfile" 2>&1 &
  NODE_PID=$!
  await_ready "$BASE" "$NODE_PID" "$logfile" node 120 "$started" "; see $logfile"
  log "node ready in ${READY_SECONDS}s (pid $NODE_PID)"
}

stop_node() {
  stop_pid "$NODE_PID" 60
  NODE_PID=""
}

sql() { jrun org.surgecare.load.support.BenchSql query "$JDBC" "$@"; }

DATA=$OUT/data
if [ "$NEEDS_NODE" = 1 ]; then
  rm -rf "$DATA"
  log "starting the node with a fresh data directory"
  start_node "$DATA" "$OUT/node.log"
  put fresh.readySeconds "$READY_SECONDS"
  put pg.fsync "$(sql 'SHOW fsync')"
  put pg.synchronous_commit "$(sql 'SHOW synchronous_commit')"
  put pg.full_page_writes "$(sql 'SHOW full_page_writes')"
  put pg.version "$(sql 'SHOW server_version')"
  if [ "$(sql 'SHOW fsync')" != on ] || [ "$(sql 'SHOW synchronous_commit')" != on ]; then
    echo "PostgreSQL must run with fsync and synchronous_commit on" >&2
    exit 1
  fi
fi

# ---- 1. raw baseline
if want baseline; then
  log "raw baseline: batched INSERTs for 15 s"
  BASELINE=$(jrun org.surgecare.load.care.RawInsertBaseline "$JDBC" 15 2 400)
  log "$BASELINE"
  put baseline.rowsPerSecond "$(echo "$BASELINE" | sed -n 's/.*rowsPerSecond=\([0-9.]*\).*/\1/p')"
  put baseline.threads 2
  put baseline.batch 400
fi

# ---- Gatling
# CPU time (ms) of the node's JVM and of its PostgreSQL (postmaster, its live children and the reaped ones).
TICK_MS=$((1000 / $(getconf CLK_TCK)))
proc_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
node_cpu_ms() { echo $(($(proc_ticks "$NODE_PID") * TICK_MS)); }
pg_cpu_ms() {
  local pm t c
  pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || echo 0)
  t=$(proc_ticks "$pm")
  for c in $(pgrep -P "$pm" 2>/dev/null); do t=$((t + $(proc_ticks "$c"))); done
  echo $((t * TICK_MS))
}

gatling() { # result key, simulation, description, extra -D options...
  local key=$1 sim=$2 desc=$3
  shift 3
  local before node0 pg0 load0
  before=$(ls -1 "$OUT/gatling" 2>/dev/null || true)
  node0=$(node_cpu_ms)
  pg0=$(pg_cpu_ms)
  load0=$(cut -d' ' -f1 /proc/loadavg)
  set +e
  timeout $((SECONDS_PER_BENCH * 2 + 300)) java $LOAD_JAVA_OPTS $GATLING_JAVA_OPTS -cp "$CP" \
    -Dsurgecare.baseUrl="$BASE" -Dsurgecare.issuerKey="$ISSUER_KEY" -Dsurgecare.duration="$SECONDS_PER_BENCH" "$@" \
    io.gatling.app.Gatling -s "org.surgecare.load.care.$sim" -rf "$OUT/gatling" -rd "$desc" > "$OUT/$sim.log" 2>&1
  local status=$?
  set -e
  put "$key.nodeCpuMs" $(($(node_cpu_ms) - node0))
  put "$key.pgCpuMs" $(($(pg_cpu_ms) - pg0))
  put "$key.loadavg" "$load0 → $(cut -d' ' -f1 /proc/loadavg)"
  GATLING_DIR=$(comm -13 <(echo "$before") <(ls -1 "$OUT/gatling" 2>/dev/null) | grep -i "^$sim-" | tail -1 || true)
  [ -n "$GATLING_DIR" ] && GATLING_DIR=$OUT/gatling/$GATLING_DIR
  put "$key.dir" "$GATLING_DIR"
  NODE_DIED=0
  if ! kill -0 "$NODE_PID" 2>/dev/null; then
    NODE_DIED=1
    DEATHS=$((DEATHS + 1))
    log "the node stopped during $sim (log kept as node-stopped-$DEATHS.log); restarting it on the same data"
    cp "$NODE_LOG" "$OUT/node-stopped-$DEATHS.log"
    put "$key.nodeStopped" yes
    start_node "$DATA" "$OUT/node-after-$DEATHS.log" "$NODE_EXTRA"
  fi
  log "$sim done (exit $status: 0 = assertions met); report $GATLING_DIR"
  grep -E "^(Global|[a-z ]+):.*: (true|false)" "$OUT/$sim.log" | sed 's/^/    /' || true
}

max_ordering() { sql 'SELECT coalesce(max(ordering), 0) FROM event_journal'; }

events_per_second() { # sample file -> "peak avg" (peak = best 10 s window; avg from first to last increase)
  awk '{ t[NR] = $1; v[NR] = $2 } END {
    peak = 0; first = 0; last = 0
    for (i = 2; i <= NR; i++) { if (v[i] > v[i-1]) { if (!first) first = i - 1; last = i } }
    for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (t[j] - t[i] >= 10000) {
      r = (v[j] - v[i]) * 1000 / (t[j] - t[i]); if (r > peak) peak = r; break }
    avg = (last > first) ? (v[last] - v[first]) * 1000 / (t[last] - t[first]) : 0
    printf "%.0f %.0f\n", peak, avg }' "$1"
}

# ---- 2. intake, closed model
intake_closed() {
  log "IntakeMax, closed model: $INTAKE_USERS patients back to back for ${SECONDS_PER_BENCH}s"
  E0=$(max_ordering)
  java -Xmx64m -cp "$CP" org.surgecare.load.support.BenchSql sample "$JDBC" "$OUT/intake-events.txt" $((SECONDS_PER_BENCH + 600)) &
  SAMPLER_PID=$!
  gatling intake.max IntakeMax "intake, closed model, $INTAKE_USERS users" -Dsurgecare.users="$INTAKE_USERS"
  stop_pid "$SAMPLER_PID" 5
  SAMPLER_PID=""
  E1=$(max_ordering)
}
MAX_RPS=${BENCH_INTAKE_RATE:-0}
if want intake; then
  intake_closed
  # The node may be stopped from outside (other work on a shared machine); the run is repeated once then.
  [ "$NODE_DIED" = 1 ] && intake_closed
  put intake.max.users "$INTAKE_USERS"
  read -r PEAK AVG < <(events_per_second "$OUT/intake-events.txt")
  put intake.max.eventsPerSecondPeak "$PEAK"
  put intake.max.eventsPerSecondAvg "$AVG"
  MAX_RPS=$(java -cp "$CP" org.surgecare.load.support.BenchStat "$GATLING_DIR" intake perSecond 2>/dev/null || echo 0)
  MAX_TOTAL=$(java -cp "$CP" org.surgecare.load.support.BenchStat "$GATLING_DIR" intake ok 2>/dev/null || echo 0)
  if [ "${MAX_TOTAL%.*}" -gt 0 ]; then
    put intake.max.eventsPerIntake "$(echo "scale=2; ($E1 - $E0) / $MAX_TOTAL" | bc)"
  fi
  log "intake: ${MAX_RPS}/s; events/s peak $PEAK, average $AVG; $((E1 - E0)) events for $MAX_TOTAL intakes"
fi
# The sustained rate the later steps load the node with (a share of the saturation rate; BENCH_INTAKE_RATE
# gives the saturation rate when the intake step is not run).
RATE=$(echo "${MAX_RPS:-0} * $RATE_SHARE / 100" | bc)
[ "${RATE:-0}" -lt 10 ] && RATE=10

# ---- 3. intake, open model at a share of the maximum
if want rate; then
  log "IntakeMax, open model at ${RATE}/s for ${SECONDS_PER_BENCH}s"
  gatling intake.rate IntakeMax "intake, open model, $RATE/s" -Dsurgecare.rate="$RATE"
  [ "$NODE_DIED" = 1 ] && gatling intake.rate IntakeMax "intake, open model, $RATE/s" -Dsurgecare.rate="$RATE"
  put intake.rate.rate "$RATE"
  put intake.rate.share "$RATE_SHARE"
fi

# ---- 4. patient reads
if want reads; then
  log "PatientReads: $READ_USERS readers back to back for ${SECONDS_PER_BENCH}s"
  gatling reads PatientReads "patient reads, $READ_USERS users" -Dsurgecare.users="$READ_USERS"
  [ "$NODE_DIED" = 1 ] && gatling reads PatientReads "patient reads, $READ_USERS users" -Dsurgecare.users="$READ_USERS"
  put reads.users "$READ_USERS"
fi

# ---- 4b. the same intake and reads with the configuration change
if [ -n "$VARIANT_OPTS" ] && want variant; then
  log "restarting the node with $VARIANT_OPTS"
  stop_node
  start_node "$DATA" "$OUT/node-variant.log" "$VARIANT_OPTS"
  put variant.opts "$VARIANT_OPTS"
  gatling variant.intake IntakeMax "intake, closed model, $INTAKE_USERS users, $VARIANT_OPTS" -Dsurgecare.users="$INTAKE_USERS"
  [ "$NODE_DIED" = 1 ] && gatling variant.intake IntakeMax "intake, closed model, $INTAKE_USERS users, $VARIANT_OPTS" -Dsurgecare.users="$INTAKE_USERS"
  gatling variant.reads PatientReads "patient reads, $READ_USERS users, $VARIANT_OPTS" -Dsurgecare.users="$READ_USERS"
  [ "$NODE_DIED" = 1 ] && gatling variant.reads PatientReads "patient reads, $READ_USERS users, $VARIANT_OPTS" -Dsurgecare.users="$READ_USERS"
  log "back to the node as shipped"
  stop_node
  start_node "$DATA" "$OUT/node-2.log"
fi

# ---- 5. the surge mix
if want surge; then
  SURGE_SECONDS=$((SECONDS_PER_BENCH * 3 / 2))
  log "FullSurge for ${SURGE_SECONDS}s"
  gatling surge FullSurge "surge mix" -Dsurgecare.duration="$SURGE_SECONDS" -Dsurgecare.baselineRate=3 -Dsurgecare.peakFactor=10
  [ "$NODE_DIED" = 1 ] && gatling surge FullSurge "surge mix" -Dsurgecare.duration="$SURGE_SECONDS" -Dsurgecare.baselineRate=3 -Dsurgecare.peakFactor=10
  put surge.description "Patients arriving at 3/s, ramping to 30/s (10x) and back over ${SURGE_SECONDS} s across 12 states (availability, intake with Idempotency-Key, 10% retry it, polls every 3 s while waiting, 15% cancel, chat); 6 providers taking next/start/complete; 1 support user toggling busy; 20 caregivers with dashboard and live socket. Refusals (busy 429, full/closed 409) count as answers."
fi

# LiveBench (a Java harness with one shared JDK HttpClient) for the steps that need many sockets: its key=value
# lines go into the results, its progress lines (starting with a space) to the terminal.
live_bench() { # tenant, command, arguments...
  local tenant=$1 command=$2 status
  shift 2
  set +e
  timeout $((SECONDS_PER_BENCH + 900)) java $LIVE_JAVA_OPTS -cp "$CP" org.surgecare.load.care.LiveBench \
    "$BASE" "$tenant" "$ISSUER_KEY" "$OUT" "$command" "$@" > "$OUT/livebench-$command.log" 2>&1
  status=$?
  set -e
  grep -E '^[a-z]+\.[A-Za-z0-9.]+=' "$OUT/livebench-$command.log" >> "$RESULTS" || true
  grep '^ ' "$OUT/livebench-$command.log" | sed 's/^/   /' || true
  [ "$status" = 0 ] || log "LiveBench $command ended with $status; see $OUT/livebench-$command.log"
  put "$command.exit" "$status"
}
# The 10,000 waiting patients over the 50 states, made once (as real intakes) for the dashboard and fan-out steps.
POPULATED=0
populate() {
  [ "$POPULATED" = 1 ] && return 0
  rm -f "$OUT/waiting-$BENCH_TENANT.tsv"
  log "populating tenant $BENCH_TENANT with $FANOUT_PATIENTS waiting patients over 50 states (intakes through the API)"
  live_bench "$BENCH_TENANT" populate "$FANOUT_PATIENTS" 50
  POPULATED=1
}

# ---- 5b. caregiver dashboard, 10,000 waiting over 50 states
if want dashboard; then
  populate
  log "dashboard of 50 states: $DASHBOARD_CALLERS callers back to back for ${SECONDS_PER_BENCH}s"
  NODE0=$(node_cpu_ms); PG0=$(pg_cpu_ms)
  live_bench "$BENCH_TENANT" dashboard "$SECONDS_PER_BENCH" "$DASHBOARD_CALLERS" 50
  put dashboard.nodeCpuMs $(($(node_cpu_ms) - NODE0))
  put dashboard.pgCpuMs $(($(pg_cpu_ms) - PG0))
fi

# ---- 5c. live update, persist → WebSocket, under the sustained intake rate
if want live; then
  log "live: intake at ${RATE}/s for ${SECONDS_PER_BENCH}s, $LIVE_CAREGIVERS caregiver sockets, a socket per patient"
  DASHBOARD_TENANT=""
  [ "$POPULATED" = 1 ] && DASHBOARD_TENANT=$BENCH_TENANT
  live_bench "$LIVE_TENANT" live "$SECONDS_PER_BENCH" "$RATE" "$LIVE_CAREGIVERS" "$DASHBOARD_TENANT"
fi

# ---- 5d. WebSocket fan-out: 10,000 patients and 200 caregivers connected, providers taking 50 patients/s
if want fanout; then
  populate
  if [ -n "$FANOUT_NODE_OPTS" ]; then
    log "restarting the node with $FANOUT_NODE_OPTS for the fan-out"
    stop_node
    start_node "$DATA" "$OUT/node-fanout.log" "$FANOUT_NODE_OPTS"
  fi
  put fanout.nodeOpts "$FANOUT_NODE_OPTS"
  put fanout.nodeMaxOpenFiles "$(awk '/Max open files/ {print $4}' "/proc/$NODE_PID/limits")"
  put fanout.somaxconn "$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo ?)"
  put fanout.portRange "$(tr '\t' ' ' < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo ?)"
  log "fan-out: $FANOUT_PATIENTS patient and $FANOUT_CAREGIVERS caregiver sockets, $FANOUT_TAKES takes/s for ${SECONDS_PER_BENCH}s"
  # The node's open files and busiest threads every 5 s (top -H), for the bottleneck.
  ( while kill -0 "$NODE_PID" 2>/dev/null; do
      echo "== $(date +%T) fds $(ls /proc/$NODE_PID/fd 2>/dev/null | wc -l) load $(cut -d' ' -f1-3 /proc/loadavg)"
      top -H -b -n 1 -p "$NODE_PID" 2>/dev/null | sed -n '8,20p'
      sleep 5
    done ) > "$OUT/fanout-node.txt" 2>&1 &
  SAMPLER_PID=$!
  NODE0=$(node_cpu_ms); PG0=$(pg_cpu_ms)
  # A flight recording of the node through the step, summarized (JfrTop) in load/target/bench/fanout-hot.txt.
  jcmd "$NODE_PID" JFR.start name=fanout settings=profile filename="$OUT/fanout.jfr" >/dev/null 2>&1 || true
  live_bench "$BENCH_TENANT" fanout "$SECONDS_PER_BENCH" "$FANOUT_TAKES" "$FANOUT_CAREGIVERS"
  put fanout.nodeCpuMs $(($(node_cpu_ms) - NODE0))
  put fanout.pgCpuMs $(($(pg_cpu_ms) - PG0))
  jcmd "$NODE_PID" JFR.stop name=fanout >/dev/null 2>&1 || true
  java -cp "$CP" org.surgecare.load.care.JfrTop "$OUT/fanout.jfr" 30 > "$OUT/fanout-hot.txt" 2>&1 || true
  stop_pid "$SAMPLER_PID" 5
  SAMPLER_PID=""
  put fanout.nodeFdsMax "$(sed -n 's/^== .* fds \([0-9]*\) .*/\1/p' "$OUT/fanout-node.txt" | sort -n | tail -1)"
  if [ -n "$FANOUT_NODE_OPTS" ]; then
    log "back to the node as shipped"
    stop_node
    start_node "$DATA" "$OUT/node-3.log"
  fi
fi

# ---- 5f. node killed under load (a cluster of three nodes)
if want kill; then
  KILL_OUT=$OUT/kill
  rm -rf "$KILL_OUT"
  mkdir -p "$KILL_OUT"
  # The one node makes way (CPU, memory) and comes back on its data afterwards for the steps that follow.
  RESTART_NODE=0
  if [ -n "$NODE_PID" ]; then
    stop_node
    RESTART_NODE=1
  fi
  KILL_JDBC="jdbc:postgresql://127.0.0.1:$KILL_DB_PORT/postgres?user=postgres"
  # Member i: HTTP KILL_HTTP_PORT+i, cluster port KILL_REMOTE_PORT+i, joining through member 0, which owns the
  # embedded database. The members read the issuer's key set from its file (the same keys the one node fetches
  # over HTTP), so the step needs no port beyond its own. Cluster and sharding log at INFO (bench-logback.xml)
  # for the timeline of the kill.
  start_member() { # index, log file
    local i=$1 logfile=$2
    local db=(SURGECARE_DATA_DIR="$KILL_OUT/data" SURGECARE_DB_PORT="$KILL_DB_PORT")
    [ "$i" != 0 ] && db=(SURGECARE_DATA_DIR="$KILL_OUT/data-$i" SURGECARE_JDBC_URL="jdbc:postgresql://127.0.0.1:$KILL_DB_PORT/postgres")
    env "${db[@]}" SURGECARE_HTTP_PORT=$((KILL_HTTP_PORT + i)) SURGECARE_REMOTE_PORT=$((KILL_REMOTE_PORT + i)) \
      SURGECARE_SEED_NODES=127.0.0.1:$KILL_REMOTE_PORT SURGECARE_DEV_ISSUER=off \
      SURGECARE_OIDC_ISSUER=urn:surgecare:load SURGECARE_OIDC_AUDIENCE=surgecare-api \
      SURGECARE_OIDC_JWKS_URL="file:$OUT/issuer/jwks.json" \
      java $KILL_NODE_JAVA_OPTS -Dlogback.configurationFile="$ROOT/load/bench-logback.xml" \
      -jar "$ROOT/cluster/target/surgecare.jar" > "$logfile" 2>&1 &
    MEMBER_PIDS[$i]=$!
  }
  member_ready() { # index, seconds allowed -> sets READY_SECONDS
    await_ready "http://127.0.0.1:$((KILL_HTTP_PORT + $1))" "${MEMBER_PIDS[$1]}" "$KILL_OUT/member-$1.log" "member $1" "$2" \
      "$(date +%s.%N)" ""
  }
  log "node kill: three nodes on 127.0.0.1:$KILL_HTTP_PORT-$((KILL_HTTP_PORT + 2)), database on $KILL_DB_PORT"
  start_member 0 "$KILL_OUT/member-0.log"
  member_ready 0 120
  start_member 1 "$KILL_OUT/member-1.log"
  member_ready 1 120
  start_member 2 "$KILL_OUT/member-2.log"
  member_ready 2 120
  ksql() { jrun org.surgecare.load.support.BenchSql query "$KILL_JDBC" "$@"; }
  put kill.pg.fsync "$(ksql 'SHOW fsync')"
  put kill.pg.synchronous_commit "$(ksql 'SHOW synchronous_commit')"
  if [ "$(ksql 'SHOW fsync')" != on ] || [ "$(ksql 'SHOW synchronous_commit')" != on ]; then
    echo "PostgreSQL must run with fsync and synchronous_commit on" >&2
    exit 1
  fi
  BASES=""
  for i in 0 1 2; do BASES="$BASES${BASES:+,}http://127.0.0.1:$((KILL_HTTP_PORT + i))"; done
  log "cluster up; intake at ${KILL_RATE}/s over the three nodes, member $KILL_VICTIM (pid ${MEMBER_PIDS[$KILL_VICTIM]}) killed with SIGKILL a third of the way into ${SECONDS_PER_BENCH}s"
  set +e
  timeout $((SECONDS_PER_BENCH + 600)) java $LOAD_JAVA_OPTS -cp "$CP" org.surgecare.load.care.NodeKill run bases="$BASES" \
    victim="$KILL_VICTIM" pid="${MEMBER_PIDS[$KILL_VICTIM]}" key="$ISSUER_KEY" jdbc="$KILL_JDBC" seconds="$SECONDS_PER_BENCH" \
    rate="$KILL_RATE" ids="$KILL_OUT/acknowledged.txt" > "$KILL_OUT/run.txt" 2> "$KILL_OUT/run.err"
  KILL_STATUS=$?
  set -e
  grep '^kill\.' "$KILL_OUT/run.txt" >> "$RESULTS" || true
  sed 's/^/    /' "$KILL_OUT/run.txt"
  [ "$KILL_STATUS" = 0 ] || { log "NodeKill exited with $KILL_STATUS; see $KILL_OUT/run.err"; tail -5 "$KILL_OUT/run.err" >&2; }
  # NodeKill killed the member unless it failed before the kill.
  stop_pid "${MEMBER_PIDS[$KILL_VICTIM]}" 5
  # Where the time went, from the survivors' logs (cluster and sharding events with their timestamps).
  for i in 0 1 2; do
    [ "$i" = "$KILL_VICTIM" ] && continue
    grep -E "UNREACHABLE|SBR|[Dd]own|[Rr]emov|[Ss]hard.*(allocat|[Hh]and|[Rr]ebalanc|[Tt]erminat)|[Rr]egion.*[Tt]erminat" \
      "$KILL_OUT/member-$i.log" > "$KILL_OUT/timeline-$i.txt" || true
  done
  put kill.timeline "$KILL_OUT/timeline-0.txt"
  if [ -f "$KILL_OUT/acknowledged.txt" ]; then
    log "restarting the killed member; it must rejoin and serve"
    start_member "$KILL_VICTIM" "$KILL_OUT/member-$KILL_VICTIM-restarted.log"
    member_ready "$KILL_VICTIM" 120
    put kill.rejoin.readySeconds "$READY_SECONDS"
    java $LOAD_JAVA_OPTS -cp "$CP" org.surgecare.load.care.NodeKill rejoin base="http://127.0.0.1:$((KILL_HTTP_PORT + KILL_VICTIM))" \
      key="$ISSUER_KEY" ids="$KILL_OUT/acknowledged.txt" members=3 > "$KILL_OUT/rejoin.txt" 2>> "$KILL_OUT/run.err" || true
    grep '^kill\.' "$KILL_OUT/rejoin.txt" >> "$RESULTS" || true
    sed 's/^/    /' "$KILL_OUT/rejoin.txt"
  fi
  for i in 2 1 0; do
    stop_pid "${MEMBER_PIDS[$i]:-}" 60
  done
  MEMBER_PIDS=()
  if [ "$RESTART_NODE" = 1 ]; then
    start_node "$DATA" "$OUT/node-after-kill.log"
  fi
fi

# ---- 6. cold start with 100,000 visits
if want cold; then
  log "cold start: topping the journal up to $COLD_VISITS visits"
  FILL=$(timeout 600 java $LOAD_JAVA_OPTS -cp "$CP" org.surgecare.load.care.ColdStartFiller "$JDBC" "$COLD_VISITS")
  log "$FILL"
  put cold.apiVisits "$(echo "$FILL" | sed -n 's/.*apiVisits=\([0-9]*\).*/\1/p')"
  put cold.copiedVisits "$(echo "$FILL" | sed -n 's/.*copiedVisits=\([0-9]*\).*/\1/p')"
  put cold.visits "$(sql "SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Visit|%' AND sequence_number = 1")"
  put cold.events "$(sql 'SELECT count(*) FROM event_journal')"
  stop_node
  log "restarting the node on the same data"
  LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
  start_node "$DATA" "$OUT/node-cold.log"
  put cold.readySeconds "$READY_SECONDS"
  put cold.loadavg "$LOAD_BEFORE → $(cut -d' ' -f1 /proc/loadavg)"
  FIRST=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/v1/tenants/demo/queues/WA/availability")
  put cold.firstRequestMs "$(echo "$FIRST * 1000" | bc)"
fi

# ---- 6b. read-model catch-up after a 100,000-event burst (after the cold start: its burst adds 50,000 visits
# in a tenant of their own, which the cold start's count of visits made through the API would take for its own)
if want catchup; then
  log "read-model catch-up: a burst of $CATCHUP_EVENTS events, then intake at ${RATE}/s for ${SECONDS_PER_BENCH}s with the lag sampled"
  LOAD0=$(cut -d' ' -f1 /proc/loadavg)
  CATCHUP=$(timeout 1200 java $LOAD_JAVA_OPTS -cp "$CP" org.surgecare.load.care.CatchUpBench --base "$BASE" --jdbc "$JDBC" \
    --issuer-key "$ISSUER_KEY" --events "$CATCHUP_EVENTS" --rate "$RATE" --seconds "$SECONDS_PER_BENCH" --label runner \
    2> "$OUT/catchup.log" | tail -1 || true)
  log "catch-up: $CATCHUP"
  for kv in $CATCHUP; do put "catchup.${kv%%=*}" "$(echo "${kv#*=}" | tr -d ,)"; done
  put catchup.loadavg "$LOAD0 → $(cut -d' ' -f1 /proc/loadavg)"
fi

# ---- profile (optional): JFR on the node and pg_stat_statements during an intake run
if [ "$PROFILE" = 1 ] || { [ -n "$ONLY" ] && want profile; }; then
  PROF=$OUT/profile
  mkdir -p "$PROF"
  log "profile: enabling pg_stat_statements and restarting the node with a flight recording"
  sql "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" "ALTER SYSTEM SET pg_stat_statements.track = 'all'" >/dev/null
  stop_node
  start_node "$DATA" "$OUT/node-profile.log"
  sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" "SELECT pg_stat_statements_reset()" "SELECT pg_stat_reset_shared('wal')" >/dev/null
  TX0=$(sql "SELECT sum(xact_commit) FROM pg_stat_database")
  jcmd "$NODE_PID" JFR.start name=bench settings=profile filename="$PROF/node.jfr" >/dev/null
  gatling profile IntakeMax "intake, profiled" -Dsurgecare.users="$INTAKE_USERS"
  jcmd "$NODE_PID" JFR.stop name=bench >/dev/null 2>&1 || true
  put profile.commits $(($(sql "SELECT sum(xact_commit) FROM pg_stat_database") - TX0))
  put profile.intakes "$(java -cp "$CP" org.surgecare.load.support.BenchStat "$GATLING_DIR" intake ok)"
    sql "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 20" \
    > "$PROF/statements.txt"
  put profile.statements "$PROF/statements.txt"
  put profile.hotMethods "$PROF/hot-methods.txt"
  sql "SELECT wal_records, wal_bytes, wal_sync, wal_write FROM pg_stat_wal" > "$PROF/wal.txt" 2>/dev/null || true
  stop_node
  java -cp "$CP" org.surgecare.load.care.JfrTop "$PROF/node.jfr" 30 > "$PROF/hot-methods.txt" || true
  log "profile written to $PROF"
fi
stop_node

# ---- 7. wait estimate accuracy (no node)
if want estimate; then
  log "wait estimate accuracy"
  jrun org.surgecare.load.care.WaitEstimateAccuracy | tee "$OUT/estimate.txt" | grep -v '^json=' | sed 's/^/    /'
  sed -n 's/^json=//p' "$OUT/estimate.txt" > "$OUT/estimate.json"
  put estimate.json "$OUT/estimate.json"
fi

# ---- report
if [ -z "$ONLY" ]; then
  jrun org.surgecare.load.support.BenchReport "$RESULTS" "$ROOT/docs/benchmarks.md"
  log "done: docs/benchmarks.md"
else
  jrun org.surgecare.load.support.BenchReport "$RESULTS" "$OUT/partial.md"
  log "done (steps ${ONLY//,/ }): $OUT/partial.md"
fi
