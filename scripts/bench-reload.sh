#!/usr/bin/env bash
# Reload timings (cold and warm) and memory after N reloads of the shipped rule set (see docs/PERFORMANCE.md).
# Usage: scripts/bench-reload.sh [reloads] [sandbox|in-process]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.positionpolicy.bench.ReloadBenchmark "${1:-500}" "${2:-sandbox}"
