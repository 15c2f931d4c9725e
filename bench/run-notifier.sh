#!/usr/bin/env bash
# Benchmark of the notifier (fan-out throughput; duplicates under forced redelivery and kill -9). Prints figures; asserts nothing.
#   bench/run-notifier.sh [--events E] [--subscriptions N]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests -pl services/notifier,bench -am
exec java -cp "bench/target/conveyor-bench-0.1.0-SNAPSHOT.jar:bench/target/libs/*" dev.conveyor.bench.NotifierBench "$@"
