#include "stretch/remind/schedule.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "stretch/platform/text.hpp"

namespace stretch {

namespace {

// How far ahead a schedule is searched: a week and a day covers every
// working day there is, even across a DST change.
constexpr std::int64_t search_days = 9;

std::optional<int> day_index(std::string_view name) {
  constexpr std::array<std::string_view, 7> names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::string lower;
  for (const char c : name) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto found = std::find(names.begin(), names.end(), lower);
  if (found == names.end()) {
    return std::nullopt;
  }
  return static_cast<int>(found - names.begin());
}

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

std::optional<WorkingHours> parse_hours(std::string_view text) {
  const std::vector<std::string_view> ends = split_at(text, '-');
  if (ends.size() != 2) {
    return std::nullopt;
  }
  const std::optional<DayMinute> start = parse_time_of_day(ends[0]);
  const std::optional<DayMinute> end = parse_time_of_day(ends[1], true);
  // 22:00-06:00 is a night shift; 9:00-9:00 is no span at all.
  if (!start || !end || *end == *start) {
    return std::nullopt;
  }
  return WorkingHours{*start, *end};
}

std::optional<WeekDays> parse_days(std::string_view text) {
  WeekDays days{};
  for (const std::string_view part : split_at(text, ',')) {
    const std::vector<std::string_view> range = split_at(part, '-');
    if (range.size() > 2) {
      return std::nullopt;
    }
    const std::optional<int> first = day_index(range.front());
    const std::optional<int> last = day_index(range.back());
    if (!first || !last || *last < *first) {
      return std::nullopt;
    }
    for (int day = *first; day <= *last; ++day) {
      days[static_cast<std::size_t>(day)] = true;
    }
  }
  return days;
}

std::optional<std::vector<DayMinute>> parse_times(std::string_view text) {
  std::vector<DayMinute> times;
  for (const std::string_view part : split_at(text, ',')) {
    const std::optional<DayMinute> time = parse_time_of_day(part);
    if (!time) {
      return std::nullopt;
    }
    times.push_back(*time);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

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
