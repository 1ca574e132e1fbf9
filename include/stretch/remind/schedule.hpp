#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "stretch/platform/time.hpp"

namespace stretch {

struct Schedule {
  std::int64_t every = 0;  // seconds of working time between reminders
  WorkingHours hours;
  WeekDays days{true, true, true, true, true, true, true};
  std::vector<DayMinute> at;  // fixed times of day, sorted
};

bool in_working_hours(const Schedule& schedule, const TimeZone& zone, std::int64_t epoch);

// The next reminder's moment: `every` seconds of working time after
// countdown_from, or the first fixed time after `after` inside working
// hours, whichever comes first. The countdown runs on from one working
// window into the next when they join (the default all-day windows join at
// midnight), and starts again with the next window after a real gap: the
// end of the working day, a day off. `--days` names the days a window
// starts on, so Friday's night shift runs into Saturday. A fixed time that
// a change to summer time skips comes as far after the change as it was
// meant to be (02:30 becomes 03:30); one the change back repeats comes
// once, the first time. None when the schedule has no working time in the
// next week.
std::optional<std::int64_t> next_reminder(const Schedule& schedule, const TimeZone& zone,
                                          std::int64_t countdown_from, std::int64_t after);

}  // namespace stretch
