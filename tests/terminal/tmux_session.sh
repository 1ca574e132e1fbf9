#!/usr/bin/env bash
# Drives stretch in a real terminal (tmux) as a person would: keys in, the
# screen read back, and the terminal's settings compared before and after.
#   tmux_session.sh STRETCH_BINARY SCENARIO
set -euo pipefail

stretch=$1
scenario=$2
socket="stretch-test-$$-$scenario"
work=$(mktemp -d)

t() { tmux -L "$socket" "$@"; }
cleanup() {
  t kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL ($scenario): $*" >&2
  echo "--- screen ---" >&2
  t capture-pane -p -t s >&2 || true
  exit 1
}
screen() { t capture-pane -p -t s; }
send() { t send-keys -t s "$@"; }
# Polls until a command succeeds; false once the patience (seconds, from
# the build) is spent, so a loaded machine is slow rather than red.
patience=${STRETCH_TEST_PATIENCE:-30}
eventually() {
  local deadline=$((SECONDS + patience))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
shows() { screen | grep -qE -- "$1"; }
milliseconds() { echo $(($(date +%s%N) / 1000000)); }
# Waits for the screen to show a pattern (grep -E).
wait_for() { eventually shows "$1" || fail "timed out waiting for: $1"; }
cursor_visible() { [ "$(t display-message -p -t s '#{cursor_flag}')" = 1 ]; }
# The process named $1 that the pane's shell started, however deep.
descendant() {
  local pids pid
  pids=$(t display-message -p -t s '#{pane_pid}')
  while [ -n "$pids" ]; do
    for pid in $pids; do
      [ "$(ps -o comm= -p "$pid")" = "$1" ] && echo "$pid" && return 0
    done
    pids=$(for pid in $pids; do pgrep -P "$pid" || true; done)
  done
  fail "no $1 process under the pane's shell"
}
is_stopped() { case $(ps -o stat= -p "$1") in T*) return 0 ;; esac; return 1; }
wait_stopped() { eventually is_stopped "$1" || fail "process $1 did not stop"; }

# Time is the one thing the shell below is given from outside: the zone
# (UTC unless set) and libfaketime's variables, so that a run at a faked
# hour reaches stretch.
carried="TZ=$(printf %q "${TZ:-UTC}")"
for name in LD_PRELOAD $(compgen -e | grep '^FAKETIME' || true); do
  [ -n "${!name:-}" ] && carried+=" $name=$(printf %q "${!name}")"
done
# A clean interactive shell (job control on, for Ctrl-Z) in an 80x24 terminal.
t -f /dev/null new-session -d -x 80 -y 24 -s s \
  "env -i PATH=/usr/bin:/bin HOME=$work TMUX_TMPDIR=$work HISTFILE=/dev/null TERM=xterm-256color LANG=C.UTF-8 $carried PS1='$ ' bash --norc --noprofile -i"
wait_for '^\$'
# "exit=" comes after the second stty, so that its file is whole once the
# screen shows it.
after_and_exit="code=\$?; stty -a > $work/after; echo \"exit=\$code\""
run() {
  send "stty -a > $work/before; $1; $after_and_exit" Enter
}
# stty -a without the window size, which a resize rightly changes.
settings() { sed -E 's/rows [0-9]+; columns [0-9]+; //' "$1"; }
terminal_restored() {
  wait_for '^exit=[0-9]+$'
  diff <(settings "$work/before") <(settings "$work/after") >&2 ||
    fail "stty settings differ after the session"
  cursor_visible || fail "the cursor is hidden after the session"
}

case $scenario in
  german)
    # The live view in German: the routine's German texts, whole, in 80x24.
    routine="$(dirname "$0")/../../data/routines/lower-back.json"
    german() { python3 -c 'import json, sys; print(eval(sys.argv[2], {"r": json.load(open(sys.argv[1]))}))' "$routine" "$1"; }
    title=$(german 'r["stretches"][0]["translations"]["de"]["title"]')
    cue=$(german 'r["stretches"][0]["translations"]["de"]["cues"][0]')
    step=$(german 'r["stretches"][0]["translations"]["de"]["instructions"][2]')
    mkdir -m 700 "$work/run"
    run "LANG=de_DE.UTF-8 XDG_RUNTIME_DIR=$work/run $stretch start lower-back"
    wait_for "$title"
    wait_for "$step"
    send n
    wait_for "$cue"
    screen | grep -q 'Cat: lower back up' && fail "an English cue in the German view"
    # The rest, in the view and in the status line, is German too.
    send n
    wait_for '^ *PAUSE'
    screen | grep -qiE '\<rest\>' && fail "an English rest in the German view"
    status_line() {
      LANG=de_DE.UTF-8 XDG_RUNTIME_DIR=$work/run "$stretch" status
    }
    status_in_german() { status_line | grep -qE "^$title · Pause · 0:[0-9]{2}\$"; }
    eventually status_in_german || fail "stretch status in German: $(status_line)"
    send q
    wait_for 'exit=0'
    terminal_restored
    ;;
  keys)
    run "$stretch start lower-back"
    wait_for 'GET READY · 0:1[0-5]'
    wait_for 'Safety: If the pain is severe'
    send ' '
    wait_for 'PAUSED'
    # Not a wait but a window: the paused view is read again and again for
    # two seconds, and its countdown must never move.
    before=$(screen | grep -oE 'GET READY · [0-9]:[0-9]{2}')
    window_end=$((SECONDS + 2))
    while [ "$SECONDS" -le "$window_end" ]; do
      now=$(screen | grep -oE 'GET READY · [0-9]:[0-9]{2}')
      [ "$before" = "$now" ] || fail "countdown moved while paused: $before -> $now"
      sleep 0.1
    done
    send ' '
    not_paused() { ! shows PAUSED; }
    eventually not_paused || fail "still PAUSED after space"
    send n
    wait_for 'ROUND 1/2'
    wait_for 'Cat: lower back up'
    send '?'
    wait_for 'back to the start of this phase'
    send '?'
    send q
    wait_for 'Stopped early: 0 of 2 stretches'
    wait_for 'exit=0'
    terminal_restored
    ;;
  remind)
    # The reminder in its terminal: s snoozes, Enter runs the routine in the
    # same terminal and takes the keys back after it, q quits.
    run "$stretch remind desk-break --every 2s --snooze 1s"
    wait_for 'Reminding you every 2s to stand up and stretch'
    wait_for 'Time to stand up and stretch\. Enter: start desk-break'
    send s
    wait_for 'Snoozed until'
    send Enter
    wait_for 'GET READY'
    send q
    wait_for 'Next reminder at [0-9:APM ]+, in 1m\.'
    send q
    wait_for 'exit=0'
    terminal_restored
    ;;
  remind-job-control)
    # The routine that Enter starts is a job of the shell's, as the reminder
    # is: Ctrl-Z stops both and gives the shell the terminal, fg brings both
    # back, and Ctrl-C ends the routine, not the reminder.
    send "stty -a > $work/before; $stretch remind desk-break --every 1h" Enter
    wait_for 'Reminding you every 1h to stand up and stretch'
    send Enter
    wait_for 'GET READY'
    send C-z
    wait_for 'Stopped'
    send "fg" Enter
    wait_for 'GET READY'
    send C-c
    wait_for 'Next reminder at [0-9:APM ]+, in 1h\.'
    send q
    send "$after_and_exit" Enter
    wait_for '^exit=0$'
    terminal_restored
    ;;
  ctrl-c)
    # The shell sees a death by SIGINT and drops the rest of the line, as it
    # should, so the status is asked for in a command of its own. The quotes
    # keep the echoed command line, however it wraps, from matching.
    send "stty -a > $work/before; $stretch start lower-back; echo not-\"\"reached" Enter
    wait_for 'GET READY'
    send C-c
    wait_for 'Interrupted: 0 of 2 stretches'
    send "$after_and_exit" Enter
    wait_for 'exit=130'
    screen | grep -q '^not-reached' && fail "the shell went on after Ctrl-C"
    terminal_restored
    ;;
  ctrl-z | ctrl-z-under-make | ctrl-z-under-bash-c | ctrl-z-lost-race)
    # Ctrl-Z stops the whole job. Under make or a script, the shell may take
    # the terminal back before stretch has given it back; the lost race
    # forces that order: make is stopped first, stretch half a second later.
    case $scenario in
      ctrl-z) command="$stretch start lower-back" ;;
      ctrl-z-under-bash-c) command="bash -c '$stretch start lower-back; true'" ;;
      *)
        printf 'all:\n\t%s start lower-back\n' "$stretch" > "$work/M"
        command="make -s -f $work/M"
        ;;
    esac
    send "stty -a > $work/before; $command" Enter
    wait_for 'GET READY · 0:1'
    stretch_pid=$(descendant stretch)
    # The countdown as it is just before stretch stops: in the lost race the
    # shell may take a while to take the terminal, and the session runs on
    # meanwhile.
    countdown() { screen | grep -oE 'GET READY · [0-9]:[0-9]{2}' | grep -oE '[0-9]{2}$'; }
    if [ "$scenario" = ctrl-z-lost-race ]; then
      make_pid=$(descendant make)
      kill -TSTP "$make_pid"
      wait_stopped "$make_pid"
      shell_pid=$(t display-message -p -t s '#{pane_pid}')
      shell_has_terminal() { [ "$(ps -o tpgid= -p "$shell_pid" | tr -d ' ')" = "$shell_pid" ]; }
      eventually shell_has_terminal || fail "the shell did not take the terminal"
      read_before=$(milliseconds)
      countdown_before=$(countdown)
      kill -TSTP "$stretch_pid"
    else
      read_before=$(milliseconds)
      countdown_before=$(countdown)
      send C-z
    fi
    # When the shell wins the race it writes "Stopped" on the view's screen,
    # which stretch then leaves: the processes' states are what to wait for.
    wait_stopped "$stretch_pid"
    stopped_at=$(milliseconds)
    # Stopped for four seconds at least, which the countdown must not count.
    window_end=$((SECONDS + 4))
    while [ "$SECONDS" -le "$window_end" ]; do
      is_stopped "$stretch_pid" || fail "stretch went on before fg"
      sleep 0.1
    done
    send "stty -a > $work/stopped" Enter
    eventually test -s "$work/stopped" || fail "stty did not run while stretch was stopped"
    diff "$work/before" "$work/stopped" >&2 || fail "stty settings differ while stopped"
    cursor_visible || fail "the cursor is hidden while stopped"
    resumed_at=$(milliseconds)
    send "fg" Enter
    wait_for 'GET READY · [0-9]:[0-9]{2}'
    # The view is back, and only the time stretch ran counted, however slow
    # the machine: the seconds outside the stop, and one for the tick.
    countdown_after=$(countdown)
    ran=$(($(milliseconds) - read_before - (resumed_at - stopped_at)))
    [ $((10#$countdown_before - 10#$countdown_after)) -le $((ran / 1000 + 1)) ] ||
      fail "the countdown went on while stopped: $countdown_before -> $countdown_after in ${ran} ms running"
    send q
    wait_for 'Stopped early'
    send "$after_and_exit" Enter
    terminal_restored
    ;;
  resize)
    run "$stretch start lower-back"
    wait_for 'space pause · n next · b back · q stop · \? keys'
    t resize-window -t s -x 40 -y 24
    wait_for 'q sto…'
    send q
    terminal_restored
    ;;
  keys-with-piped-output)
    # Keys work whenever stdin is a terminal, whatever stdout is.
    run "$stretch start lower-back --speed 4 | cat"
    wait_for 'phase setup'
    send n
    wait_for 'skip '
    send q
    wait_for 'end stopped'
    terminal_restored
    ;;
  *)
    fail "no such scenario"
    ;;
esac
echo "ok ($scenario)"
