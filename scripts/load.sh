#!/usr/bin/env bash
# HTTP load on the packaged service with durable audit, on H2 (default) or PostgreSQL (STORE=postgres):
# saturation of POST /api/v1/evaluations and of the cheapest endpoint (GET /q/health/live) with wrk (Debian package),
# then fixed rates with the project's open-model generator (latency from the intended send time); RSS after load.
# Results are printed and appended to target/load-results.txt. See docs/PERFORMANCE.md.
# Usage: [STORE=h2|postgres] [RATES="250 500 1000"] [SECONDS=20] [WARMUP=60] [SKIP_BUILD=1] [JAVA_OPTS=...] scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
STORE=${STORE:-h2}
RATES=${RATES:-"250 500 1000"}
SECONDS_EACH=${SECONDS:-20}
WARMUP=${WARMUP:-60}
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
      -Dpolicy.rules.watch=false -Dquarkus.log.level=WARN -Dquarkus.log.category.\"io.positionpolicy.rules.RuleSetLoader\".level=INFO)
if [ "$STORE" = postgres ]; then
  SCHEMA="pp_load_$$"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $SCHEMA" > /dev/null
  trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"; PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA '"$SCHEMA"' CASCADE" > /dev/null' EXIT
  ARGS+=(-Dpolicy.db.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$SCHEMA" -Dpolicy.db.user=postgres)
fi
STARTED=$(date +%s%N)
java ${JAVA_OPTS:-} "${ARGS[@]}" -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
PID=$!
until curl -sf "localhost:$PORT/q/health/ready" > /dev/null; do sleep 0.05; done
READY_MS=$(( ($(date +%s%N) - STARTED) / 1000000 ))
# after ready the service warms its rule compiler up in the background (for fast reloads): measure after that
until grep -q "Rules compiler warmed up" "$WORK/service.log"; do sleep 0.2; done

CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
# the generator shares the cores with the service: C1 only, one GC thread, a small heap
gen() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms64m -Xmx64m -cp "$CP" io.positionpolicy.bench.LoadGenerator "$@"; }
URL="http://127.0.0.1:$PORT/api/v1/evaluations"
BODY=examples/worked-example-step1.json
export POLICY_BASIC=$(printf load:load-test-password | base64)
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic $POLICY_BASIC"
local f = io.open("$BODY", "r")
wrk.body = f:read("*a")
f:close()
LUA
summary() { grep -E "Requests/sec|Non-2xx|Socket errors| 50%| 99%| 99.9%" | tr -s ' ' | tr '\n' ';'; }
{
  echo "== $(date -u +%FT%TZ) store=$STORE ready after ${READY_MS} ms (JVM start to /q/health/ready UP), JAVA_OPTS=${JAVA_OPTS:-}, warm-up ${WARMUP} s"
  # steady state: the JIT keeps compiling the evaluation path (Drools' generated classes included) for about a
  # minute of full load; measured before that, saturation reads at under half its settled rate
  wrk -t1 -c128 -d"${WARMUP}"s -s "$WORK/post.lua" "$URL" > /dev/null
  wrk -t1 -c32 -d5s "http://127.0.0.1:$PORT/q/health/live" > /dev/null
  echo "wrk GET /q/health/live, 32 connections: $(wrk -t1 -c32 -d"${SECONDS_EACH}"s --latency "http://127.0.0.1:$PORT/q/health/live" | summary)"
  for c in 32 128; do
    echo "wrk POST /api/v1/evaluations, $c connections: $(wrk -t1 -c$c -d"${SECONDS_EACH}"s --latency -s "$WORK/post.lua" "$URL" | summary)"
  done
  for rate in $RATES; do
    echo "POST /api/v1/evaluations: $(gen "$URL" "$BODY" load:load-test-password "$rate" 256 5 "$SECONDS_EACH")"
  done
  echo "RSS after load: $(( $(awk '/VmRSS/ {print $2}' /proc/$PID/status) / 1024 )) MB"
  # what the audit trail's readers pay on the store the load left behind (seconds, one request each)
  AUDIT="localhost:$PORT/api/v1/audit"
  took() { curl -s -o /dev/null -w "%{time_total}" -u load:load-test-password "$AUDIT/$1"; }
  echo "audit reads (s): newest 50 $(took 'evaluations?limit=50'), a rule that fired $(took 'evaluations?rule=passed%20every%20check&limit=50'), a rule that never fired $(took 'evaluations?rule=no%20such%20rule&limit=50'), a violation never raised $(took 'evaluations?violation=NO_SUCH_CODE&limit=50'), rule statistics of the whole run $(took 'rules/stats?from=2020-01-01T00:00:00Z')"
  echo "audit chain: $(curl -s -u load:load-test-password "localhost:$PORT/api/v1/audit/verify" | head -c 200)"
} | tee -a target/load-results.txt
