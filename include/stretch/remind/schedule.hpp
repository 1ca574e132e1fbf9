#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "stretch/platform/time.hpp"

namespace stretch {

struct WorkingHours {
  DayMinute start = 0;
  DayMinute end = 24 * 60;  // not included
};

// Monday first.
using WeekDays = std::array<bool, 7>;

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

bool in_working_hours(const Schedule& schedule, const TimeZone& zone, std::int64_t epoch);

// The next reminder's moment: `every` seconds after countdown_from, counted
// from the start of working hours when it falls outside them, or the first
// fixed time after `after` on a working day inside working hours, whichever
// comes first. None when the schedule has no working time in the next
// weeks.
std::optional<std::int64_t> next_reminder(const Schedule& schedule, const TimeZone& zone,
                                          std::int64_t countdown_from, std::int64_t after);

}  // namespace stretch
