#include <catch2/catch.hpp>

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

Schedule office() {
  Schedule schedule;
  schedule.hours = *parse_hours("9:00-17:30");
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
  CHECK_FALSE(parse_hours("17:30-9:00"));
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
  Schedule schedule;
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
  Schedule schedule;
  schedule.days = {};
  CHECK_FALSE(next_reminder(schedule, winter, 0, 0));
  const std::int64_t monday_15 = at(winter, november_16, 15, 0);
  CHECK(next_time_of_day(winter, monday_15, 16 * 60) == at(winter, november_16, 16, 0));
  CHECK(next_time_of_day(winter, monday_15, 14 * 60) == at(winter, november_16 + 1, 14, 0));
  CHECK(next_time_of_day(winter, monday_15, 15 * 60) == at(winter, november_16 + 1, 15, 0));
}
