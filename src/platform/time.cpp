#include "stretch/platform/time.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

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

constexpr std::int64_t day_seconds = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

double in_seconds(Millis time) {
  return static_cast<double>(time) / 1000.0;
}

double in_minutes(Millis time) {
  return static_cast<double>(time) / 60'000.0;
}

Millis millis_from_seconds(double seconds) {
  return static_cast<Millis>(std::llround(seconds * 1000.0));
}

std::string format_offset(Millis offset) {
  const Millis seconds = offset / 1000;
  return fmt::format("{:02}:{:02}", seconds / 60, seconds % 60);
}

std::string format_duration(Millis duration) {
  const Millis seconds = (duration + 999) / 1000;
  if (seconds >= 3600) {
    return fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

std::string format_seconds(Millis duration) {
  if (duration % 1000 == 0) {
    return fmt::format("{}s", duration / 1000);
  }
  std::string text = fmt::format("{:.3f}", in_seconds(duration));
  while (text.back() == '0') {
    text.pop_back();
  }
  return text + "s";
}

std::optional<ClockTime> parse_duration(std::string_view text) {
  std::int64_t total = 0;
  std::int64_t number = 0;
  bool digits = false;
  bool any = false;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      number = number * 10 + (c - '0');
      digits = true;
      if (number > 1'000'000) {
        return std::nullopt;
      }
      continue;
    }
    const std::int64_t unit = c == 'h' ? 3600 : c == 'm' ? 60 : c == 's' ? 1 : 0;
    if (unit == 0 || !digits) {
      return std::nullopt;
    }
    total += number * unit;
    number = 0;
    digits = false;
    any = true;
  }
  if (digits || !any || total < 1) {
    return std::nullopt;
  }
  return std::chrono::seconds(total);
}

std::string format_interval(std::int64_t seconds) {
  if (seconds % 3600 == 0) {
    // TRANSLATORS: a short length of time in hours, "2h".
    return fmt::format(fmt::runtime(tr("{}h")), seconds / 3600);
  }
  if (seconds >= 3600) {
    // TRANSLATORS: a short length of time in hours and minutes, "1h30m".
    return fmt::format(fmt::runtime(tr("{0}h{1}m")), seconds / 3600, seconds / 60 % 60);
  }
  if (seconds % 60 == 0) {
    // TRANSLATORS: a short length of time in minutes, "45m".
    return fmt::format(fmt::runtime(tr("{}m")), seconds / 60);
  }
  // TRANSLATORS: a short length of time in seconds, "90s".
  return fmt::format(fmt::runtime(tr("{}s")), seconds);
}

std::string format_wait(std::int64_t seconds) {
  return format_interval(std::max<std::int64_t>((seconds + 59) / 60, 1) * 60);
}

WallTime wall_time(std::int64_t epoch, const TimeZone& zone) {
  return {epoch, zone.utc_offset(epoch)};
}

std::string format_iso8601(WallTime time) {
  const CalendarTime shown = calendar_time(time.epoch + time.utc_offset);
  const int offset_minutes = std::abs(time.utc_offset) / 60;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", shown.date.year,
                     shown.date.month, shown.date.day, shown.hour, shown.minute, shown.second,
                     time.utc_offset < 0 ? '-' : '+', offset_minutes / 60, offset_minutes % 60);
}

std::optional<WallTime> parse_iso8601(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offset_hours = 0,
      offset_minutes = 0;
  char sign = 0;
  // The form stretch writes is read by hand: a history of years on several
  // machines is tens of thousands of these, and sscanf is most of their
  // cost. Anything else goes to sscanf, which decides as it always did.
  const auto digits = [&](std::size_t at, std::size_t count, int& into) {
    into = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return false;
      }
      into = into * 10 + (text[i] - '0');
    }
    return true;
  };
  const bool written = text.size() == 25 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
                       text[13] == ':' && text[16] == ':' && text[22] == ':' &&
                       digits(0, 4, year) && digits(5, 2, month) && digits(8, 2, day) &&
                       digits(11, 2, hour) && digits(14, 2, minute) && digits(17, 2, second) &&
                       digits(20, 2, offset_hours) && digits(23, 2, offset_minutes);
  if (written) {
    sign = text[19];
  }
  const std::string copy(written ? std::string_view() : text);
  if (text.size() != 25 ||
      (!written &&
       std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &year, &month, &day, &hour,
                   &minute, &second, &sign, &offset_hours, &offset_minutes) != 9) ||
      (sign != '+' && sign != '-') || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  const int offset = (sign == '-' ? -1 : 1) * (offset_hours * 3600 + offset_minutes * 60);
  const std::int64_t local_seconds = day_number({year, month, day}) * day_seconds +
                                     (std::int64_t{hour} * 60 + minute) * 60 + second;
  return WallTime{local_seconds - offset, offset};
}

// Both ways count years from March, so that the leap day falls last, in
// eras of 400 years (146,097 days); 1970-01-01 is day 719,468 of era 0.
std::int64_t day_number(CalendarDate date) {
  const std::int64_t year = date.month <= 2 ? date.year - 1 : date.year;
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t month = date.month > 2 ? date.month - 3 : date.month + 9;
  const std::int64_t day_of_year = (153 * month + 2) / 5 + date.day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CalendarDate date_of_day(std::int64_t day) {
  const std::int64_t shifted = day + 719468;
  const std::int64_t era = floor_div(shifted, 146097);
  const std::int64_t day_of_era = shifted - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month = (5 * day_of_year + 2) / 153;  // from March
  const auto day_of_month = static_cast<int>(day_of_year - (153 * month + 2) / 5 + 1);
  const auto civil_month = static_cast<int>(month < 10 ? month + 3 : month - 9);
  const auto year = static_cast<int>(year_of_era + era * 400 + (civil_month <= 2 ? 1 : 0));
  return {year, civil_month, day_of_month};
}

int weekday(std::int64_t day) {
  // 1970-01-01 was a Thursday.
  return static_cast<int>(((day + 4) % 7 + 7) % 7);
}

CalendarTime calendar_time(std::int64_t seconds) {
  const std::int64_t day = floor_div(seconds, day_seconds);
  const std::int64_t of_day = seconds - day * day_seconds;
  return {date_of_day(day), static_cast<int>(of_day / 3600), static_cast<int>(of_day / 60 % 60),
          static_cast<int>(of_day % 60)};
}

std::optional<DayMinute> parse_time_of_day(std::string_view text, bool end_of_day_allowed) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) {
    return std::nullopt;
  }
  if (!std::all_of(text.begin(), text.end(), [](char c) {
        return c == ':' || std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  const int hour = std::stoi(std::string(text.substr(0, colon)));
  const int minute = std::stoi(std::string(text.substr(colon + 1)));
  if (minute > 59 || hour > 24 || (hour == 24 && (minute != 0 || !end_of_day_allowed))) {
    return std::nullopt;
  }
  return hour * 60 + minute;
}

std::int64_t local_day(const TimeZone& zone, std::int64_t epoch) {
  return floor_div(epoch + zone.utc_offset(epoch), day_seconds);
}

std::int64_t local_day(WallTime time) {
  return floor_div(time.epoch + time.utc_offset, day_seconds);
}

CalendarDate local_date(const TimeZone& zone, std::int64_t epoch) {
  return date_of_day(local_day(zone, epoch));
}

std::int64_t local_moment(const TimeZone& zone, std::int64_t day, DayMinute minute) {
  const std::int64_t local = day * day_seconds + std::int64_t{minute} * 60;
  // The moment is within 14 hours of its local reading (offsets run from
  // -12 to +14 hours), so the offsets a day either side of the reading are
  // those before and after any change near it: zones change at most once
  // in two days. Half a day was not enough east of +12 (Chatham, Kiribati).
  const int before = zone.utc_offset(local - day_seconds);
  const int after = zone.utc_offset(local + day_seconds);
  if (zone.utc_offset(local - before) == before) {
    return local - before;
  }
  if (zone.utc_offset(local - after) == after) {
    return local - after;
  }
  return local - before;
}

std::int64_t next_time_of_day(const TimeZone& zone, std::int64_t now, DayMinute minute) {
  const std::int64_t today = local_moment(zone, local_day(zone, now), minute);
  return today > now ? today : local_moment(zone, local_day(zone, now) + 1, minute);
}

std::string format_time_of_day(const TimeZone& zone, std::int64_t epoch, const LocaleTime& locale) {
  const CalendarTime shown = calendar_time(epoch + zone.utc_offset(epoch));
  if (locale.twelve_hour_clock) {
    return fmt::format("{}:{:02} {}", (shown.hour + 11) % 12 + 1, shown.minute,
                       shown.hour < 12 ? locale.am : locale.pm);
  }
  return fmt::format("{:02}:{:02}", shown.hour, shown.minute);
}

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

}  // namespace stretch
