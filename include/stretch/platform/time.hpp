#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Time in one place: plan time, wall-clock moments in the user's zone,
// calendar days, and lengths and times of day as people write them. Pure:
// the zone and the locale's conventions are values handed in (the Context
// carries the user's), never read from the process.
namespace stretch {

// Plan time, in milliseconds from the start of a session.
using Millis = std::int64_t;

// Time on a steady clock, from an arbitrary start; only differences mean
// anything.
using ClockTime = std::chrono::nanoseconds;

double in_seconds(Millis time);
double in_minutes(Millis time);
// Seconds as written in a file, to the nearest millisecond.
Millis millis_from_seconds(double seconds);

// "02:50": a plan offset as text lines print it (minutes grow past 99).
std::string format_offset(Millis offset);
// "2:50", "1:02:05": a length of time for people to read, in whole seconds
// rounded up; a countdown too.
std::string format_duration(Millis duration);
// "30s", "1.5s": a short length in seconds.
std::string format_seconds(Millis duration);

// "90s", "45m", "1h30m", "2h": a duration with units, at least one second.
std::optional<ClockTime> parse_duration(std::string_view text);
// Whole seconds in the units parse_duration reads, in the user's language:
// "2h", "1h30m" (seconds dropped past an hour), "45m", "90s".
std::string format_interval(std::int64_t seconds);
// "12m", "1h5m": a wait, in whole minutes rounded up, at least one.
std::string format_wait(std::int64_t seconds);

// The offset from UTC at each moment, so that a time of day stays that time
// of day across a DST change: the user's zone, or in tests a zone made up
// with a change at a known moment.
class TimeZone {
 public:
  virtual ~TimeZone() = default;
  virtual int utc_offset(std::int64_t epoch) const = 0;  // seconds east of UTC
};

// A zone that never changes its offset, such as UTC.
class FixedTimeZone final : public TimeZone {
 public:
  explicit FixedTimeZone(int utc_offset) : utc_offset_(utc_offset) {}
  int utc_offset(std::int64_t) const override { return utc_offset_; }

 private:
  int utc_offset_;
};

// A moment as a session records it: seconds since the epoch, and the local
// offset from UTC then, so that the day it happened stays the user's day.
struct WallTime {
  std::int64_t epoch = 0;
  int utc_offset = 0;  // seconds east of UTC
};

WallTime wall_time(std::int64_t epoch, const TimeZone& zone);

// "2026-11-24T11:29:56+01:00"
std::string format_iso8601(WallTime time);
std::optional<WallTime> parse_iso8601(std::string_view text);

// A calendar day (the proleptic Gregorian calendar).
struct CalendarDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  auto operator<=>(const CalendarDate&) const = default;
};

// Days from 1970-01-01, for arithmetic, and back.
std::int64_t day_number(CalendarDate date);
CalendarDate date_of_day(std::int64_t day);
// 0 for Sunday to 6 for Saturday, as the locale counts its first weekday.
int weekday(std::int64_t day);

// A date and time of day, as a calendar shows a moment.
struct CalendarTime {
  CalendarDate date;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// Seconds since 1970-01-01T00:00 on some clock (UTC, or a zone's local
// time once its offset is added) as that clock shows them.
CalendarTime calendar_time(std::int64_t seconds);

// Minutes since local midnight: 0 to 24 * 60.
using DayMinute = int;

// "14:00", "9:05", "24:00" (the end of a day, for --hours only).
std::optional<DayMinute> parse_time_of_day(std::string_view text, bool end_of_day_allowed = false);

// Working hours of a day. An end that is not after the start ends on the
// next day: 22:00-06:00 is a night shift, started on a working day.
struct WorkingHours {
  DayMinute start = 0;
  DayMinute end = 24 * 60;  // not included
  bool crosses_midnight() const { return end <= start; }
};

// Monday first.
using WeekDays = std::array<bool, 7>;

// "9:00-17:30", or "22:00-06:00" across midnight; never an empty span.
std::optional<WorkingHours> parse_hours(std::string_view text);
// "mon-fri", "mon,wed,fri", "mon-wed,sat".
std::optional<WeekDays> parse_days(std::string_view text);
// "10:30,15:00": sorted, each once.
std::optional<std::vector<DayMinute>> parse_times(std::string_view text);

// Days since 1970-01-01 of the local day a moment falls on.
std::int64_t local_day(const TimeZone& zone, std::int64_t epoch);
// The local day of a recorded moment, as its own clock showed it then: the
// day a session belongs to is the one it started on, whatever zone or
// offset the reader is in now.
std::int64_t local_day(WallTime time);
CalendarDate local_date(const TimeZone& zone, std::int64_t epoch);
// The moment a local day reaches a time of day. A time that a change to
// summer time skips is taken as that far after the change, as mktime does;
// a time that the change back repeats is its first occurrence.
std::int64_t local_moment(const TimeZone& zone, std::int64_t day, DayMinute minute);
// The next moment after now at that time of day: today's, else tomorrow's.
std::int64_t next_time_of_day(const TimeZone& zone, std::int64_t now, DayMinute minute);

// How the user's locale (LC_TIME) reckons time: the week's first day, and
// whether a time of day reads 14:05 or 2:05 PM, with its words for AM and
// PM.
struct LocaleTime {
  int first_weekday = 1;  // 0 Sunday to 6 Saturday; ISO 8601's Monday
  bool twelve_hour_clock = false;
  std::string am = "AM";
  std::string pm = "PM";
};

// "14:05", or "2:05 PM" on a 12-hour clock: the local time of day of a
// moment.
std::string format_time_of_day(const TimeZone& zone, std::int64_t epoch, const LocaleTime& locale);

}  // namespace stretch
