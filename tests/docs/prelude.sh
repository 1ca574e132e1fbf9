# Sourced by every cram file that run_examples.py writes: what an example
# needs besides its own text. Waits poll up to STRETCH_TEST_PATIENCE seconds
# of real time (bash itself is not under libfaketime).

# Runs READY... until it succeeds, or says what never became ready.
doc_wait_until() {
  local deadline=$((SECONDS + ${STRETCH_TEST_PATIENCE:-30}))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "never ready: $*"
      cat "$CRAMTMP/background.out"
      return 1
    fi
    sleep 0.05
  done
}

# Ends the example running in the background; it must still be running,
# as a reminder or a session does until it is stopped. $! names the
# subshell of { ...; } &, or the example itself when bash let it take the
# subshell's place: both it and its children are stopped.
# The subshell dies at once, while the example may take its time to end
# well (a reminder lets its lock go last): the next example starts only
# once it has, or one reminder would find the other still there.
doc_stop_background() {
  [ -n "${doc_background_pid:-}" ] || return 0
  local children
  children=$(pgrep -P "$doc_background_pid")
  if kill -0 "$doc_background_pid" 2>/dev/null; then
    pkill -TERM -P "$doc_background_pid"
    kill -TERM "$doc_background_pid" 2>/dev/null
  else
    echo "the example in the background ended by itself:"
    cat "$CRAMTMP/background.out"
  fi
  wait "$doc_background_pid" 2>/dev/null
  # Ended is enough: a zombie has let its lock go, whenever it is reaped.
  local deadline=$((SECONDS + ${STRETCH_TEST_PATIENCE:-30})) child state
  for child in $children; do
    while state=$(ps -o stat= -p "$child") && [ "${state:0:1}" != Z ] &&
      [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.05
    done
  done
  doc_background_pid=
}

# Loads a tmux.conf into a private tmux server, as tmux reads it, and runs
# each #(...) of status-right as tmux runs it: with /bin/sh -c. A job ends
# at the ) that balances its #(, as in tmux's formats.
doc_tmux_status_right() {
  local value job
  value=$(tmux -L doc-test -f "$1" new-session -d \; show-options -gv status-right) || return
  tmux -L doc-test kill-server
  printf '%s' "$value" | /usr/bin/python3 -c '
import sys
text = sys.stdin.read()
start = text.find("#(")
while start >= 0:
    depth, end = 1, start + 2
    while end < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        end += 1
    print(text[start + 2 : end - 1])
    start = text.find("#(", end)
' | while IFS= read -r job; do
    /bin/sh -c "$job" </dev/null
  done
}
