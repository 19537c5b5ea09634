#!/usr/bin/env bash
# HTTP load on the packaged service with durable audit, on H2 (default) or PostgreSQL (STORE=postgres):
# fixed rates and saturation of POST /api/v1/evaluations, and the cheapest endpoint for the ratio; RSS after load.
# Results are printed and appended to target/load-results.txt. See docs/PERFORMANCE.md.
# Usage: [STORE=h2|postgres] [RATES="1000 2000 4000"] [SECONDS=20] scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${STORE:-h2}
RATES=${RATES:-"1000 2000 4000"}
SECONDS_EACH=${SECONDS:-20}
PORT=${PORT:-18080}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q package -DskipTests
fi
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
echo "load-test-password" | java -jar target/quarkus-app/quarkus-run.jar users add load --roles trader,auditor \
  --password-stdin --file "$WORK/users" > /dev/null

ARGS=(-Dquarkus.http.port="$PORT" -Dpolicy.data-dir="$WORK/data" -Dpolicy.security.users-file="$WORK/users"
      -Dpolicy.rules.watch=false -Dquarkus.log.level=WARN)
if [ "$STORE" = postgres ]; then
  SCHEMA="pp_load_$$"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $SCHEMA" > /dev/null
  trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"; psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA '"$SCHEMA"' CASCADE" > /dev/null' EXIT
  ARGS+=(-Dpolicy.db.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" -Dpolicy.db.user=postgres)
fi
STARTED=$(date +%s%N)
java "${ARGS[@]}" -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
PID=$!
until curl -sf "localhost:$PORT/q/health/ready" > /dev/null; do sleep 0.05; done
READY_MS=$(( ($(date +%s%N) - STARTED) / 1000000 ))

CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
gen() { java -cp "$CP" io.positionpolicy.bench.LoadGenerator "$@"; }
URL="http://127.0.0.1:$PORT/api/v1/evaluations"
BODY=../shared/examples/worked-example-step1.json
{
  echo "== $(date -u +%FT%TZ) store=$STORE ready after ${READY_MS} ms (JVM start to /q/health/ready UP)"
  echo "cheapest endpoint GET /q/health/live: $(gen "http://127.0.0.1:$PORT/q/health/live" - load:load-test-password 0 64 5 "$SECONDS_EACH")"
  echo "POST /api/v1/evaluations saturation: $(gen "$URL" "$BODY" load:load-test-password 0 64 10 "$SECONDS_EACH")"
  for rate in $RATES; do
    echo "POST /api/v1/evaluations: $(gen "$URL" "$BODY" load:load-test-password "$rate" 256 5 "$SECONDS_EACH")"
  done
  echo "RSS after load: $(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) MB"
  echo "audit chain: $(curl -s -u load:load-test-password "localhost:$PORT/api/v1/audit/verify" | head -c 200)"
} | tee -a target/load-results.txt
