"""Writes ten years of history on three machines into a shared folder, as
stretch writes it: one JSON line a session, each with its id and machine.

Usage: make_history.py FOLDER SESSIONS_A_MACHINE
"""
import datetime
import json
import pathlib
import random
import sys
import uuid

ROUTINES = {
    "lower-back": ["forearm-cat-cow", "hand-heel-rock"],
    "neck-shoulders": ["neck-side-bend", "shoulder-rolls", "chin-tuck"],
    "eyes": ["palming", "far-focus", "eye-circles"],
    "desk-break": ["standing-backbend", "chest-opener", "hip-circles", "neck-side-bend"],
}


def main():
    folder, count = pathlib.Path(sys.argv[1]), int(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    chance = random.Random(32)
    zone = datetime.timezone(datetime.timedelta(hours=1))
    first = datetime.datetime(2016, 12, 1, 8, 0, tzinfo=zone)
    for machine in ("laptop", "desktop", "home-box"):
        lines = []
        start = first
        # Ten years, in order, as a machine appends them.
        step = datetime.timedelta(days=3650) / count
        for _ in range(count):
            start += step
            routine = chance.choice(sorted(ROUTINES))
            planned = 175.0
            done = planned if chance.random() < 0.8 else 60.0
            record = {
                "id": str(uuid.UUID(int=chance.getrandbits(128), version=4)),
                "machine": machine,
                "start": start.replace(microsecond=0).isoformat(),
                "routine": routine,
                "source": "built-in",
                "planned": planned,
                "done": done,
                "stretches_done": len(ROUTINES[routine]) if done == planned else 1,
                "stretches": len(ROUTINES[routine]),
                "outcome": "done" if done == planned else "stopped",
                "speed": 1.0,
                "wall": done + 6.5,
                "stretch_outcomes": [{"id": s, "outcome": "done"} for s in ROUTINES[routine]],
            }
            lines.append(json.dumps(record, separators=(",", ":")))
        path = folder / (machine + ".jsonl")
        path.write_text("\n".join(lines) + "\n")
        path.chmod(0o600)


if __name__ == "__main__":
    main()
