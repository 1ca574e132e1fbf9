#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stretch {

// Minutes since local midnight: 0 to 24 * 60.
using DayMinute = int;

// The offset from UTC at each moment, so that a time of day stays that time
// of day across a DST change: the process's zone (TZ), or in tests a zone
// made up with a change at a known moment.
class TimeZone {
 public:
  virtual ~TimeZone() = default;
  virtual int utc_offset(std::int64_t epoch) const = 0;  // seconds east of UTC
};

class LocalTimeZone final : public TimeZone {
 public:
  int utc_offset(std::int64_t epoch) const override;
};

// A zone that never changes its offset, such as UTC.
class FixedTimeZone final : public TimeZone {
 public:
  explicit FixedTimeZone(int utc_offset) : utc_offset_(utc_offset) {}
  int utc_offset(std::int64_t) const override { return utc_offset_; }

 private:
  int utc_offset_;
};

struct WorkingHours {
  DayMinute start = 0;
  DayMinute end = 24 * 60;  // not included
};

// Monday first.
using WeekDays = std::array<bool, 7>;

// "14:00", "9:05", "24:00" (the end of a day, for --hours only).
std::optional<DayMinute> parse_time_of_day(std::string_view text, bool end_of_day_allowed = false);
// "9:00-17:30"; the end comes after the start.
std::optional<WorkingHours> parse_hours(std::string_view text);
// "mon-fri", "mon,wed,fri", "mon-wed,sat".
std::optional<WeekDays> parse_days(std::string_view text);
// "10:30,15:00": sorted, each once.
std::optional<std::vector<DayMinute>> parse_times(std::string_view text);

struct Schedule {
  std::int64_t every = 2700;  // seconds of working time between reminders
  WorkingHours hours;
  WeekDays days{true, true, true, true, true, true, true};
  std::vector<DayMinute> at;  // fixed times of day, sorted
};

// Days since 1970-01-01 of the local day a moment falls on.
std::int64_t local_day(const TimeZone& zone, std::int64_t epoch);
// The moment a local day reaches a time of day. A time that a change to
// summer time skips is taken as that far after the change, as mktime does;
// a time that the change back repeats is its first occurrence.
std::int64_t local_moment(const TimeZone& zone, std::int64_t day, DayMinute minute);

bool in_working_hours(const Schedule& schedule, const TimeZone& zone, std::int64_t epoch);

// The next reminder's moment: `every` seconds after countdown_from, counted
// from the start of working hours when it falls outside them, or the first
// fixed time after `after` on a working day inside working hours, whichever
// comes first. None when the schedule has no working time in the next
// weeks.
std::optional<std::int64_t> next_reminder(const Schedule& schedule, const TimeZone& zone,
                                          std::int64_t countdown_from, std::int64_t after);

// "14:05": the local time of day of a moment.
std::string format_time_of_day(const TimeZone& zone, std::int64_t epoch);

// The next moment after now at that time of day: today's, else tomorrow's.
std::int64_t next_time_of_day(const TimeZone& zone, std::int64_t now, DayMinute minute);

}  // namespace stretch
