#!/usr/bin/env bash
# Runs the sample host application with greeter 1.0.0, drops greeter 2.0.0 into its plugins directory while it keeps
# calling, and checks that the calls switched to 2.0.0 without a single failure and that 1.0.0 was closed.
#
# Usage: samples/demo.sh [--no-build]
#   --no-build  use the jars already built instead of running Maven first
#
# Exits 0 when the switch happened with no failed call, non-zero otherwise.
set -euo pipefail

samples="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$samples")"

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndemo: FAILED: %s\n' "$*" >&2; exit 1; }

agent="$root/reload-agent/target/reload-agent.jar"
host_jar="$samples/host-app/target/host-app.jar"
api_jar="$samples/greeter-api/target/greeter-api.jar"
v1_jar="$samples/greeter-v1/target/greeter-1.0.0.jar"
v2_jar="$samples/greeter-v2/target/greeter-2.0.0.jar"

command -v java >/dev/null || fail "java is not on the PATH"
if [[ $build == 1 ]]; then
  command -v mvn >/dev/null || fail "mvn is not on the PATH"
  say "Building reload and the samples (mvn -q -B -DskipTests package)"
  # Some Maven distributions print colour resets even in batch mode; keep them off the terminal.
  (cd "$root" && mvn -q -B -DskipTests package) 2>&1 | LC_ALL=C sed $'s/\033\\[[0-9;]*m//g'
fi
for jar in "$agent" "$host_jar" "$api_jar" "$v1_jar" "$v2_jar"; do
  [[ -f $jar ]] || fail "$jar is missing; run samples/demo.sh without --no-build"
done

demo="$samples/demo"
plugins="$demo/plugins"
log="$demo/host.log"
rm -rf "$plugins" "$log"
mkdir -p "$plugins"
: > "$log"

host=""
tailer=""
cleanup() {
  if [[ -n $host ]] && kill -0 "$host" 2>/dev/null; then
    kill "$host" 2>/dev/null || true
    wait "$host" 2>/dev/null || true
  fi
  if [[ -n $tailer ]]; then
    kill "$tailer" 2>/dev/null || true
    wait "$tailer" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# Polls the host's output for a pattern, for up to $2 seconds; fails at once if a call failed or the host exited.
await_line() {
  local pattern=$1 seconds=$2 i
  for ((i = 0; i < seconds * 10; i++)); do
    grep -q -- "$pattern" "$log" && return 0
    grep -q ' FAILED: ' "$log" && fail "a call failed; the host's output is above"
    kill -0 "$host" 2>/dev/null || fail "the host application exited early; its output is above"
    sleep 0.1
  done
  fail "no line matching '$pattern' after ${seconds}s"
}

say "Plugins directory $plugins holds greeter-1.0.0.jar"
cp "$v1_jar" "$plugins/"

say "Starting the host application with the reload agent; its output follows"
echo "    java -javaagent:reload-agent.jar=plugins=$plugins -cp host-app.jar:greeter-api.jar dev.reload.samples.host.Main"
java "-javaagent:$agent=plugins=$plugins" -cp "$host_jar:$api_jar" dev.reload.samples.host.Main >"$log" 2>&1 &
host=$!
tail -n +1 -f "$log" &
tailer=$!

await_line '(greeter 1\.0\.0)' 30
sleep 3

say "Dropping greeter-2.0.0.jar in: copied to a hidden name, then renamed into place"
cp "$v2_jar" "$plugins/.greeter-2.0.0.jar.part"
mv "$plugins/.greeter-2.0.0.jar.part" "$plugins/greeter-2.0.0.jar"

await_line '(greeter 2\.0\.0)' 30
sleep 1

say "Asking the running JVM what it serves"
echo "    java -jar reload-agent.jar status $host"
java -jar "$agent" status "$host" || fail "the status command failed"
sleep 2

say "Stopping the host application"
kill -TERM "$host"
status=0
wait "$host" || status=$?
host=""
sleep 0.5
kill "$tailer" 2>/dev/null || true
wait "$tailer" 2>/dev/null || true
tailer=""

# The host calls from one thread, so its answers must read: some from 1.0.0, then only 2.0.0.
summary=$(grep -E 'calls=[0-9]+ failed=[0-9]+' "$log" | tail -n 1 || true)
[[ -n $summary ]] || fail "the host printed no summary line (exit status $status)"
failed=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$summary")
calls=$(sed -E 's/.*calls=([0-9]+).*/\1/' <<<"$summary")
last_v1=$(grep -n '(greeter 1\.0\.0)' "$log" | tail -n 1 | cut -d: -f1 || true)
first_v2=$(grep -n '(greeter 2\.0\.0)' "$log" | head -n 1 | cut -d: -f1 || true)
switch_call=$(grep -E -m 1 'call [0-9]+: .*\(greeter 2\.0\.0\)' "$log" | sed -E 's/.*call ([0-9]+):.*/\1/' || true)

echo
[[ $failed == 0 ]] || fail "$failed of $calls calls failed"
[[ -n $last_v1 ]] || fail "no call was answered by greeter 1.0.0"
[[ -n $first_v2 ]] || fail "no call was answered by greeter 2.0.0: the switch did not happen"
((last_v1 < first_v2)) || fail "greeter 1.0.0 answered after greeter 2.0.0 had: the switch was not clean"
grep -q 'greeter 1.0.0: closed' "$log" || fail "greeter 1.0.0 was never closed after the switch"
echo "demo: OK: $calls calls, 0 failed; switched from greeter 1.0.0 to 2.0.0 at call $switch_call," \
  "and 1.0.0 was closed once its last call returned."
