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


# Seconds to wait for what is expected before failing: generous, so that a
# loaded machine is slow rather than red.
PATIENCE = float(os.environ.get("STRETCH_TEST_PATIENCE", "30"))


def is_running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is stopped: it only waits for its parent to reap it.
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


def wait_for_pid(pid_file):
    deadline = time.monotonic() + PATIENCE
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline, f"no {pid_file}"
        time.sleep(0.01)
    return int(pid_file.read_text())


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
                              cwd=scratch, timeout=PATIENCE)

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
    write_hook(hooks, "session-start", f'echo $$ > "{pid_file}"\nsleep 600\n')
    env["STRETCH_HOOK_TIMEOUT"] = "5s"
    started = time.monotonic()
    process = subprocess.Popen([stretch, "start", "desk-break", "--speed", "1000", "--format",
                                "json"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    # The whole session comes out while the hook still sleeps, long before
    # its limit: a hook never holds up the timer. (A hook run in line would
    # have been stopped at its limit before the first stretch.)
    ended = None
    for line in process.stdout:
        event = json.loads(line)
        if event["event"] == "end":
            ended = event
            hook_pid = wait_for_pid(pid_file)
            assert is_running(hook_pid), "the slow hook was stopped before the session ended"
    assert ended is not None and ended["outcome"] == "done", ended
    _, stderr = process.communicate(timeout=PATIENCE)
    waited = time.monotonic() - started
    assert process.returncode == 0, stderr
    # Then stretch waited for the hook up to its limit, and stopped it.
    assert waited >= 5, waited
    assert stderr == (f"stretch: warning: hook {hooks}/session-start ran longer than 5s "
                      "and was stopped\n"), stderr
    assert not is_running(hook_pid), f"the slow hook {hook_pid} is still running"


if __name__ == "__main__":
    main()
