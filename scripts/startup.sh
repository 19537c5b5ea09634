#!/usr/bin/env bash
# Start-up to ready: starts the packaged service RUNS times on a fresh data directory and reports, per run, the time from
# launching the JVM to GET /q/health/ready answering UP (rule set compiled and tested, audit store migrated), and how
# long the first decision then takes (examples/worked-example-step1.json).
# Each start uses the build's class-data archive (target/quarkus-app/position-policy.jsa, made by
# scripts/class-data-archive.sh) as the README's run command does; with COMPARE=1 starts with and without it alternate.
# With APPCDS=1 it builds with Quarkus' AppCDS archive instead and starts with that. See docs/PERFORMANCE.md.
# KEEP_STORE=1 restarts on the store the first start made instead of a fresh one each time.
# Usage: [RUNS=5] [COMPARE=1 | APPCDS=1] [KEEP_STORE=1] [SKIP_BUILD=1] [JAVA_OPTS=...] scripts/startup.sh
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
ARCHIVE=(-XX:SharedArchiveFile=target/quarkus-app/position-policy.jsa)
if [ -n "${APPCDS:-}" ]; then
  ARCHIVE=(-XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa -Xshare:auto)
fi
echo "x-startup-password" | java -jar target/quarkus-app/quarkus-run.jar users add ops --roles admin \
  --password-stdin --file "$WORK/users" > /dev/null
# One start (on a fresh data directory unless KEEP_STORE) with the given extra JVM options; sets READY and FIRST.
start() {
  [ -n "${KEEP_STORE:-}" ] || rm -rf "$WORK/data"
  STARTED=$(date +%s%N)
  java "${OPTS[@]}" "$@" -Dquarkus.http.port="$PORT" -Dpolicy.data-dir="$WORK/data" \
    -Dpolicy.security.users-file="$WORK/users" -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
  PID=$!
  until curl -sf "localhost:$PORT/q/health/ready" > /dev/null; do sleep 0.02; done
  READY=$(( ($(date +%s%N) - STARTED) / 1000000 ))
  # the first decision: the evaluation path's classes load and its code runs interpreted for the first time
  FIRST=$(curl -sf -o /dev/null -w '%{time_total}' -u ops:x-startup-password -H 'Content-Type: application/json' \
    --data-binary @examples/worked-example-step1.json "localhost:$PORT/api/v1/evaluations")
  FIRST=$(awk -v s="$FIRST" 'BEGIN { printf "%d", s * 1000 }')
  kill "$PID"; wait "$PID" 2>/dev/null || true
}
for run in $(seq 1 "$RUNS"); do
  if [ -n "${COMPARE:-}" ]; then
    start
    echo "run $run: ready after $READY ms without the archive, first decision in $FIRST ms"
  fi
  start "${ARCHIVE[@]}"
  echo "run $run: ready after $READY ms with ${ARCHIVE[0]#*=} ($(grep -o 'started in [0-9.]*s' "$WORK/service.log")), first decision in $FIRST ms"
  if grep -q "Unable to use shared archive" "$WORK/service.log"; then
    echo "  the JVM refused the archive: $(grep -m1 'shared archive' "$WORK/service.log")"
  fi
done | tee -a target/startup-results.txt
