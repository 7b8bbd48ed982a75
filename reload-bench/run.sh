#!/usr/bin/env bash
# Runs the whole benchmark suite (about 20 minutes on 2 cores) and writes the results to reload-bench/target/results/:
# one Markdown file per benchmark, summary.md with all of them, and the raw data and logs beside them.
#
#   reload-bench/run.sh              build reload-agent and reload-bench first, then run
#   reload-bench/run.sh --no-build   run what is already built
#
# RELOAD_AGENT_JAR names another agent jar for the start-up benchmark; JAVA_HOME chooses the JDK.
#
# Benchmarks measure the machine as much as the code: run on an otherwise idle machine, and compare only numbers from
# the same run. summary.md records the load average before and after each step.
set -euo pipefail
cd "$(dirname "$0")/.."

results=reload-bench/target/results
jar=reload-bench/target/benchmarks.jar
agent="${RELOAD_AGENT_JAR:-reload-agent/target/reload-agent.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -DskipTests -pl reload-agent,reload-bench -am package
fi
rm -rf "$results"
mkdir -p "$results"

load() { cut -d' ' -f1-3 /proc/loadavg; }
steps="$results/steps.md"
printf '| step | seconds | load average before | after |\n| --- | ---: | --- | --- |\n' > "$steps"

step() {
  local name=$1
  shift
  local before started
  before=$(load)
  started=$(date +%s)
  echo "== $name"
  "$@" > "$results/$name.log" 2>&1 || { echo "$name failed; see $results/$name.log"; tail -20 "$results/$name.log"; exit 1; }
  printf '| %s | %s | %s | %s |\n' "$name" "$(( $(date +%s) - started ))" "$before" "$(load)" >> "$steps"
}

{
  echo "## Machine"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
  echo "- Memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "- JDK: $("$java" -version 2>&1 | sed -n 2p)"
  echo "- Kernel: $(uname -r)"
  echo "- Started: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(load)"
  echo "- Command: reload-bench/run.sh $*"
} > "$results/machine.md"

step call-cost "$java" -cp "$jar" dev.reload.bench.call.CallCostSuite "$results" 3
step swap-latency "$java" -cp "$jar" dev.reload.bench.engine.SwapLatency "$results"
step dev-mode "$java" -cp "$jar" dev.reload.bench.engine.DevModeLatency "$results"
step calls-during-swaps "$java" -cp "$jar" dev.reload.bench.engine.CallsDuringSwaps "$results"
step retirement "$java" -cp "$jar" dev.reload.bench.engine.Retirement "$results"
step memory "$java" -cp "$jar" dev.reload.bench.engine.MemoryAfterSwaps "$results"
# The same without the JIT, to tell its one-time metadata from a per-swap leak.
step memory-xint "$java" -Xint -Dswaps=1000 -cp "$jar" dev.reload.bench.engine.MemoryAfterSwaps "$results"
step startup "$java" -cp "$jar" dev.reload.bench.startup.AgentStartup "$results" "$agent" 9
step supervisor "$java" -cp "$jar" dev.reload.bench.supervise.SupervisorRestarts "$results" "$agent" 20 60

{
  cat "$results/machine.md"
  for part in call-cost swap-latency dev-mode calls-during-swaps retirement memory memory-xint startup supervisor; do
    echo
    cat "$results/$part.md"
  done
  echo
  echo "## Steps"
  echo
  cat "$steps"
} > "$results/summary.md"
echo "results: $results/summary.md"
