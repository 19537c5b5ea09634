#!/usr/bin/env bash
# Start-up to ready: starts the packaged service RUNS times on a fresh data directory and reports, per run, the time from
# launching the JVM to GET /q/health/ready answering UP (rule set compiled and tested, audit store migrated).
# With APPCDS=1 it builds with Quarkus' AppCDS archive and starts with it. With DYNCDS=1 it first makes a dynamic CDS
# archive of every class one start loaded (a training start with -XX:ArchiveClassesAtExit, stopped once ready), then
# alternates starts with and without it. See docs/PERFORMANCE.md.
# Usage: [RUNS=5] [APPCDS=1 | DYNCDS=1] [SKIP_BUILD=1] [JAVA_OPTS=...] scripts/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
PORT=${PORT:-18081}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PID=
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q package -DskipTests ${APPCDS:+-Dquarkus.package.jar.appcds.enabled=true}
fi
OPTS=(${JAVA_OPTS:-})
if [ -n "${APPCDS:-}" ]; then
  OPTS+=(-XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa -Xshare:auto)
fi
echo "x-startup-password" | java -jar target/quarkus-app/quarkus-run.jar users add ops --roles admin \
  --password-stdin --file "$WORK/users" > /dev/null
# One start on a fresh data directory with the given extra JVM options; prints the time to ready.
start() {
  rm -rf "$WORK/data"
  STARTED=$(date +%s%N)
  java "${OPTS[@]}" "$@" -Dquarkus.http.port="$PORT" -Dpolicy.data-dir="$WORK/data" \
    -Dpolicy.security.users-file="$WORK/users" -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
  PID=$!
  until curl -sf "localhost:$PORT/q/health/ready" > /dev/null; do sleep 0.02; done
  READY=$(( ($(date +%s%N) - STARTED) / 1000000 ))
  kill "$PID"; wait "$PID" 2>/dev/null || true
}
if [ -n "${DYNCDS:-}" ]; then
  start -XX:ArchiveClassesAtExit="$WORK/dynamic.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
  echo "training start (archive written at exit): $READY ms, $(du -h "$WORK/dynamic.jsa" | cut -f1) archive"
fi
for run in $(seq 1 "$RUNS"); do
  if [ -n "${DYNCDS:-}" ]; then
    start
    echo "run $run: ready after $READY ms without the archive"
    start -XX:SharedArchiveFile="$WORK/dynamic.jsa" -Xlog:cds=off
    echo "run $run: ready after $READY ms with the dynamic CDS archive"
  else
    start
    echo "run $run: ready after $READY ms ($(grep -o 'started in [0-9.]*s' "$WORK/service.log"))${APPCDS:+ with AppCDS}"
  fi
done | tee -a target/startup-results.txt
