#!/usr/bin/env bash
# In-process throughput of this checkout against an older commit, both at the same time, one per core, swapping the
# cores for a second round: on a shared, noisy machine each pair then sees the same conditions (see docs/PERFORMANCE.md).
# Usage: scripts/bench-side-by-side.sh OLD_COMMIT [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
old_rev=${1:?usage: scripts/bench-side-by-side.sh OLD_COMMIT [seconds]}
seconds=${2:-60}
old=target/side-by-side-old
./mvnw -B -q test-compile -Dclass-data-archive.skip dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
rm -rf "$old"
git worktree prune
git worktree add -f --detach "$old" "$old_rev" >/dev/null
(cd "$old" && ./mvnw -B -q test-compile -Dclass-data-archive.skip)
cp="$(cat target/bench.classpath)"
run() { # dir core label
  (cd "$1" && taskset -c "$2" java -XX:+UseSerialGC -XX:CICompilerCount=2 -Xmx1g \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$cp" \
    io.positionpolicy.bench.InProcessThroughput rules "$seconds" 2>&1 | grep measured | sed "s/^/$3 (core $2) /")
}
for round in 1 2; do
  if [ "$round" = 1 ]; then a=0; b=1; else a=1; b=0; fi
  run "$old" "$a" "old $old_rev" & run . "$b" "this checkout" & wait
done
git worktree remove --force "$old"
