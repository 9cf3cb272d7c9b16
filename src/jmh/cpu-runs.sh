#!/usr/bin/env bash
# The engine's headline figure: CPU time per event of the seed rule on W1 (CpuTime, each batch decoded just before the
# engine takes it, only the engine's time counted), in runs that alternate between JVMs on one core.
#
#   src/jmh/cpu-runs.sh [runs per JVM] [java executable...]
#
# Default: 3 runs of `java` on the PATH. Give several executables (e.g. a Java 17 and a Java 25 `bin/java`) to run
# them in turn, run by run, so that each meets the same drift of the machine. Each run is the median of 7 rounds of
# 2 million events (after 2 warm-up rounds) and checks its 20,000 alerts; the script prints every run and, per JVM,
# the median of its runs. CORE picks the CPU to pin to (default 0); JVM_OPTS adds JVM options to every run (the
# defaults are those of the README's table). Builds the bench classes first (./mvnw -Pbench test-compile).
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${1:-3}
shift || true
JVMS=("$@")
if [ ${#JVMS[@]} -eq 0 ]; then
    JVMS=(java)
fi
CORE=${CORE:-0}
OPTS="-Xmx10g -XX:+UseParallelGC -XX:ParallelGCThreads=1 ${JVM_OPTS:-}"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

./mvnw -B -q -Pbench test-compile

for run in $(seq 1 "$RUNS"); do
    for j in "${!JVMS[@]}"; do
        log="$OUT/$j-$run.txt"
        taskset -c "$CORE" ./mvnw -B -q -Pbench exec:exec -Dbench.jvm="${JVMS[$j]}" \
            -Dbench.main=dev.tripline.bench.CpuTime -Djmh.args="engine rounds=7 hot=true" \
            -Dbench.jvmArgs="$OPTS" > "$log" 2>&1 || { cat "$log"; exit 1; }
        rounds=$(grep -E 'hot round [0-9]+:' "$log" | sed -E 's/.*engine ([0-9]+) ns.*/\1/' | tr '\n' ' ')
        median=$(grep -E 'median of' "$log" | sed -E 's/.*median of [0-9]+: ([0-9]+) ns.*/\1/')
        echo "$median" >> "$OUT/$j.medians"
        echo "run $run, ${JVMS[$j]}: median $median ns/event (rounds: $rounds)"
    done
done

for j in "${!JVMS[@]}"; do
    sort -n "$OUT/$j.medians" | awk -v jvm="${JVMS[$j]}" '
        { v[NR] = $1 }
        END {
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%s: median of %d runs %.0f ns/event = %.2f M events/s per core (runs %s-%s ns)\n",
                jvm, NR, m, 1000 / m, v[1], v[NR]
        }'
done
