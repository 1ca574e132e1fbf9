#!/usr/bin/env python3
"""Drives a running `stretch remind` through many reminder cycles and
prints what it holds of the system at the start and the end.

Each cycle asks for a reminder now over the control socket, which shows
the notification, runs the reminder hook and rewrites the status file;
every tenth cycle a session is added to the history, of which the reminder
reads what each change adds. Then a fifth as many cycles more with the
history left as it is, which tells memory that grows with the cycles from
memory that grows with the history the reminder reads.
    soak.py PID SOCKET HISTORY CYCLES
"""
import json
import os
import socket
import sys


def held(pid):
    """fds, threads, RSS in KiB and memory maps of the process."""
    status = {}
    with open(f"/proc/{pid}/status") as lines:
        for line in lines:
            key, _, value = line.partition(":")
            status[key] = value.split()
    with open(f"/proc/{pid}/maps") as maps:
        mapped = sum(1 for _ in maps)
    return {
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": int(status["Threads"][0]),
        "rss_kib": int(status["VmRSS"][0]),
        "maps": mapped,
    }


def ask(path, line):
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(path)
        client.sendall(line)
        answer = b""
        while not answer.endswith(b"\n"):
            got = client.recv(4096)
            if not got:
                break
            answer += got
    if b'"state"' not in answer:
        sys.exit(f"soak: the reminder answered {answer!r}")


def session(number):
    day = 1 + number % 28
    return json.dumps({
        "start": f"2025-01-{day:02d}T09:{number % 60:02d}:00+00:00",
        "routine": "lower-back", "source": "built-in", "planned": 175.0,
        "done": 175.0, "stretches_done": 2, "stretches": 2, "outcome": "done",
    }) + "\n"


def main():
    pid, path, history, cycles = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    os.makedirs(os.path.dirname(history), mode=0o700, exist_ok=True)
    # A first round so that what is made once (the bus connection, the
    # first hook's thread, malloc's arenas) is in the start figures.
    warm = 100
    for cycle in range(warm):
        ask(path, b"now\n")
    start = held(pid)
    for cycle in range(cycles):
        ask(path, b"now\n")
        if cycle % 10 == 0:
            with open(history, "a") as out:
                out.write(session(cycle))
    ask(path, b"status\n")
    grown = held(pid)
    for cycle in range(cycles // 5):
        ask(path, b"now\n")
    ask(path, b"status\n")
    end = held(pid)
    print(json.dumps({"cycles": cycles, "start": start, "grown": grown, "end": end,
                      "history_records": cycles // 10,
                      "history_kib": os.path.getsize(history) // 1024}))


main()
