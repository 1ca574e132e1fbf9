#include <catch2/catch.hpp>

#include <vector>

#include "named_zone.hpp"
#include "stretch/remind/schedule.hpp"

using namespace stretch;

namespace {

constexpr std::int64_t hour = 3600;
constexpr std::int64_t minute = 60;

// Central European time with one change: to summer time (+2) on
// 2026-03-29 at 01:00 UTC, or back to winter time (+1) on 2026-10-25.
class ChangingZone final : public stretch::TimeZone {
 public:
  ChangingZone(std::int64_t change, int before, int after)
      : change_(change), before_(before), after_(after) {}
  int utc_offset(std::int64_t epoch) const override { return epoch < change_ ? before_ : after_; }

 private:
  std::int64_t change_;
  int before_;
  int after_;
};

constexpr std::int64_t march_29 = 20541;     // a Sunday, days since 1970-01-01
constexpr std::int64_t october_25 = 20751;   // a Sunday
constexpr std::int64_t november_16 = 20773;  // a Monday
const ChangingZone spring(march_29 * 86400 + hour, hour, 2 * hour);
const ChangingZone autumn(october_25 * 86400 + hour, 2 * hour, hour);
const ChangingZone winter(0, hour, hour);

std::int64_t at(const stretch::TimeZone& zone, std::int64_t day, int h, int m) {
  return local_moment(zone, day, h * 60 + m);
}

// Weekdays at these hours, every 45 minutes.
Schedule office(std::string_view hours = "9:00-17:30") {
  Schedule schedule{.every = 2700};
  schedule.hours = *parse_hours(hours);
  schedule.days = *parse_days("mon-fri");
  return schedule;
}

}  // namespace

TEST_CASE("times of day, working hours, days and fixed times are read or refused") {
  CHECK(parse_time_of_day("14:00") == 14 * 60);
  CHECK(parse_time_of_day("9:05") == 9 * 60 + 5);
  CHECK_FALSE(parse_time_of_day("25:00"));
  CHECK_FALSE(parse_time_of_day("24:00"));
  CHECK_FALSE(parse_time_of_day("9:60"));
  CHECK_FALSE(parse_time_of_day("9"));
  CHECK_FALSE(parse_time_of_day("9:5"));
  CHECK_FALSE(parse_time_of_day("-1:00"));
  CHECK_FALSE(parse_time_of_day(""));

  const std::optional<WorkingHours> hours = parse_hours("9:00-17:30");
  REQUIRE(hours);
  CHECK(hours->start == 540);
  CHECK(hours->end == 1050);
  CHECK(parse_hours("0:00-24:00")->end == 1440);
  const std::optional<WorkingHours> night = parse_hours("22:00-06:00");
  REQUIRE(night);
  CHECK(night->crosses_midnight());
  CHECK_FALSE(hours->crosses_midnight());
  CHECK_FALSE(parse_hours("0:00-24:00")->crosses_midnight());
  CHECK_FALSE(parse_hours("9:00-9:00"));
  CHECK_FALSE(parse_hours("9:00"));
  CHECK_FALSE(parse_hours("9:00-25:00"));
  CHECK_FALSE(parse_hours("9:00-12:00-13:00"));

  CHECK(parse_days("mon-fri") == WeekDays{true, true, true, true, true, false, false});
  CHECK(parse_days("mon,wed,Fri") == WeekDays{true, false, true, false, true, false, false});
  CHECK(parse_days("sat-sun,wed") == WeekDays{false, false, true, false, false, true, true});
  CHECK_FALSE(parse_days("fri-mon"));
  CHECK_FALSE(parse_days("monday"));
  CHECK_FALSE(parse_days("mon,,fri"));
  CHECK_FALSE(parse_days(""));

  CHECK(parse_times("15:00,10:30,15:00") == std::vector<DayMinute>{630, 900});
  CHECK_FALSE(parse_times("10:30,"));
  CHECK_FALSE(parse_times("10:30;15:00"));
}

TEST_CASE("a local time is found on either side of a change of offset") {
  // Skipped by the change to summer time: as far after it as it was meant.
  CHECK(at(spring, march_29, 2, 30) == march_29 * 86400 + hour + 30 * minute);
  CHECK(at(spring, march_29, 10, 0) == march_29 * 86400 + 8 * hour);
  CHECK(at(spring, march_29 - 1, 10, 0) == (march_29 - 1) * 86400 + 9 * hour);
  // Repeated by the change back: the first of the two.
  CHECK(at(autumn, october_25, 2, 30) == october_25 * 86400 + 30 * minute);
  CHECK(at(autumn, october_25, 10, 0) == october_25 * 86400 + 9 * hour);
  CHECK(local_day(spring, march_29 * 86400 - 30 * minute) == march_29);
  CHECK(format_time_of_day(spring, march_29 * 86400 + hour, {}) == "03:00");
  CHECK(format_time_of_day(spring, march_29 * 86400 + hour - 1, {}) == "01:59");
  CHECK(format_time_of_day(autumn, october_25 * 86400 + 30 * minute, {}) == "02:30");
}

TEST_CASE("the countdown runs in working hours only, and starts again with them") {
  const Schedule schedule = office();
  const std::int64_t monday_9 = at(winter, november_16, 9, 0);
  CHECK(next_reminder(schedule, winter, monday_9, monday_9) == monday_9 + 45 * minute);
  // Before work: 45 minutes after work begins.
  const std::int64_t monday_7 = at(winter, november_16, 7, 0);
  CHECK(next_reminder(schedule, winter, monday_7, monday_7) == monday_9 + 45 * minute);
  // Too late for one before 17:30: the next working day.
  const std::int64_t monday_17 = at(winter, november_16, 17, 0);
  CHECK(next_reminder(schedule, winter, monday_17, monday_17) ==
        at(winter, november_16 + 1, 9, 45));
  // Friday evening: Monday.
  const std::int64_t friday_17 = at(winter, november_16 + 4, 17, 0);
  CHECK(next_reminder(schedule, winter, friday_17, friday_17) ==
        at(winter, november_16 + 7, 9, 45));
  CHECK(in_working_hours(schedule, winter, monday_9));
  CHECK_FALSE(in_working_hours(schedule, winter, at(winter, november_16, 17, 30)));
  CHECK_FALSE(in_working_hours(schedule, winter, at(winter, november_16 + 5, 10, 0)));
}

TEST_CASE("fixed times come on working days, inside working hours, whichever is first") {
  Schedule schedule = office();
  schedule.at = *parse_times("8:00,10:30,15:00");
  const std::int64_t monday_10 = at(winter, november_16, 10, 0);
  CHECK(next_reminder(schedule, winter, monday_10, monday_10) == at(winter, november_16, 10, 30));
  const std::int64_t monday_1030 = at(winter, november_16, 10, 30);
  CHECK(next_reminder(schedule, winter, monday_1030, monday_1030) == monday_1030 + 45 * minute);
  // 8:00 is before working hours, so the countdown wins the next morning.
  const std::int64_t monday_18 = at(winter, november_16, 18, 0);
  CHECK(next_reminder(schedule, winter, monday_18, monday_18) ==
        at(winter, november_16 + 1, 9, 45));
  schedule.every = 8 * hour;
  CHECK(next_reminder(schedule, winter, monday_18, monday_18) ==
        at(winter, november_16 + 1, 10, 30));
}

TEST_CASE("a change of offset moves no reminder off its local time") {
  Schedule schedule{.every = 2700};
  schedule.hours = *parse_hours("9:00-17:30");
  schedule.at = {10 * 60 + 30};
  const std::int64_t saturday_17 = at(spring, march_29 - 1, 17, 0);
  CHECK(next_reminder(schedule, spring, saturday_17, saturday_17) == at(spring, march_29, 9, 45));
  CHECK(at(spring, march_29, 9, 45) == march_29 * 86400 + 7 * hour + 45 * minute);
  schedule.every = 4 * hour;
  CHECK(next_reminder(schedule, spring, saturday_17, saturday_17) ==
        march_29 * 86400 + 8 * hour + 30 * minute);
  const std::int64_t autumn_saturday = at(autumn, october_25 - 1, 17, 0);
  CHECK(next_reminder(schedule, autumn, autumn_saturday, autumn_saturday) ==
        october_25 * 86400 + 9 * hour + 30 * minute);
}

TEST_CASE("a schedule without working days plans nothing, and --pause-until finds the next time") {
  Schedule schedule{.every = 2700};
  schedule.days = {};
  CHECK_FALSE(next_reminder(schedule, winter, 0, 0));
  const std::int64_t monday_15 = at(winter, november_16, 15, 0);
  CHECK(next_time_of_day(winter, monday_15, 16 * 60) == at(winter, november_16, 16, 0));
  CHECK(next_time_of_day(winter, monday_15, 14 * 60) == at(winter, november_16 + 1, 14, 0));
  CHECK(next_time_of_day(winter, monday_15, 15 * 60) == at(winter, november_16 + 1, 15, 0));
}

namespace {

// A local time of day on a date, in a zone.
std::int64_t local(const TimeZone& zone, CalendarDate date, int h, int m) {
  return local_moment(zone, day_number(date), h * 60 + m);
}

Schedule every(std::int64_t seconds) {
  Schedule schedule;
  schedule.every = seconds;
  return schedule;
}

}  // namespace

TEST_CASE("an all-day countdown runs on across midnight, in any zone") {
  const CalendarDate sunday{2026, 12, 6};
  {
    const NamedZone utc("UTC");
    const std::int64_t now = local(*utc, sunday, 23, 30);
    CHECK(next_reminder(every(45 * minute), *utc, now, now) == now + 45 * minute);
  }
  {
    const NamedZone berlin("Europe/Berlin");
    const std::int64_t now = local(*berlin, sunday, 23, 40);
    CHECK(next_reminder(every(hour), *berlin, now, now) == now + hour);
  }
  {
    const NamedZone kathmandu("Asia/Kathmandu");
    const std::int64_t now = local(*kathmandu, sunday, 23, 55);
    CHECK(next_reminder(every(20 * minute), *kathmandu, now, now) == now + 20 * minute);
  }
  {
    // 01:30 on the night the clocks go forward: 45 minutes of real time.
    const NamedZone berlin("Europe/Berlin");
    const std::int64_t now = local(*berlin, {2026, 3, 29}, 1, 30);
    CHECK(next_reminder(every(45 * minute), *berlin, now, now) == now + 45 * minute);
    CHECK(format_time_of_day(*berlin, now + 45 * minute, {}) == "03:15");
  }
}

TEST_CASE("working hours that join across midnight carry the countdown, a day off restarts it") {
  Schedule schedule = office("0:00-24:00");
  const std::int64_t monday = day_number({2026, 11, 16});
  const std::int64_t monday_late = at(winter, monday, 23, 30);
  CHECK(next_reminder(schedule, winter, monday_late, monday_late) == at(winter, monday + 1, 0, 15));
  // Friday's day ends where no working day follows: Monday, from its start.
  const std::int64_t friday_late = at(winter, monday + 4, 23, 30);
  CHECK(next_reminder(schedule, winter, friday_late, friday_late) == at(winter, monday + 7, 0, 45));
  // The office day still starts afresh each morning: its windows do not join.
  const std::int64_t office_late = at(winter, monday, 17, 0);
  CHECK(next_reminder(office(), winter, office_late, office_late) == at(winter, monday + 1, 9, 45));
}

TEST_CASE("a night shift starts on its working day and ends on the next") {
  Schedule schedule = office("22:00-06:00");
  const std::int64_t monday = day_number({2026, 11, 16});
  const std::int64_t monday_23 = at(winter, monday, 23, 30);
  CHECK(next_reminder(schedule, winter, monday_23, monday_23) == at(winter, monday + 1, 0, 15));
  CHECK(in_working_hours(schedule, winter, at(winter, monday + 1, 5, 59)));
  CHECK_FALSE(in_working_hours(schedule, winter, at(winter, monday + 1, 6, 0)));
  CHECK_FALSE(in_working_hours(schedule, winter, at(winter, monday, 21, 59)));
  // Too late in the shift for a whole countdown: 45 minutes into tonight's.
  const std::int64_t tuesday_530 = at(winter, monday + 1, 5, 30);
  CHECK(next_reminder(schedule, winter, tuesday_530, tuesday_530) ==
        at(winter, monday + 1, 22, 45));
  // Friday's shift runs into Saturday morning; Saturday has none.
  const std::int64_t saturday_3 = at(winter, monday + 5, 3, 0);
  CHECK(in_working_hours(schedule, winter, saturday_3));
  CHECK(next_reminder(schedule, winter, saturday_3, saturday_3) == at(winter, monday + 5, 3, 45));
  const std::int64_t saturday_23 = at(winter, monday + 5, 23, 0);
  CHECK_FALSE(in_working_hours(schedule, winter, saturday_23));
  CHECK(next_reminder(schedule, winter, saturday_23, saturday_23) ==
        at(winter, monday + 7, 22, 45));
  // Fixed times count inside the shift only: 02:00 on Saturday is Friday's.
  schedule.every = 30 * 86400;
  schedule.at = *parse_times("2:00,12:00");
  const std::int64_t friday_21 = at(winter, monday + 4, 21, 0);
  CHECK(next_reminder(schedule, winter, friday_21, friday_21) == at(winter, monday + 5, 2, 0));
  const std::int64_t saturday_2 = at(winter, monday + 5, 2, 0);
  CHECK(next_reminder(schedule, winter, saturday_2, saturday_2) == at(winter, monday + 8, 2, 0));
}

namespace {

// The zones of the property tests: a whole-hour DST, the other hemisphere's
// half-hour DST, offsets of :45, the furthest east, and none.
const std::vector<std::string> property_zones{"UTC",
                                              "Europe/Berlin",
                                              "America/New_York",
                                              "Australia/Lord_Howe",
                                              "Asia/Kathmandu",
                                              "Pacific/Chatham",
                                              "Pacific/Kiritimati"};

struct NamedSchedule {
  std::string what;
  Schedule schedule{.every = 2700};
};

std::vector<NamedSchedule> property_schedules() {
  std::vector<NamedSchedule> schedules;
  schedules.push_back({"every 45m, all day", every(45 * minute)});
  Schedule office_at = office();
  office_at.at = *parse_times("10:30,15:00");
  schedules.push_back({"9:00-17:30 mon-fri, at 10:30,15:00", office_at});
  Schedule night = every(hour);
  night.hours = *parse_hours("22:00-06:00");
  night.days = *parse_days("mon-fri");
  night.at = *parse_times("2:30");
  schedules.push_back({"22:00-06:00 mon-fri, every 1h, at 2:30", night});
  Schedule small_hours = every(20 * minute);
  small_hours.hours = *parse_hours("1:00-4:00");
  small_hours.days = *parse_days("sat-sun");
  small_hours.at = *parse_times("2:15,2:30,3:00");
  schedules.push_back({"1:00-4:00 sat-sun, every 20m, at 2:15,2:30,3:00", small_hours});
  return schedules;
}

// True when every moment of [from, from + length] is working time, looked
// every five minutes (no gap in these schedules is shorter) and at the end.
bool working_throughout(const Schedule& schedule, const TimeZone& zone, std::int64_t from,
                        std::int64_t length) {
  for (std::int64_t t = from; t < from + length; t += 5 * minute) {
    if (!in_working_hours(schedule, zone, t)) {
      return false;
    }
  }
  return in_working_hours(schedule, zone, from + length);
}

// The moments in a year at which a zone changes its offset.
struct Change {
  std::int64_t at;
  int before;
  int after;
};

std::vector<Change> changes_in(const TimeZone& zone, int year) {
  std::vector<Change> changes;
  const std::int64_t first = day_number({year, 1, 1}) * 86400;
  const std::int64_t last = day_number({year + 1, 1, 1}) * 86400;
  for (std::int64_t t = first; t < last; t += hour) {
    if (zone.utc_offset(t) == zone.utc_offset(t + hour)) {
      continue;
    }
    std::int64_t low = t;  // offset as before
    std::int64_t high = t + hour;
    while (high - low > 1) {
      const std::int64_t middle = low + (high - low) / 2;
      (zone.utc_offset(middle) == zone.utc_offset(t) ? low : high) = middle;
    }
    changes.push_back({high, zone.utc_offset(low), zone.utc_offset(high)});
  }
  return changes;
}

}  // namespace

TEST_CASE(
    "property: over a year in seven zones, the next reminder is after now, in working "
    "time, and no later than the countdown when the window allows") {
  for (const std::string& name : property_zones) {
    const NamedZone zone(name);
    for (const NamedSchedule& named : property_schedules()) {
      const Schedule& schedule = named.schedule;
      std::uint32_t seed = 2026;
      for (std::int64_t day = day_number({2026, 1, 1}); day < day_number({2027, 1, 1}); ++day) {
        // A moment of the day that moves round the clock, and always 01:45
        // and 23:50, where changes of offset and midnight are.
        seed = seed * 1664525U + 1013904223U;
        for (const DayMinute time_of_day : {static_cast<int>(seed % 1440), 105, 1430}) {
          const std::int64_t now = local_moment(*zone, day, time_of_day) + seed % 60;
          INFO(name << ", " << named.what << ", now " << format_iso8601(wall_time(now, *zone)));
          const std::optional<std::int64_t> next = next_reminder(schedule, *zone, now, now);
          REQUIRE(next);
          INFO("next " << format_iso8601(wall_time(*next, *zone)));
          CHECK(*next > now);
          CHECK(in_working_hours(schedule, *zone, *next));
          if (working_throughout(schedule, *zone, now, schedule.every)) {
            CHECK(*next <= now + schedule.every);
          }
        }
      }
    }
  }
}

TEST_CASE(
    "property: a fixed time that a change skips comes as far after it, one it repeats "
    "comes once") {
  for (const std::string& name : property_zones) {
    const NamedZone zone(name);
    for (const Change& change : changes_in(*zone, 2026)) {
      // The local readings the change skips or repeats run from
      // at + min(before, after) to at + max(before, after); take the middle
      // one, to the minute.
      const int gap = std::abs(change.after - change.before);
      const std::int64_t reading =
          (change.at + std::min(change.before, change.after) + gap / 2) / minute * minute;
      const std::int64_t day = reading / 86400 - (reading % 86400 < 0 ? 1 : 0);
      const auto time_of_day = static_cast<DayMinute>((reading - day * 86400) / minute);
      Schedule schedule = every(30 * 86400);
      schedule.at = {time_of_day};
      const std::int64_t before = change.at - 6 * hour;
      INFO(name << ", the change at " << format_iso8601(wall_time(change.at, *zone)) << ", at "
                << time_of_day / 60 << ":" << time_of_day % 60);
      const std::optional<std::int64_t> first = next_reminder(schedule, *zone, before, before);
      REQUIRE(first);
      // Read with the offset before the change: skipped, it falls that far
      // after the change; repeated, it is the first of the two.
      CHECK(*first == reading - change.before);
      // The clock shows a time that exists.
      CHECK(local_moment(*zone, local_day(*zone, *first),
                         static_cast<DayMinute>((*first + (*zone).utc_offset(*first)) % 86400 /
                                                60)) == *first / minute * minute);
      const std::optional<std::int64_t> second = next_reminder(schedule, *zone, *first, *first);
      REQUIRE(second);
      CHECK(local_day(*zone, *second) == local_day(*zone, *first) + 1);
    }
  }
}
