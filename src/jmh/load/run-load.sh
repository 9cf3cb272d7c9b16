#!/usr/bin/env bash
# HTTP load test of POST /api/v1/events with workload W1 (issue: ingest and alerts, item 7).
#
#   src/jmh/load/run-load.sh [epochs] [saturation seconds] [latency seconds per level]
#
# 1. builds the jar and, once, the W1 batch files (1,000 events each, JSON arrays) under target/w1-batches: each
#    epoch is 2,000 files (2 M events, 2.4 GB) and raises exactly 20,000 alerts;
# 2. starts one service on a fresh data directory (both cores) and sends every file exactly once, in order, in
#    phases that each start where the previous one stopped (only the requests wrk still has in flight when it stops
#    are sent again by the next phase: the service counts those events as duplicates, some 8 batches per wrk phase):
#    warm-up (wrk, 30 s: C2 needs that long on two cores), saturation (wrk -t1 -c8, then SATURATION_FILES batches
#    with autocannon at 8 connections, back-to-back.js), latency at 50/70/90 % of the higher saturation rate
#    (open-loop.js: a fixed request rate, each request leaving when due), then the rest of the files as fast as 8
#    connections go. Every load tool is pinned to CPU 1;
# 3. compares the alert count with the generator's oracle and prints the server-side alert latency (request
#    arrival to alert commit), the ingest timers and the garbage collector's pauses from /actuator/prometheus.
# KEEP_DATA=1 keeps the service's database directory (target/load-data-*) after the run; by default it is removed.
# BATCH_DIR puts the batch files elsewhere (e.g. /dev/shm/w1-batches: see the page cache note below).
# Needs wrk (Debian) and autocannon (npm, installed under target/load-tools). Loopback only; every phase is bounded.
# The service keeps connections open for good (Tomcat closes one after 100 requests by default, and a request the
# load tool writes into a closing connection is lost, which would spoil the count against the oracle).
# Rules: the built-in seed rule, plus whatever TRIPLINE_RULES_DIR names (e.g. a folder of Elastic rules).
# JVM_OPTS sets the service's JVM options (default: the G1 options README.md recommends and ./mvnw spring-boot:run
# uses; JVM_OPTS= runs G1 with its defaults); JAVA picks that JVM (default: java on the PATH). SATURATION_ONLY=1 stops after the saturation phase (to compare rule sets quickly; no oracle check then).
# LEVELS picks the latency levels in % of saturation (default "50 70 90"): LEVELS=70 with 30 latency seconds gives
# the 70 % level some 3,000 batches, where 8 s leave its p99 to the slowest eight.
set -euo pipefail
cd "$(dirname "$0")/../../.."

EPOCHS=${1:-4}
SATURATION_SECONDS=${2:-15}
LATENCY_SECONDS=${3:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
JVM_OPTS=${JVM_OPTS--XX:MaxGCPauseMillis=10 -XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=2 -XX:MaxTenuringThreshold=1 -XX:G1HeapRegionSize=4m}
SATURATION_FILES=${SATURATION_FILES:-2000}
PORT=${PORT:-18480}
HEAP=${HEAP:-4g}
KEY=load-test-ingest-key-0001
DIR=${BATCH_DIR:-target/w1-batches}
TOOLS=target/load-tools
BASE=http://localhost:$PORT

command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
if [ ! -d "$TOOLS/node_modules/autocannon" ]; then
    mkdir -p "$TOOLS" && (cd "$TOOLS" && npm install --no-audit --no-fund --silent autocannon@9.0.0)
fi

./mvnw -B -q package -DskipTests
if [ ! -f "$DIR/oracle.properties" ] || ! grep -q "^files=$((EPOCHS * 2000))$" "$DIR/oracle.properties"; then
    rm -rf "$DIR"
    ./mvnw -B -q -Pbench test-compile exec:exec -Dbench.main=dev.tripline.bench.W1Batches \
        -Dbench.jvmArgs=-Xmx12g -Djmh.args="$DIR $EPOCHS 1000 json false"
fi
# the load tools must read the files from memory, not from disk (a disk-bound wrk measures the disk). Best: keep them
# in RAM with BATCH_DIR=/dev/shm/w1-batches (a machine that reclaims cold page cache, as some VMs do, drops files
# read minutes ago; tmpfs without swap keeps them). Otherwise read them
# all once so that they are in the page cache (4 epochs are 10 GB; this machine has 24 GB). Newest first: when the
# service's heap and database push files out of the cache, the least recently read go first, and those should be the
# last files the run sends (a run that only goes as far as saturation never needs them)
ls -r "$DIR"/batch-* | xargs cat > /dev/null
FILES=$(grep '^files=' "$DIR/oracle.properties" | cut -d= -f2)
EXPECTED=$(grep '^expected_alerts=' "$DIR/oracle.properties" | cut -d= -f2)

DATA=$(mktemp -d -p target load-data-XXXX)
LOG=$DATA.log
echo "service log: $LOG"
TRIPLINE_DATA_DIR=$DATA SERVER_PORT=$PORT TRIPLINE_API_KEYS="ingest:$KEY,viewer:$KEY-viewer" \
    TRIPLINE_INGEST_MAX_FUTURE_SKEW=0 SERVER_TOMCAT_MAX_KEEP_ALIVE_REQUESTS=-1 \
    taskset -c 0,1 "${JAVA:-java}" -Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch ${JVM_OPTS:-} -jar target/tripline.jar > "$LOG" 2>&1 &
SERVICE_PID=$!
# the service's database (some 750 MB after a full run) goes with it; KEEP_DATA=1 keeps it for a look afterwards
trap 'kill $SERVICE_PID 2>/dev/null; wait $SERVICE_PID 2>/dev/null || true; [ -n "${KEEP_DATA:-}" ] || rm -rf "$DATA"' EXIT
for _ in $(seq 1 180); do
    curl -sf "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
    kill -0 $SERVICE_PID 2>/dev/null || { echo "service died; see $LOG" >&2; exit 1; }
    sleep 1
done
curl -sf "$BASE/actuator/health/readiness" >/dev/null || { echo "service did not start; see $LOG" >&2; exit 1; }
grep -m1 "Started TriplineApplication" "$LOG" || true

SENT=0
scrape() { curl -sf "$BASE/actuator/prometheus" > "target/prometheus-$1.txt"; }
server_side() { # from, to: server-side batch time, alert latency and the batch's phases between two scrapes
    python3 src/jmh/load/quantiles.py "target/prometheus-$1.txt" "target/prometheus-$2.txt" \
        tripline_ingest_batch_seconds tripline_alerts_latency_seconds \
        'tripline_ingest_phase_seconds{phase="queue"}' 'tripline_ingest_phase_seconds{phase="decode"}' \
        'tripline_ingest_phase_seconds{phase="evaluate"}' 'tripline_ingest_phase_seconds{phase="insert"}' \
        'tripline_ingest_phase_seconds{phase="wait_earlier"}' 'tripline_ingest_phase_seconds{phase="commit"}'
    python3 src/jmh/load/gc_pauses.py "target/prometheus-$1.txt" "target/prometheus-$2.txt"
}
remaining() { echo $((FILES - SENT)); }
run_wrk() { # seconds, label
    BATCH_DIR=$DIR BATCH_FILES=$FILES BATCH_START=$SENT API_KEY=$KEY taskset -c 1 \
        wrk -t1 -c8 -d"$1s" --timeout 30s -s src/jmh/load/post_batches.lua "$BASE" | tee "target/wrk-$2.txt"
    grep -q "cycled" "target/wrk-$2.txt" && { echo "ran out of batch files: use more epochs" >&2; exit 1; }
    SENT=$(awk '/^last file:/ {print $3}' "target/wrk-$2.txt")
}
run_autocannon() { # rate (0 = as fast as 8 connections go, with autocannon; else open loop at that rate), amount
    local out tool=src/jmh/load/back-to-back.js
    [ "$1" = 0 ] || tool=src/jmh/load/open-loop.js
    out=$(NODE_PATH="$TOOLS/node_modules" taskset -c 1 node "$tool" "$BASE" "$1" "$2" "$DIR" "$SENT" "$KEY")
    echo "$out"
    SENT=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["last_file"])')
    AUTOCANNON_OUT=$out
}

echo "== warm-up: wrk ${WARMUP_SECONDS}s"
run_wrk "$WARMUP_SECONDS" warmup > /dev/null
echo "warm-up sent files 1..$SENT"

# user + system CPU ticks of the service's JVM so far
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$SERVICE_PID/stat"
}
# user + system CPU ticks of the embedded PostgreSQL's processes so far (those alive now)
postgres_ticks() {
    local total=0 pid
    for pid in $(pgrep -f 'postgres' || true); do
        [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo $total
}
# busy CPU ticks of the whole machine so far
machine_ticks() {
    awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}

# one saturation phase: $1 label, $2 the command that sends (it sets SENT, and BATCHES to the batches it answered)
measure_saturation() {
    local label=$1; shift
    scrape "before-$label"
    CPU_BEFORE=$(cpu_ticks); PG_BEFORE=$(postgres_ticks); ALL_BEFORE=$(machine_ticks); T_BEFORE=$(date +%s.%N)
    "$@"
    CPU_AFTER=$(cpu_ticks); PG_AFTER=$(postgres_ticks); ALL_AFTER=$(machine_ticks); T_AFTER=$(date +%s.%N)
    scrape "after-$label"
    server_side "before-$label" "after-$label"
    # the service's own CPU time (all its threads, the garbage collector's included; not PostgreSQL's) per event:
    # steadier from run to run than the rate, which moves with what else the two cores do
    echo "service CPU: $(python3 -c "print(round(($CPU_AFTER - $CPU_BEFORE) * 1e6 / $(getconf CLK_TCK) / ($BATCHES * 1000), 2))") µs per event"
    python3 -c "
hz, secs = $(getconf CLK_TCK), $T_AFTER - $T_BEFORE
service, pg, machine = ($CPU_AFTER - $CPU_BEFORE) / hz / secs, ($PG_AFTER - $PG_BEFORE) / hz / secs, ($ALL_AFTER - $ALL_BEFORE) / hz / secs
print(f'cores busy: {machine:.2f} of 2 (service {service:.2f}, PostgreSQL {pg:.2f}, load tool and kernel {machine - service - pg:.2f})')"
}
saturation_wrk() {
    run_wrk "$SATURATION_SECONDS" saturation
    BATCHES=$(awk '/requests in/ {print $1}' target/wrk-saturation.txt)
}
saturation_autocannon() {
    run_autocannon 0 "$SATURATION_FILES"
    BATCHES=$(echo "$AUTOCANNON_OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
    AUTOCANNON_RATE=$(echo "$AUTOCANNON_OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rate_per_s"])')
}

# saturation twice, as each tool measures it: wrk (Lua reads every file it sends) and autocannon at 8 connections,
# both pinned to the second core. On this machine the load tool's own cost is a large part of what is measured (wrk
# took 0.7-0.8 of a core at times), so the latency levels below take the higher of the two rates
echo "== saturation: wrk -t1 -c8 -d${SATURATION_SECONDS}s, 1,000-event batches, from file $((SENT + 1))"
measure_saturation saturation saturation_wrk
WRK_RATE=$(awk '/^Requests\/sec/ {print $2}' target/wrk-saturation.txt)
echo "saturation (wrk): $(python3 -c "print(round($WRK_RATE * 1000))") events/s"
[ "$SATURATION_FILES" -le "$(remaining)" ] || { echo "ran out of batch files: use more epochs" >&2; exit 1; }
echo "== saturation: autocannon, 8 connections back to back, $SATURATION_FILES batches, from file $((SENT + 1))"
measure_saturation saturation-autocannon saturation_autocannon
echo "saturation (autocannon): $(python3 -c "print(round($AUTOCANNON_RATE * 1000))") events/s"
RATE=$(python3 -c "print(max($WRK_RATE, $AUTOCANNON_RATE))")
echo "saturation: $(python3 -c "print(round($RATE * 1000))") events/s (the higher of the two)"

if [ -n "${SATURATION_ONLY:-}" ]; then
    echo "SATURATION_ONLY: stopping here; the alert count is compared with the oracle only when every file is sent"
    exit 0
fi

for PERCENT in ${LEVELS:-50 70 90}; do
    TARGET=$(python3 -c "print(max(1, round($RATE * $PERCENT / 100)))")
    AMOUNT=$((TARGET * LATENCY_SECONDS))
    [ "$AMOUNT" -le "$(remaining)" ] || { echo "ran out of batch files: use more epochs" >&2; exit 1; }
    echo "== latency at $PERCENT % of saturation: $TARGET batches/s for ${LATENCY_SECONDS}s, from file $((SENT + 1))"
    scrape "before-$PERCENT"
    run_autocannon "$TARGET" "$AMOUNT"
    scrape "after-$PERCENT"
    server_side "before-$PERCENT" "after-$PERCENT"
done

if [ "$(remaining)" -gt 0 ]; then
    echo "== the remaining $(remaining) files, 8 connections"
    run_autocannon 0 "$(remaining)"
fi
sleep 2
ALERTS=$(curl -sf -H "Authorization: ApiKey $KEY-viewer" "$BASE/api/v1/alerts/_summary" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "== alerts: $ALERTS (oracle: $EXPECTED over $FILES files)"
scrape end
grep -E '^tripline_ingest_events_total' target/prometheus-end.txt || true
[ "$ALERTS" = "$EXPECTED" ] || { echo "alert count differs from the oracle" >&2; exit 1; }
