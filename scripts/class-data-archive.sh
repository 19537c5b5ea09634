#!/usr/bin/env bash
# Writes target/quarkus-app/position-policy.jsa, a dynamic class-data archive (JDK CDS) of every class a start of the
# packaged service and its first decision load: the build runs this after packaging, and the README's run command
# starts with the archive, which spares the JVM reading, parsing and verifying those classes again (see
# docs/PERFORMANCE.md, "Start-up"). The training start runs on a scratch store in target/class-data-training, on a free
# port, with the shipped rules; once ready it answers one evaluation (examples/worked-example-step1.json) and is
# stopped. Without the archive the service starts as before, only slower, so a failed training warns and never fails
# the build. The archive fits only this jar, this JDK (`java` on the PATH) and the jar path as the README gives it
# (target/quarkus-app/quarkus-run.jar, from the checkout); the JVM refuses any other with a warning and starts without.
set -uo pipefail
cd "$(dirname "$0")/.."
APP=target/quarkus-app
ARCHIVE=$APP/position-policy.jsa
WORK=target/class-data-training
rm -rf "$WORK" "$ARCHIVE"
mkdir -p "$WORK"
# the training start must not reach a store or settings from the caller's environment
UNSET=()
for name in $(env | grep -oE '^(POLICY|QUARKUS)_[A-Za-z0-9_]*'); do
  UNSET+=(-u "$name")
done
fail() {
  echo "WARNING: no class-data archive was made ($1; see $WORK/service.log); the service starts without one, more slowly" >&2
  [ -n "${PID:-}" ] && kill -9 "$PID" 2> /dev/null
  rm -f "$ARCHIVE"
  exit 0
}
PID=
echo "class-data-training" | env "${UNSET[@]}" java -jar "$APP/quarkus-run.jar" users add training --roles trader \
  --password-stdin --file "$WORK/users" > "$WORK/service.log" 2>&1 || fail "the users file could not be written"
env "${UNSET[@]}" java -Xmx256m -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$ARCHIVE" -Xlog:cds=off \
  -Xlog:cds+dynamic=off -Dquarkus.http.port=0 -Dpolicy.data-dir="$WORK/data" \
  -Dpolicy.security.users-file="$WORK/users" -Dpolicy.rules.watch=false \
  -jar "$APP/quarkus-run.jar" >> "$WORK/service.log" 2>&1 &
PID=$!
PORT=
for _ in $(seq 1 1200); do
  PORT=$(grep -oE 'Listening on: http://[^ ]*:[0-9]+' "$WORK/service.log" | grep -oE '[0-9]+$' | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$PID" 2> /dev/null || fail "the training start ended early"
  sleep 0.1
done
[ -n "$PORT" ] || fail "the training start did not come up within 120 s"
READY=
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null && READY=1 && break
  kill -0 "$PID" 2> /dev/null || fail "the training start ended early"
  sleep 0.1
done
[ -n "$READY" ] || fail "the training start was not ready within 60 s"
curl -sf -u training:class-data-training -H 'Content-Type: application/json' \
  --data-binary @examples/worked-example-step1.json "http://127.0.0.1:$PORT/api/v1/evaluations" > /dev/null \
  || fail "the training start did not answer an evaluation"
kill "$PID"
# the JVM writes the archive as it exits; a shutdown that hangs is ended after 120 s, without an archive
timeout 120 tail --pid="$PID" -f /dev/null || fail "the training start did not stop within 120 s"
wait "$PID"
[ -s "$ARCHIVE" ] || fail "the JVM wrote no archive"
echo "class-data archive for faster starts: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
rm -rf "$WORK"
