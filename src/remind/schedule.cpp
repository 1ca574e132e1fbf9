#include "stretch/remind/schedule.hpp"

#include <algorithm>
#include <string>

#include "stretch/platform/text.hpp"

namespace stretch {

namespace {

// How far ahead a schedule is searched: a week and a day covers every
// working day there is, even across a DST change.
constexpr std::int64_t search_days = 9;

// The working window that starts on a local day, when it is a working
// day. A window whose end is not after its start is a night shift, and
// ends on the next day.
struct Window {
  std::int64_t start;
  std::int64_t end;
};

std::optional<Window> window_of(const Schedule& schedule, const TimeZone& zone, std::int64_t day) {
  // WeekDays start on Monday, weekday() on Sunday.
  if (!schedule.days[static_cast<std::size_t>((weekday(day) + 6) % 7)]) {
    return std::nullopt;
  }
  const std::int64_t end_day = schedule.hours.crosses_midnight() ? day + 1 : day;
  const Window window{local_moment(zone, day, schedule.hours.start),
                      local_moment(zone, end_day, schedule.hours.end)};
  // A window a change of offset leaves empty is no window.
  if (window.end <= window.start) {
    return std::nullopt;
  }
  return window;
}

// The first working moment at or after `from` on which a countdown of
// `every` can run its whole length: the countdown goes on across windows
// that join (one ends where the next starts, as all-day windows do at
// midnight), and starts again after a real gap.
std::optional<std::int64_t> countdown_end(const Schedule& schedule, const TimeZone& zone,
                                          std::int64_t from) {
  // A night shift that started yesterday may hold `from`.
  const std::int64_t first_day = local_day(zone, from) - 1;
  const std::int64_t last_day = first_day + search_days;
  for (std::int64_t day = first_day; day < last_day; ++day) {
    const std::optional<Window> window = window_of(schedule, zone, day);
    if (!window || window->end <= from) {
      continue;
    }
    const std::int64_t due = std::max(from, window->start) + schedule.every;
    std::int64_t end = window->end;
    while (due >= end && day + 1 < last_day) {
      const std::optional<Window> next = window_of(schedule, zone, day + 1);
      if (!next || next->start != end) {
        break;
      }
      end = next->end;
      ++day;
    }
    if (due < end) {
      return due;
    }
  }
  return std::nullopt;
}

}  // namespace

bool in_working_hours(const Schedule& schedule, const TimeZone& zone, std::int64_t epoch) {
  const std::int64_t day = local_day(zone, epoch);
  // Today's window, or last night's shift that runs into today.
  for (const std::int64_t start_day : {day, day - 1}) {
    const std::optional<Window> window = window_of(schedule, zone, start_day);
    if (window && epoch >= window->start && epoch < window->end) {
      return true;
    }
  }
  return false;
}

std::optional<std::int64_t> next_reminder(const Schedule& schedule, const TimeZone& zone,
                                          std::int64_t countdown_from, std::int64_t after) {
  const std::optional<std::int64_t> countdown = countdown_end(schedule, zone, countdown_from);
  std::optional<std::int64_t> fixed;
  const std::int64_t after_day = local_day(zone, after);
  for (std::int64_t day = after_day; day < after_day + search_days && !fixed; ++day) {
    for (const DayMinute minute : schedule.at) {
      const std::int64_t moment = local_moment(zone, day, minute);
      if (moment > after && in_working_hours(schedule, zone, moment)) {
        fixed = moment;
        break;
      }
    }
  }
  if (countdown && fixed) {
    return std::min(*countdown, *fixed);
  }
  return countdown ? countdown : fixed;
}

}  // namespace stretch
