"""Runs real sessions and reads their history back through real parsers:
the JSON lines with json, the CSV export with csv, the calendar with
icalendar (RFC 5545). Also checks that a session run fast counts for its
real time only.

Usage: check_exports.py STRETCH_BINARY FIXTURES_DIR
"""
import csv
import datetime
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import icalendar

UTC = datetime.timezone.utc


def main():
    stretch, fixtures = sys.argv[1], pathlib.Path(sys.argv[2])
    home = pathlib.Path(tempfile.mkdtemp(prefix="stretch-exports-"))
    try:
        check(stretch, fixtures, home)
    finally:
        shutil.rmtree(home)
    root = pathlib.Path(tempfile.mkdtemp(prefix="stretch-machines-"))
    try:
        check_machines(stretch, root)
    finally:
        shutil.rmtree(root)
    print("json, csv and ics exports read back through their parsers, on one machine and two")


def check_machines(stretch, root):
    """Two machines, each a home of its own, sharing a folder: the exports of
    either carry every session once, with the machine it ran on."""
    shared = root / "Sync" / "stretch"

    def machine(name):
        home = root / name
        (home / ".config/stretch").mkdir(parents=True)
        (home / ".config/stretch/config.toml").write_text(
            '[history]\nshared_dir = "%s"\nmachine = "%s"\n' % (shared, name))
        env = {"HOME": str(home), "PATH": os.environ["PATH"], "TZ": "Europe/Berlin",
               "LC_ALL": "C.UTF-8"}

        def run(*args):
            return subprocess.run([stretch, *args], env=env, check=True,
                                  capture_output=True).stdout.decode()
        return run

    laptop, desktop = machine("laptop"), machine("desktop")
    # Each over a second long, so that their starts are in the order run.
    for run, routine in ((laptop, "eyes"), (desktop, "neck-shoulders"), (laptop, "lower-back")):
        run("start", routine, "--speed", "100", "--format", "text")
    # A conflict copy of the laptop's file, as Syncthing names one.
    copy = shared / "laptop.sync-conflict-20261205-120000-ABCDEFG.jsonl"
    copy.write_text((shared / "laptop.jsonl").read_text())

    for run in (laptop, desktop):
        records = [json.loads(line) for line in run("history", "--format", "json").splitlines()]
        assert [r["machine"] for r in records] == ["laptop", "desktop", "laptop"], records
        assert [r["routine"] for r in records] == ["eyes", "neck-shoulders", "lower-back"]
        ids = [r["id"] for r in records]
        assert len(set(ids)) == 3, ids

        rows = list(csv.DictReader(io.StringIO(run("history", "--format", "csv"), newline="")))
        assert [row["machine"] for row in rows] == ["laptop", "desktop", "laptop"], rows
        assert [row["id"] for row in rows] == ids, rows

        events = icalendar.Calendar.from_ical(run("history", "--format", "ics")).walk("VEVENT")
        assert [str(event["UID"]) for event in events] == [i + "@stretch.history" for i in ids]
        assert str(events[1]["DESCRIPTION"]).endswith(", on desktop."), events[1]["DESCRIPTION"]

        stats = json.loads(run("stats", "--format", "json"))
        assert stats["sessions"] == 3 and stats["current_streak"] == 1, stats


def check(stretch, fixtures, home):
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "TZ": "Europe/Berlin",
           "LC_ALL": "C.UTF-8"}
    state = home / ".local/state/stretch"
    state.mkdir(parents=True)
    history = state / "history.jsonl"
    # Two sessions in the format of before, with awkward characters in
    # what the formats must escape, then a real one at 1000 times speed.
    old = (fixtures / "history/before-speed.jsonl").read_text().splitlines()
    tricky = json.loads(old[1])
    tricky["routine"] = "desk, break; \"quoted\" " + "long-name-" * 8
    tricky["source"] = "/home/sam/a,b\\c.json"
    history.write_text(old[0] + "\n" + json.dumps(tricky) + "\n")

    def run(*args):
        # Bytes, decoded by hand: text mode would turn CRLF into LF.
        return subprocess.run([stretch, *args], env=env, check=True,
                              capture_output=True).stdout.decode()

    run("start", "lower-back", "--speed", "1000", "--format", "text")

    records = [json.loads(line) for line in run("history", "--format", "json").splitlines()]
    assert len(records) == 3, records
    fast = records[2]
    assert fast["speed"] == 1000, fast
    assert 0 < fast["wall"] < 5, fast
    assert fast["done"] == fast["planned"] == 175, fast
    assert [s["outcome"] for s in fast["stretch_outcomes"]] == ["done", "done"], fast
    assert [s["id"] for s in fast["stretch_outcomes"]] == ["forearm-cat-cow", "hand-heel-rock"]

    stats = json.loads(run("stats", "--format", "json", "--until", "2026-11-21"))
    assert stats["sessions"] == 2 and abs(stats["minutes"] - 222.5 / 60) < 1e-9, stats
    stats = json.loads(run("stats", "--format", "json", "--since", "2026-11-22"))
    assert stats["sessions"] == 1 and stats["minutes"] < 1 / 60, stats  # real time only
    assert stats["stretches_done"] == 2, stats

    text = run("history", "--format", "csv")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), repr(text)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 3, rows
    assert rows[1]["routine"] == tricky["routine"], rows[1]
    assert rows[1]["source"] == tricky["source"], rows[1]
    assert rows[1]["start"] == "2026-11-21T14:02:10+01:00", rows[1]
    assert float(rows[1]["done_seconds"]) == 47.5 and rows[1]["outcome"] == "stopped", rows[1]
    assert float(rows[2]["speed"]) == 1000 and rows[2]["stretches_done"] == "2", rows[2]

    ics = run("history", "--format", "ics")
    for line in ics.split("\r\n")[:-1]:
        assert len(line.encode()) <= 75, line
    calendar = icalendar.Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 3, events
    assert len({str(event["UID"]) for event in events}) == 3
    first, second = events[0], events[1]
    assert first.decoded("DTSTART") == datetime.datetime(2026, 11, 20, 8, 15, tzinfo=UTC)
    assert first.decoded("DTEND") == datetime.datetime(2026, 11, 20, 8, 17, 55, tzinfo=UTC)
    assert str(second["SUMMARY"]) == "Stretch: " + tricky["routine"], second["SUMMARY"]
    assert second.decoded("DTEND") - second.decoded("DTSTART") == datetime.timedelta(seconds=48)

    assert run("history", "--format", "ics", "--since", "2026-11-23").count("BEGIN:VEVENT") == 1
    assert run("history", "--format", "csv", "-n", "1").count("\r\n") == 2


if __name__ == "__main__":
    main()
