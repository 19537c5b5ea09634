#!/usr/bin/env bash
# Quick in-process throughput of the shipped rule set on one thread (see docs/PERFORMANCE.md).
# Usage: scripts/bench-inprocess.sh [rules-dir] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.positionpolicy.bench.InProcessThroughput "${1:-rules}" "${2:-10}"
