#!/usr/bin/python3
"""Writes the calendars that the busy tests read, with Python's icalendar,
as a calendar program would: write_calendars.py DIR

DIR/work.ics      a weekly meeting in Europe/Berlin, across the end of
                  summer time, with one occurrence taken out (EXDATE) and
                  one moved (RECURRENCE-ID)
DIR/team/*.ics    a vdir: an event in America/New_York, an all-day event,
                  a transparent ("free") event, and a cancelled one
"""
import datetime
import pathlib
import sys

import icalendar
import pytz

berlin = pytz.timezone("Europe/Berlin")
new_york = pytz.timezone("America/New_York")
utc = pytz.utc


def calendar():
    cal = icalendar.Calendar()
    cal.add("prodid", "-//stretch tests//busy//EN")
    cal.add("version", "2.0")
    return cal


def event(uid, summary, start, end, **extra):
    ev = icalendar.Event()
    ev.add("uid", uid)
    ev.add("summary", summary)
    ev.add("dtstamp", datetime.datetime(2026, 9, 1, tzinfo=utc))
    ev.add("dtstart", start)
    ev.add("dtend", end)
    for key, value in extra.items():
        ev.add(key.replace("_", "-"), value)
    return ev


def write(path, cal):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cal.to_ical())


def main():
    out = pathlib.Path(sys.argv[1])
    work = calendar()
    # Mondays at 10:00 Berlin time from 5 October 2026: 08:00 UTC in summer
    # time, 09:00 UTC from 26 October on.
    first = berlin.localize(datetime.datetime(2026, 10, 5, 10, 0))
    standup = event("standup@example.org", "Stand-up", first,
                    first + datetime.timedelta(minutes=30),
                    rrule={"freq": "weekly", "count": 10},
                    exdate=berlin.localize(datetime.datetime(2026, 10, 12, 10, 0)))
    work.add_component(standup)
    moved = event("standup@example.org", "Stand-up, moved to the afternoon",
                  berlin.localize(datetime.datetime(2026, 10, 19, 14, 0)),
                  berlin.localize(datetime.datetime(2026, 10, 19, 15, 0)),
                  recurrence_id=berlin.localize(datetime.datetime(2026, 10, 19, 10, 0)))
    work.add_component(moved)
    write(out / "work.ics", work)

    team = out / "team"
    call = calendar()
    # 2 November 2026, 9:00 in New York: 14:00 UTC, a day after the US end
    # of summer time.
    call.add_component(event("call@example.org", "Call with New York",
                             new_york.localize(datetime.datetime(2026, 11, 2, 9, 0)),
                             new_york.localize(datetime.datetime(2026, 11, 2, 10, 0))))
    write(team / "call.ics", call)
    holiday = calendar()
    holiday.add_component(event("holiday@example.org", "Team day", datetime.date(2026, 11, 3),
                                datetime.date(2026, 11, 4)))
    write(team / "holiday.ics", holiday)
    focus = calendar()
    focus.add_component(event("focus@example.org", "Focus time (free)",
                              datetime.datetime(2026, 11, 4, 12, 0, tzinfo=utc),
                              datetime.datetime(2026, 11, 4, 13, 0, tzinfo=utc),
                              transp="TRANSPARENT"))
    write(team / "focus.ics", focus)
    cancelled = calendar()
    cancelled.add_component(event("cancelled@example.org", "Cancelled review",
                                  datetime.datetime(2026, 11, 5, 12, 0, tzinfo=utc),
                                  datetime.datetime(2026, 11, 5, 13, 0, tzinfo=utc),
                                  status="CANCELLED"))
    write(team / "cancelled.ics", cancelled)
    # Not a calendar: a vdir keeps other files too, which are left alone.
    (team / "color").write_text("#ff0000\n")


main()
