#!/usr/bin/env bash
# Issue 20's engine levers, in process, one thread (see docs/PERFORMANCE.md, eighth pass).
# Usage: scripts/bench-engine-levers.sh LEVER [seconds] (sessions: [seconds per round] [rounds])
#   sessions                  pooled sessions (what the service does) against a new session per evaluation and a kept
#                             session whose facts are deleted, alternating rounds in one JVM
#   jit                       the shipped rules with Drools' default constraint JIT threshold against 0
#   folded-instrument-limits  the shipped rules against the same rules with the instrument limits as one fact
#   property-reactive         the shipped rules with Order and Review class reactive (as the service compiles them)
#                             against the same with both @PropertyReactive and their mutators' @Modifies
#                             (src/test/resources/experiments/property-reactive.patch, applied to a copy of HEAD)
#   without FILE              the shipped rules against the same rules without FILE (e.g. controls/Protections.drl)
#   ablation                  "without" for every rule file in turn
# Every comparison but "sessions" runs both sides at the same time, one per core, then swaps the cores: on a shared,
# noisy machine each pair sees the same conditions. Compare the two figures of a line, not lines with each other.
set -euo pipefail
cd "$(dirname "$0")/.."
lever=${1:?usage: scripts/bench-engine-levers.sh sessions|jit|folded-instrument-limits|property-reactive|without FILE|ablation [seconds]}
./mvnw -B -q test-compile -Dclass-data-archive.skip dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
java_on() { # core, then java arguments
  local core=$1
  shift
  taskset -c "$core" java -XX:+UseSerialGC -XX:CICompilerCount=2 -Xmx1g \
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$cp" "$@"
}
rate() { # the evaluations/s of an InProcessThroughput log
  sed -n 's/^measured: .* = \([0-9]*\) evaluations\/s.*/\1/p' "$1"
}
side_by_side() { # label, seconds, then the two sides as "JVM-OPTIONS|RULES-DIR"
  local label=$1 seconds=$2 left=$3 right=$4 logs
  logs=$(mktemp -d -p "$scratch")
  for round in 1 2; do
    if [ "$round" = 1 ]; then a=0; b=1; else a=1; b=0; fi
    # shellcheck disable=SC2086 # the options are words
    java_on "$a" ${left%%|*} io.positionpolicy.bench.InProcessThroughput "${left#*|}" "$seconds" > "$logs/left" 2>&1 &
    # shellcheck disable=SC2086
    java_on "$b" ${right%%|*} io.positionpolicy.bench.InProcessThroughput "${right#*|}" "$seconds" > "$logs/right" 2>&1 &
    wait
    echo "$label, round $round: $(rate "$logs/left") against $(rate "$logs/right") evaluations/s" \
      "= $(awk -v l="$(rate "$logs/left")" -v r="$(rate "$logs/right")" 'BEGIN { printf "%.3f", r / l }')"
  done
}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
variant() { # a fresh copy of rules/ to change, printed
  local dir
  dir=$(mktemp -d -p "$scratch")/rules
  cp -r rules "$dir"
  echo "$dir"
}
case "$lever" in
  sessions)
    java_on 0-1 io.positionpolicy.evaluation.SessionLeverExperiment rules "${2:-5}" "${3:-6}" pool,fresh,retract ;;
  jit)
    side_by_side "default threshold | drools.jittingThreshold=0" "${2:-30}" "|rules" "-Ddrools.jittingThreshold=0|rules" ;;
  folded-instrument-limits)
    dir=$(variant)
    rm "$dir/controls/InstrumentLimits.drl.csv"
    cp src/test/resources/experiments/InstrumentLimitsFolded.drl "$dir/controls/InstrumentLimitRules.drl"
    side_by_side "shipped | instrument limits as one fact" "${2:-30}" "|rules" "|$dir" ;;
  property-reactive)
    # the patched fact classes come first on the class path of the right-hand side
    patched=target/property-reactive
    git worktree prune
    rm -rf "$patched"
    git worktree add -f --detach "$patched" HEAD > /dev/null
    (cd "$patched" && git apply "$OLDPWD/src/test/resources/experiments/property-reactive.patch" \
      && ./mvnw -B -q compile -Dclass-data-archive.skip -Dcodegen.skip=true)
    side_by_side "class reactive | property reactive" "${2:-30}" "|rules" "-cp $patched/target/classes:$cp|rules"
    git worktree remove --force "$patched" ;;
  without)
    file=${2:?usage: scripts/bench-engine-levers.sh without FILE [seconds]}
    dir=$(variant)
    rm "$dir/$file"
    side_by_side "shipped | without $file" "${3:-15}" "|rules" "|$dir" ;;
  ablation)
    for file in $(cd rules && find . \( -name '*.drl' -o -name '*.drl.csv' \) | sed 's|^\./||' | sort); do
      dir=$(variant)
      rm "$dir/$file"
      side_by_side "shipped | without $file" "${2:-15}" "|rules" "|$dir"
    done ;;
  *)
    echo "unknown lever: $lever" >&2
    exit 2 ;;
esac
