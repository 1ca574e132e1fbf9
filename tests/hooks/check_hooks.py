"""Hooks as a user has them: real programs in the hooks directory, run by a
real stretch. Checks the event on stdin and STRETCH_EVENT, that no shell is
involved (the path has spaces and a ';'), a failing hook, a hook without
its execute bit, and a slow hook that is stopped at its time limit without
delaying a single cue.

Usage: check_hooks.py STRETCH_BINARY
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    stretch = sys.argv[1]
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="stretch-hooks-"))
    try:
        check(stretch, scratch)
    finally:
        shutil.rmtree(scratch)
    print("hooks get the event, run without a shell, and never hold up the timer")


def write_hook(hooks, name, body, executable=True):
    path = hooks / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755 if executable else 0o644)
    return path


def check(stretch, scratch):
    # A shell would split this path at the spaces and run what follows ';'.
    home = scratch / "a home; touch pwned"
    hooks = home / ".config/stretch/hooks"
    hooks.mkdir(parents=True)
    log = scratch / "log"
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "STRETCH_HOOK_TIMEOUT": "2s"}

    def run(*args):
        return subprocess.run([stretch, *args], env=env, capture_output=True, text=True,
                              cwd=scratch, timeout=30)

    logger = f'{{ printf "%s " "$STRETCH_EVENT"; cat; }} >> "{log}"\n'
    write_hook(hooks, "session-start", logger)
    write_hook(hooks, "session-end", logger)
    ran = run("start", "desk-break", "--speed", "1000", "--format", "json")
    assert ran.returncode == 0 and ran.stderr == "", ran
    lines = log.read_text().splitlines()
    assert len(lines) == 2, lines
    events = {line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1]) for line in lines}
    assert events["session-start"]["event"] == "start", events
    assert events["session-start"]["routine"] == "desk-break", events
    assert events["session-end"]["event"] == "end", events
    assert events["session-end"]["outcome"] == "done", events
    assert not (scratch / "pwned").exists() and not (home / "pwned").exists()

    # A dry run is not a session: no hooks.
    run("start", "desk-break", "--dry-run")
    assert len(log.read_text().splitlines()) == 2

    write_hook(hooks, "session-end", "exit 3\n")
    ran = run("start", "desk-break", "--speed", "1000", "--format", "text")
    assert ran.returncode == 0, ran
    assert ran.stderr == (f"stretch: warning: hook {hooks}/session-end failed with exit "
                          "status 3\n"), ran.stderr
    assert run("history", "--format", "json").stdout.count("\n") == 2

    write_hook(hooks, "session-end", logger, executable=False)
    ran = run("start", "desk-break", "--speed", "1000", "--format", "text")
    assert ran.returncode == 0, ran
    assert ran.stderr == (f"stretch: warning: hook {hooks}/session-end is not executable; "
                          "`chmod +x` it to run it\n"), ran.stderr
    (hooks / "session-end").unlink()

    # The slow hook writes its pid, then sleeps far past its limit.
    pid_file = scratch / "slow.pid"
    write_hook(hooks, "session-start", f'echo $$ > "{pid_file}"\nsleep 60\n')
    started = time.monotonic()
    process = subprocess.Popen([stretch, "start", "desk-break", "--speed", "200", "--format",
                                "json"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    arrivals = []
    for line in process.stdout:
        arrivals.append((time.monotonic() - started, json.loads(line)))
    _, stderr = process.communicate(timeout=30)
    finished = time.monotonic() - started
    assert process.returncode == 0, stderr
    # Every event on time: at t/200 seconds after the start, give or take
    # the machine's scheduling, while the hook was still asleep.
    for arrived, event in arrivals:
        assert arrived - event["t"] / 200 < 0.5, (arrived, event)
    assert arrivals[-1][1]["event"] == "end" and arrivals[-1][0] < 1.5, arrivals[-1]
    # Then stretch waited for the hook only up to its limit, and stopped it.
    assert 1.9 < finished < 5, finished
    assert stderr == (f"stretch: warning: hook {hooks}/session-start ran longer than 2s "
                      "and was stopped\n"), stderr
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, 0)
        raise AssertionError(f"the slow hook {pid} is still running")
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    main()
