#!/usr/bin/env bash
# A try-out cluster on one machine: N packaged replicas (policy.rules.source=database) on one PostgreSQL database and
# HAProxy (Debian's package) in front, configured from deploy/haproxy.cfg. See README, "Running a cluster".
#   scripts/cluster.sh start      build (unless SKIP_BUILD=1), create the database if needed, start everything
#   scripts/cluster.sh stop       stop HAProxy and the replicas this script started
#   scripts/cluster.sh status     HAProxy's view of the replicas and the service's /api/v1/cluster
# Settings: REPLICAS=3  PORT=8080 (HAProxy; replicas on PORT+1 ...)  STATS_PORT=PORT+100 (HAProxy's statistics page)
#           DB=policy_cluster  PGHOST=127.0.0.1
#           PGUSER=postgres  ADMIN_PASSWORD=... (creates user admin once)  JAVA_OPTS="-Xmx256m -XX:+UseSerialGC" (the class-data archive is added)
set -euo pipefail
cd "$(dirname "$0")/.."
REPLICAS=${REPLICAS:-3}
PORT=${PORT:-8080}
STATS_PORT=${STATS_PORT:-$((PORT + 100))}
DB=${DB:-policy_cluster}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
RUN=.cluster
JAR=target/quarkus-app/quarkus-run.jar
export POLICY_RULES_SOURCE=database POLICY_DB_URL="jdbc:postgresql://$PGHOST:5432/$DB" POLICY_DB_USER="$PGUSER"

stop() {
  for pidfile in "$RUN"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null && echo "stopped $(basename "$pidfile" .pid) ($pid)" || true
    rm -f "$pidfile"
  done
}

status() {
  echo "show stat" | python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
data = b"".join(iter(lambda: s.recv(65536), b""))
for line in data.decode().splitlines():
    f = line.split(",")
    if len(f) > 17 and f[0] == "replicas":
        print(f"{f[1]:12} {f[17]:10} requests {f[7]}")' "$PWD/$RUN/haproxy.sock"
}

case "${1:-start}" in
  stop) stop; exit 0 ;;
  status) status; exit 0 ;;
  start) ;;
  *) echo "usage: scripts/cluster.sh start|stop|status" >&2; exit 2 ;;
esac

command -v haproxy > /dev/null || { echo "HAProxy is missing: apt-get install haproxy" >&2; exit 1; }
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q package -DskipTests
mkdir -p "$RUN"
stop
if ! psql -h "$PGHOST" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  psql -h "$PGHOST" -U "$PGUSER" -d postgres -qc "CREATE DATABASE $DB"
  echo "created database $DB"
fi
if [ -n "${ADMIN_PASSWORD:-}" ]; then
  echo "$ADMIN_PASSWORD" | java -jar "$JAR" users add admin --roles admin --password-stdin
fi

servers=""
for i in $(seq 1 "$REPLICAS"); do
  port=$((PORT + i))
  # shellcheck disable=SC2086
  java -XX:SharedArchiveFile=target/quarkus-app/position-policy.jsa $JAVA_OPTS -Dquarkus.http.port="$port" -Dpolicy.audit.instance-id="replica-$i" \
    -Dpolicy.cluster.address="127.0.0.1:$port" -Dpolicy.data-dir="$RUN/replica-$i" \
    -jar "$JAR" > "$RUN/replica-$i.log" 2>&1 &
  echo $! > "$RUN/replica-$i.pid"
  servers+="    server replica-$i 127.0.0.1:$port check\n"
done
sed -e "s#/run/haproxy-policy.sock#$PWD/$RUN/haproxy.sock#" -e "s#bind \*:8080#bind *:$PORT#" \
    -e "s#bind 127.0.0.1:8404#bind 127.0.0.1:$STATS_PORT#" -e '/^    server /d' \
    -e "s#shutdown-sessions\$#shutdown-sessions\n$servers#" deploy/haproxy.cfg > "$RUN/haproxy.cfg"
haproxy -c -q -f "$RUN/haproxy.cfg"
haproxy -D -p "$RUN/haproxy.pid" -f "$RUN/haproxy.cfg"

for i in $(seq 1 "$REPLICAS"); do
  until curl -sf "localhost:$((PORT + i))/q/health/ready" > /dev/null; do
    kill -0 "$(cat "$RUN/replica-$i.pid")" 2>/dev/null || { echo "replica-$i did not start:"; tail -20 "$RUN/replica-$i.log"; exit 1; }
    sleep 0.2
  done
  echo "replica-$i ready on :$((PORT + i)) (log $RUN/replica-$i.log)"
done
grep -h -A3 "was created with this password" "$RUN"/replica-*.log 2>/dev/null | sed -n '1,4p' || true
echo "HAProxy on :$PORT (stats page http://127.0.0.1:$STATS_PORT/); 'scripts/cluster.sh status' or 'stop'"
