#!/usr/bin/env bash
# Benchmark of the syncer (push → SyncCompleted latency; N applications). Prints figures; asserts nothing.
#   bench/run-syncer.sh [--runs R] [--apps N] [--timeout-minutes M]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests -pl services/webhook-ingest,services/syncer,bench -am
exec java -cp "bench/target/conveyor-bench-0.1.0-SNAPSHOT.jar:bench/target/libs/*" dev.conveyor.bench.SyncerBench "$@"
