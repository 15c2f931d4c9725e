#!/usr/bin/env bash
# Benchmark of webhook-ingest against the raw Kafka producer on the same broker. Prints figures; asserts nothing.
#   bench/run.sh [--requests N] [--concurrency C] [--warmup W]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests -pl services/webhook-ingest,bench -am
exec java -cp "bench/target/conveyor-bench-0.1.0-SNAPSHOT.jar:bench/target/libs/*" dev.conveyor.bench.IngestBench "$@"
