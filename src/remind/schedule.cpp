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

// The working window of a local day, when it is a working day.
struct Window {
  std::int64_t start;
  std::int64_t end;
};

std::optional<Window> window_of(const Schedule& schedule, const TimeZone& zone, std::int64_t day) {
  // WeekDays start on Monday, weekday() on Sunday.
  if (!schedule.days[static_cast<std::size_t>((weekday(day) + 6) % 7)]) {
    return std::nullopt;
  }
  return Window{local_moment(zone, day, schedule.hours.start),
                local_moment(zone, day, schedule.hours.end)};
}

}  // namespace

std::optional<WorkingHours> parse_hours(std::string_view text) {
  const std::vector<std::string_view> ends = split_at(text, '-');
  if (ends.size() != 2) {
    return std::nullopt;
  }
  const std::optional<DayMinute> start = parse_time_of_day(ends[0]);
  const std::optional<DayMinute> end = parse_time_of_day(ends[1], true);
  if (!start || !end || *end <= *start) {
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
  const std::optional<Window> window = window_of(schedule, zone, day);
  return window && epoch >= window->start && epoch < window->end;
}

std::optional<std::int64_t> next_reminder(const Schedule& schedule, const TimeZone& zone,
                                          std::int64_t countdown_from, std::int64_t after) {
  std::optional<std::int64_t> countdown;
  const std::int64_t first_day = local_day(zone, countdown_from);
  for (std::int64_t day = first_day; day < first_day + search_days && !countdown; ++day) {
    const std::optional<Window> window = window_of(schedule, zone, day);
    if (!window || window->end <= countdown_from) {
      continue;
    }
    const std::int64_t due = std::max(countdown_from, window->start) + schedule.every;
    if (due < window->end) {
      countdown = due;
    }
  }
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
