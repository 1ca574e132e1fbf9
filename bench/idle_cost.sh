#!/usr/bin/env bash
# CPU time over wall time of a real-clock session, and wake-ups per second.
#   idle_cost.sh STRETCH_BINARY MODE SECONDS     MODE: text or live
# text: output to a pipe; live: the full-screen view in an 80x24 tmux
# terminal. Prints "MODE cpu_percent wakeups_per_second".
set -euo pipefail
stretch=$1
mode=$2
seconds=${3:-60}
clock_ticks=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wakeups() { awk '/voluntary_ctxt_switches/ {sum += $2} END {print sum}' "/proc/$1/status"; }

if [ "$mode" = live ]; then
  socket="stretch-bench-$$"
  tmux -L "$socket" -f /dev/null new-session -d -x 80 -y 24 \
    "env TERM=xterm-256color LANG=C.UTF-8 $stretch start lower-back --flow 1800"
  trap 'tmux -L "$socket" kill-server 2>/dev/null || true' EXIT
  sleep 1
  pid=$(pgrep -n -f "$stretch start lower-back --flow 1800")
else
  "$stretch" start lower-back --flow 1800 --format text > /dev/null &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  sleep 1
fi
ticks_before=$(cpu_ticks "$pid")
wakeups_before=$(wakeups "$pid")
start=$(date +%s.%N)
sleep "$seconds"
ticks_after=$(cpu_ticks "$pid")
wakeups_after=$(wakeups "$pid")
end=$(date +%s.%N)
awk -v mode="$mode" -v t="$((ticks_after - ticks_before))" -v hz="$clock_ticks" \
  -v w="$((wakeups_after - wakeups_before))" -v s="$start" -v e="$end" \
  'BEGIN { wall = e - s; printf "%s %.3f %.2f\n", mode, 100 * t / hz / wall, w / wall }'
