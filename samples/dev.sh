#!/usr/bin/env bash
# Dev mode: runs the sample host application with devMode=true and the greeter plugin exploded from its Maven build
# output (plugins/greeter -> samples/greeter-v2/target/classes), edits the greeting in the plugin's source,
# recompiles it with Maven, and checks that the next calls answer with the new text without a single failure. The
# source is restored (and recompiled) afterwards.
#
# Usage: samples/dev.sh [--no-build]
#   --no-build  use what is already built instead of running Maven first (the recompile still runs Maven)
#
# Exits 0 when the edited code served with no failed call, non-zero otherwise.
set -euo pipefail

samples="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$samples")"

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dev: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\ndev: FAILED: %s\n' "$*" >&2; exit 1; }
# Some Maven distributions print colour resets even in batch mode; keep them off the terminal.
maven() { (cd "$root" && mvn -q -B "$@") 2>&1 | LC_ALL=C sed $'s/\033\\[[0-9;]*m//g'; }

agent="$root/reload-agent/target/reload-agent.jar"
host_jar="$samples/host-app/target/host-app.jar"
api_jar="$samples/greeter-api/target/greeter-api.jar"
classes="$samples/greeter-v2/target/classes"
source="$samples/greeter-v2/src/main/java/dev/reload/samples/hello/HelloGreeter.java"
old_text="Hello again, "
new_text="Hello from dev mode, "

command -v java >/dev/null || fail "java is not on the PATH"
command -v mvn >/dev/null || fail "mvn is not on the PATH"
if [[ $build == 1 ]]; then
  say "Building reload and the samples (mvn -q -B -DskipTests package)"
  maven -DskipTests package
fi
for file in "$agent" "$host_jar" "$api_jar" "$classes/dev/reload/samples/hello/HelloGreeter.class"; do
  [[ -e $file ]] || fail "$file is missing; run samples/dev.sh without --no-build"
done
grep -q "$old_text" "$source" || fail "$source does not say '$old_text'; restore it with git checkout"

dev="$samples/dev"
plugins="$dev/plugins"
log="$dev/host.log"
backup="$dev/HelloGreeter.java.orig"
rm -rf "$plugins" "$log"
mkdir -p "$plugins"
: > "$log"
cp -p "$source" "$backup"

host=""
tailer=""
edited=0
cleanup() {
  if [[ -n $host ]] && kill -0 "$host" 2>/dev/null; then
    kill "$host" 2>/dev/null || true
    wait "$host" 2>/dev/null || true
  fi
  if [[ -n $tailer ]]; then
    kill "$tailer" 2>/dev/null || true
    wait "$tailer" 2>/dev/null || true
  fi
  if [[ $edited == 1 ]]; then
    say "Restoring $source and recompiling it"
    cp "$backup" "$source"
    touch "$source"
    maven -pl samples/greeter-v2 -am compile || echo "dev: recompile it with: mvn -pl samples/greeter-v2 -am compile"
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

say "Plugins directory $plugins holds greeter, a symbolic link to the plugin's build output"
ln -s "$classes" "$plugins/greeter"
echo "    greeter -> $classes"

say "Starting the host application in dev mode; its output follows"
echo "    java -javaagent:reload-agent.jar=plugins=$plugins,devMode=true -cp host-app.jar:greeter-api.jar" \
  "dev.reload.samples.host.Main"
java "-javaagent:$agent=plugins=$plugins,devMode=true" -cp "$host_jar:$api_jar" dev.reload.samples.host.Main \
  >"$log" 2>&1 &
host=$!
tail -n +1 -f "$log" &
tailer=$!

await_line "$old_text" 30
sleep 2

say "Editing the greeting in $(basename "$source"): '$old_text' becomes '$new_text'"
edited=1
sed -i.bak "s/$old_text/$new_text/" "$source" && rm -f "$source.bak"

say "Recompiling the plugin with Maven (mvn -q -B -pl samples/greeter-v2 -am compile)"
maven -pl samples/greeter-v2 -am compile
compiled=$(date +%s%N)

await_line "$new_text" 30
served=$(date +%s%N)
sleep 1

say "Stopping the host application"
kill -TERM "$host"
status=0
wait "$host" || status=$?
host=""
sleep 0.5
kill "$tailer" 2>/dev/null || true
wait "$tailer" 2>/dev/null || true
tailer=""

summary=$(grep -E 'calls=[0-9]+ failed=[0-9]+' "$log" | tail -n 1 || true)
[[ -n $summary ]] || fail "the host printed no summary line (exit status $status)"
failed=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$summary")
calls=$(sed -E 's/.*calls=([0-9]+).*/\1/' <<<"$summary")
last_old=$(grep -n "$old_text" "$log" | tail -n 1 | cut -d: -f1 || true)
first_new=$(grep -n "$new_text" "$log" | head -n 1 | cut -d: -f1 || true)
generation=$(grep -E -o 'greeter: swapped [^ ]+ -> [^ ]+' "$log" | tail -n 1 || true)

echo
[[ $failed == 0 ]] || fail "$failed of $calls calls failed"
[[ -n $first_new ]] || fail "no call was answered by the edited code"
((last_old < first_new)) || fail "the old greeting answered after the new one had: the switch was not clean"
echo "dev: OK: $calls calls, 0 failed; the edited greeting served $(( (served - compiled) / 1000000 )) ms or less" \
  "after Maven finished ($generation)."
