#!/usr/bin/env bash
# Benchmark of the image-watcher (registry push → commit latency; registry requests per check of N tags).
# Prints figures; asserts nothing. Needs Debian's docker-registry.
#   bench/run-images.sh [--runs R] [--tags N]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp package -DskipTests -pl services/webhook-ingest,services/image-watcher,bench -am
exec java -cp "bench/target/conveyor-bench-0.1.0-SNAPSHOT.jar:bench/target/libs/*" dev.conveyor.bench.ImageWatcherBench "$@"
