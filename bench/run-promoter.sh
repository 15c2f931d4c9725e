#!/usr/bin/env bash
# Benchmark of the promoter (healthy SyncCompleted → next-stage promotion commit pushed). Prints figures; asserts nothing.
#   bench/run-promoter.sh [--runs R]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests -pl services/promoter,bench -am
exec java -cp "bench/target/conveyor-bench-0.1.0-SNAPSHOT.jar:bench/target/libs/*" dev.conveyor.bench.PromoterBench "$@"
