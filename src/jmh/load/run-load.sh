#!/usr/bin/env bash
# HTTP load test of POST /api/v1/events with workload W1 (issue: ingest and alerts, item 7).
#
#   src/jmh/load/run-load.sh [epochs] [saturation seconds]
#
# 1. builds the jar and, once, the W1 batch files (1,000 events each, JSON arrays) under target/w1-batches;
# 2. saturation: a fresh service, wrk -t1 -c8 pinned to CPU 1, shorter than one pass over the files (fresh events);
# 3. latency: a fresh service, autocannon at 50/70/90 % of the saturation rate, each batch sent exactly once, then
#    the alert count against the oracle and the server-side alert latency (request arrival to alert commit).
# Needs wrk (Debian) and autocannon (npm, installed under target/load-tools). Loopback only; every run is bounded.
set -euo pipefail
cd "$(dirname "$0")/../../.."

EPOCHS=${1:-3}
SATURATION_SECONDS=${2:-15}
PORT=${PORT:-18480}
KEY=load-test-ingest-key-0001
DIR=target/w1-batches
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
FILES=$(grep '^files=' "$DIR/oracle.properties" | cut -d= -f2)
EXPECTED=$(grep '^expected_alerts=' "$DIR/oracle.properties" | cut -d= -f2)

SERVICE_PID=
start_service() {
    local data
    data=$(mktemp -d -p target load-data-XXXX)
    TRIPLINE_DATA_DIR=$data SERVER_PORT=$PORT TRIPLINE_API_KEYS="ingest:$KEY,viewer:$KEY-viewer" \
        TRIPLINE_INGEST_MAX_FUTURE_SKEW=0 \
        taskset -c 0,1 java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -jar target/tripline.jar > "$data.log" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 1 120); do
        curl -sf "$BASE/actuator/health/readiness" >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "service did not start; see $data.log" >&2
    exit 1
}
stop_service() {
    [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" && wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=
}
trap stop_service EXIT
alerts_total() {
    curl -sf -H "Authorization: ApiKey $KEY-viewer" "$BASE/api/v1/alerts/_summary" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
alert_latency() {
    curl -sf "$BASE/actuator/prometheus" | grep -E '^tripline_alerts_latency_seconds(_max|\{.*quantile)' || true
}

echo "== saturation: wrk -t1 -c8 -d${SATURATION_SECONDS}s over $FILES batches of 1,000 events"
start_service
BATCH_DIR=$DIR BATCH_FILES=$FILES API_KEY=$KEY taskset -c 1 \
    wrk -t1 -c8 -d"${SATURATION_SECONDS}s" --timeout 30s -s src/jmh/load/post_batches.lua "$BASE" | tee target/wrk.txt
RATE=$(awk '/^Requests\/sec/ {print $2}' target/wrk.txt)
echo "saturation: $(python3 -c "print(round($RATE * 1000))") events/s"
stop_service

for PERCENT in 50 70 90; do
    TARGET=$(python3 -c "print(max(1, round($RATE * $PERCENT / 100)))")
    echo "== latency at $PERCENT % of saturation: $TARGET batches/s, every batch once"
    start_service
    NODE_PATH="$TOOLS/node_modules" taskset -c 1 node src/jmh/load/fixed-rate.js \
        "$BASE" "$TARGET" "$FILES" "$DIR" "$FILES" "$KEY"
    echo "alerts: $(alerts_total) (oracle: $EXPECTED)"
    alert_latency
    stop_service
done
