#!/usr/bin/env bash
# make soak: a reminder driven through many reminder cycles, with the
# reminder hook, notifications on a private session bus and a history that
# grows, and what it holds of the system (fds, threads, memory, maps) at the
# start and the end; writes the "## Soak" section of docs/benchmarks.md.
#   bench/soak.sh BUILD_DIR [CYCLES]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
cycles=${2:-10000}
stretch=$PWD/$build/stretch
bus_server=$PWD/$build/tests/bus_server
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/config
# No tmux of the user's is the reminder's to show itself on.
unset TMUX TMUX_PANE STY
export TMUX_TMPDIR=$work
export STRETCH_CAMERA=false STRETCH_MICROPHONE=false
mkdir -m 700 "$XDG_RUNTIME_DIR"
mkdir -p "$XDG_CONFIG_HOME/stretch/hooks"
printf '#!/bin/sh\nexec cat >/dev/null\n' >"$XDG_CONFIG_HOME/stretch/hooks/reminder"
chmod 700 "$XDG_CONFIG_HOME/stretch/hooks/reminder"

wait_for() { # FILE TEXT
  for _ in $(seq 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "soak: no \"$2\" in $1" >&2
  exit 1
}
export DBUS_SESSION_BUS_ADDRESS=unix:path=$work/bus
dbus-daemon --session --nofork --address="$DBUS_SESSION_BUS_ADDRESS" --print-address=1 \
  >"$work/bus.out" 2>&1 &
pids+=($!)
wait_for "$work/bus.out" unix:
"$bus_server" "$DBUS_SESSION_BUS_ADDRESS" "$work/notifications.log" >"$work/server.out" 2>&1 &
pids+=($!)
wait_for "$work/server.out" ready
"$stretch" remind --every 1m --break 999999h </dev/null >"$work/remind.out" 2>&1 &
reminder=$!
pids+=("$reminder")
for _ in $(seq 600); do "$stretch" remind --status >/dev/null 2>&1 && break; sleep 0.05; done

started=$(date +%s)
figures=$(python3 bench/soak.py "$reminder" "$XDG_RUNTIME_DIR/stretch/remind.sock" \
  "$HOME/.local/state/stretch/history.jsonl" "$cycles")
seconds=$(($(date +%s) - started))
notified=$(grep -c '^notify ' "$work/notifications.log")
warnings=$(grep -c 'warning' "$work/remind.out" || true)

section=$(python3 - "$figures" "$seconds" "$notified" "$warnings" "$(git rev-parse --short HEAD)" <<'PY'
import datetime, json, os, sys
figures, seconds, notified, warnings, commit = json.loads(sys.argv[1]), *sys.argv[2:]
start, grown, end = figures["start"], figures["grown"], figures["end"]
more = figures["cycles"] // 5
rows = [("open file descriptors", "fds", ""), ("threads", "threads", ""),
        ("resident memory", "rss_kib", " KiB"), ("memory maps", "maps", "")]
table = "\n".join(
    f"| {name} | {start[key]}{unit} | {grown[key]}{unit} | {end[key]}{unit} | "
    f"{'yes' if end[key] <= start[key] * 1.05 + 2 else 'with the history'} | "
    f"{'yes' if end[key] <= grown[key] * 1.01 + 2 else '**no**'} |"
    for name, key, unit in rows)
print(f"""## Soak

`make soak` (`bench/soak.sh`) on {datetime.date.today()}, commit {commit}: one
`stretch remind --every 1m` driven through {figures["cycles"]:,} reminders by the
`now` command on its socket (what `remind --now` sends), each with its
notification on a private session bus and its `reminder` hook, while
{figures["history_records"]:,} sessions were added to the history
({figures["history_kib"]} KiB), of which the reminder reads what each change adds;
then {more:,} reminders more with the history as it was. {notified}
notifications in all, in {seconds} s; {warnings} warnings. The start is after
100 reminders, so that what is made once is counted in it. Flat means within
5 % and 2 of the start, or within 1 % and 2 over the last {more:,}: memory
that grows with the history the reminder reads is not a leak, memory that
grows with the reminders would be.

| held by the reminder | start | after {figures["cycles"]:,}, history grown | after {more:,} more | flat from the start | flat over the last {more:,} |
|---|---|---|---|---|---|
{table}""")
PY
)
top=$(sed '/^## \(Soak\|CI run\)/,$d' docs/benchmarks.md)
ci=$(sed -n '/^## CI run/,$p' docs/benchmarks.md)
printf '%s\n\n%s\n\n%s\n' "$top" "$section" "$ci" >docs/benchmarks.md
echo "$section"
