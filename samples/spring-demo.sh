#!/usr/bin/env bash
# Runs the sample Spring Boot application (samples/spring-boot-app) with greeter 1.0.0, asks it for greetings over
# HTTP on 127.0.0.1 while greeter 2.0.0 is dropped into its plugins directory, shows /actuator/reload and
# /actuator/health, and checks that the answers switched to 2.0.0 without a single failed request.
#
# Usage: samples/spring-demo.sh [--agent | --embedded] [--no-build]
#   --agent     run it as it is deployed: java -javaagent:reload-agent.jar=plugins=DIR -jar spring-boot-app.jar
#               (the default)
#   --embedded  run it without the agent: java -jar spring-boot-app.jar, and the starter starts the runtime from
#               reload.plugins
#   --no-build  use the jars already built instead of running Maven first
#
# Exits 0 when the switch happened with no failed request, non-zero otherwise.
set -euo pipefail

samples="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$samples")"

build=1
mode=agent
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --agent) mode=agent ;;
    --embedded) mode=embedded ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "spring-demo: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nspring-demo: FAILED: %s\n' "$*" >&2; exit 1; }

agent="$root/reload-agent/target/reload-agent.jar"
app_jar="$samples/spring-boot-app/target/spring-boot-app.jar"
v1_jar="$samples/greeter-v1/target/greeter-1.0.0.jar"
v2_jar="$samples/greeter-v2/target/greeter-2.0.0.jar"

command -v java >/dev/null || fail "java is not on the PATH"
command -v curl >/dev/null || fail "curl is not on the PATH"
if [[ $build == 1 ]]; then
  command -v mvn >/dev/null || fail "mvn is not on the PATH"
  say "Building reload and the samples (mvn -q -B -DskipTests package)"
  # Some Maven distributions print colour resets even in batch mode; keep them off the terminal.
  (cd "$root" && mvn -q -B -DskipTests package) 2>&1 | LC_ALL=C sed $'s/\033\\[[0-9;]*m//g'
fi
for jar in "$agent" "$app_jar" "$v1_jar" "$v2_jar"; do
  [[ -f $jar ]] || fail "$jar is missing; run samples/spring-demo.sh without --no-build"
done

demo="$samples/spring-demo"
plugins="$demo/plugins"
log="$demo/app.log"
requests="$demo/requests.log"
rm -rf "$demo"
mkdir -p "$plugins"
: > "$log"
: > "$requests"

app=""
tailer=""
client=""
cleanup() {
  for pid in "$client" "$app" "$tailer"; do
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT

# Polls a file for a pattern, for up to $3 seconds; fails at once if the application exited.
await_line() {
  local file=$1 pattern=$2 seconds=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    grep -q -- "$pattern" "$file" && return 0
    kill -0 "$app" 2>/dev/null || fail "the application exited early; its output is above"
    sleep 0.1
  done
  fail "no line matching '$pattern' in $(basename "$file") after ${seconds}s"
}

# Asks for a greeting every 100 ms, one request at a time, until stopped (5 minutes at most); one line per request:
# the time, the request's number, the HTTP status and the answer.
ask() {
  local port=$1 n answer
  for ((n = 1; n <= 3000; n++)); do
    answer=$(curl -s -m 10 -w ' %{http_code}' "http://127.0.0.1:$port/greet?name=world" 2>&1 || true)
    printf '%s request %d: %s %s\n' "$(date +%H:%M:%S.%3N)" "$n" "${answer##* }" "${answer% *}" >> "$requests"
    sleep 0.1
  done
}

show() {
  local path=$1
  echo "    curl http://127.0.0.1:$port$path"
  if command -v jq >/dev/null; then
    curl -s "http://127.0.0.1:$port$path" | jq . || fail "GET $path failed"
  else
    curl -s "http://127.0.0.1:$port$path" || fail "GET $path failed"
    echo
  fi
}

say "Plugins directory $plugins holds greeter-1.0.0.jar"
cp "$v1_jar" "$plugins/"

cd "$demo"
if [[ $mode == agent ]]; then
  say "Starting the application with the reload agent; its output follows"
  echo "    java -javaagent:reload-agent.jar=plugins=$plugins -jar spring-boot-app.jar --server.port=0"
  java "-javaagent:$agent=plugins=$plugins" -jar "$app_jar" --server.port=0 >"$log" 2>&1 &
else
  say "Starting the application; the starter starts the runtime on reload.plugins=plugins; its output follows"
  echo "    java -jar spring-boot-app.jar --server.port=0"
  java -jar "$app_jar" --server.port=0 >"$log" 2>&1 &
fi
app=$!
tail -n +1 -f "$log" &
tailer=$!

await_line "$log" 'started on port [0-9]*' 60
port=$(grep -o -m 1 'started on port [0-9]*' "$log" | grep -o '[0-9]*$')

say "Asking http://127.0.0.1:$port/greet for a greeting every 100 ms"
ask "$port" &
client=$!
await_line "$requests" '200 Hello, world! (greeter 1\.0\.0)' 30
sleep 3

say "Dropping greeter-2.0.0.jar in: copied to a hidden name, then renamed into place"
cp "$v2_jar" "$plugins/.greeter-2.0.0.jar.part"
mv "$plugins/.greeter-2.0.0.jar.part" "$plugins/greeter-2.0.0.jar"

await_line "$requests" '(greeter 2\.0\.0)' 30
sleep 2
kill "$client" 2>/dev/null || true
wait "$client" 2>/dev/null || true
client=""
kill "$tailer" 2>/dev/null || true
wait "$tailer" 2>/dev/null || true
tailer=""

say "The requests around the switch"
switch_line=$(grep -n -m 1 '(greeter 2\.0\.0)' "$requests" | cut -d: -f1)
sed -n "$((switch_line > 3 ? switch_line - 3 : 1)),$((switch_line + 2))p" "$requests"

say "What the application serves: /actuator/reload, the same as java -jar reload-agent.jar status --json <pid>"
show /actuator/reload

say "Its health"
show /actuator/health

say "Stopping the application"
kill -TERM "$app"
wait "$app" || true
app=""

# One client asks one request at a time, so its answers must read: some from 1.0.0, then only 2.0.0.
total=$(wc -l < "$requests")
failed=$(grep -c -v ' 200 Hello' "$requests" || true)
last_v1=$(grep -n '(greeter 1\.0\.0)' "$requests" | tail -n 1 | cut -d: -f1 || true)
first_v2=$(grep -n '(greeter 2\.0\.0)' "$requests" | head -n 1 | cut -d: -f1 || true)

echo
[[ $failed == 0 ]] || fail "$failed of $total requests failed: $(grep -v ' 200 Hello' "$requests" | head -n 3)"
[[ -n $last_v1 ]] || fail "no request was answered by greeter 1.0.0"
[[ -n $first_v2 ]] || fail "no request was answered by greeter 2.0.0: the switch did not happen"
((last_v1 < first_v2)) || fail "greeter 1.0.0 answered after greeter 2.0.0 had: the switch was not clean"
grep -q 'greeter 1.0.0: closed' "$log" || fail "greeter 1.0.0 was never closed after the switch"
echo "spring-demo: OK: $total requests, 0 failed; switched from greeter 1.0.0 to 2.0.0 at request $first_v2," \
  "and 1.0.0 was closed once its last call returned."
