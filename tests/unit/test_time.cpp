#include <catch2/catch.hpp>

#include "stretch/platform/time.hpp"

using namespace stretch;

namespace {

constexpr int hour = 3600;

// London: GMT until summer time began at 01:00 UTC on 2026-03-29, BST
// after.
class London final : public TimeZone {
 public:
  int utc_offset(std::int64_t epoch) const override {
    return epoch < day_number({2026, 3, 29}) * 86400 + hour ? 0 : hour;
  }
};

}  // namespace

TEST_CASE("offsets print as mm:ss, minutes growing past an hour") {
  CHECK(format_offset(0) == "00:00");
  CHECK(format_offset(59'999) == "00:59");
  CHECK(format_offset(175'000) == "02:55");
  CHECK(format_offset(6'000'000) == "100:00");
}

TEST_CASE("durations round up to whole seconds") {
  CHECK(format_duration(175'000) == "2:55");
  CHECK(format_duration(1) == "0:01");
  CHECK(format_duration(3'600'000) == "1:00:00");
}

TEST_CASE("short lengths print in seconds without trailing zeros") {
  CHECK(format_seconds(30'000) == "30s");
  CHECK(format_seconds(1'500) == "1.5s");
  CHECK(format_seconds(1'250) == "1.25s");
}

TEST_CASE("seconds in a file become milliseconds to the nearest, and back") {
  CHECK(millis_from_seconds(90.5) == 90'500);
  CHECK(millis_from_seconds(0.0004) == 0);
  CHECK(millis_from_seconds(0.0006) == 1);
  CHECK(in_seconds(1'250) == 1.25);
  CHECK(in_minutes(90'000) == 1.5);
}

TEST_CASE("intervals are written in the units a duration is read in") {
  CHECK(format_interval(2 * hour) == "2h");
  CHECK(format_interval(hour + 30 * 60) == "1h30m");
  CHECK(format_interval(hour + 30 * 60 + 5) == "1h30m");
  CHECK(format_interval(45 * 60) == "45m");
  CHECK(format_interval(90) == "90s");
  for (const int seconds : {90, 45 * 60, 2 * hour, hour + 30 * 60}) {
    CHECK(parse_duration(format_interval(seconds)) == std::chrono::seconds(seconds));
  }
}

TEST_CASE("a wait is in whole minutes, rounded up, and at least one") {
  CHECK(format_wait(0) == "1m");
  CHECK(format_wait(61) == "2m");
  CHECK(format_wait(12 * 60) == "12m");
  CHECK(format_wait(hour) == "1h");
  CHECK(format_wait(hour + 4 * 60 + 1) == "1h5m");
}

TEST_CASE("times are written in ISO 8601 with the local offset, and read back") {
  const WallTime time{1'764'000'000, 3600};
  CHECK(format_iso8601(time) == "2025-11-24T17:00:00+01:00");
  const auto back = parse_iso8601("2025-11-24T17:00:00+01:00");
  REQUIRE(back.has_value());
  CHECK(back->epoch == time.epoch);
  CHECK(back->utc_offset == 3600);
  CHECK(format_iso8601({0, -5 * 3600 - 1800}) == "1969-12-31T18:30:00-05:30");
  CHECK_FALSE(parse_iso8601("2025-11-24 17:00:00").has_value());
  CHECK_FALSE(parse_iso8601("2025-13-24T17:00:00+01:00").has_value());
}

TEST_CASE("a wall time takes its offset from the zone at that moment") {
  const London london;
  const std::int64_t change = day_number({2026, 3, 29}) * 86400 + hour;
  CHECK(format_iso8601(wall_time(change - 1, london)) == "2026-03-29T00:59:59+00:00");
  CHECK(format_iso8601(wall_time(change, london)) == "2026-03-29T02:00:00+01:00");
}

TEST_CASE("day numbers follow the calendar across months, years and leap days") {
  CHECK(day_number({1970, 1, 1}) == 0);
  CHECK(day_number({2024, 3, 1}) - day_number({2024, 2, 28}) == 2);  // leap year
  CHECK(day_number({2025, 3, 1}) - day_number({2025, 2, 28}) == 1);
  CHECK(day_number({2026, 1, 1}) - day_number({2025, 12, 31}) == 1);
  CHECK(day_number({2000, 3, 1}) - day_number({2000, 2, 28}) == 2);  // a leap century
  CHECK(day_number({1900, 3, 1}) - day_number({1900, 2, 28}) == 1);  // not one
}

TEST_CASE("a day number turns back into its date, on either side of 1970") {
  CHECK(date_of_day(0) == CalendarDate{1970, 1, 1});
  CHECK(date_of_day(-1) == CalendarDate{1969, 12, 31});
  CHECK(date_of_day(day_number({2024, 2, 29})) == CalendarDate{2024, 2, 29});
  for (std::int64_t day = -800'000; day < 800'000; day += 997) {
    const CalendarDate date = date_of_day(day);
    INFO(date.year << "-" << date.month << "-" << date.day);
    CHECK(day_number(date) == day);
  }
}

TEST_CASE("weekdays count from Sunday, before 1970 too") {
  CHECK(weekday(0) == 4);                           // 1970-01-01, a Thursday
  CHECK(weekday(-1) == 3);                          // a Wednesday
  CHECK(weekday(day_number({2026, 11, 22})) == 0);  // a Sunday
  CHECK(weekday(day_number({2026, 11, 23})) == 1);  // a Monday
  CHECK(weekday(day_number({1969, 12, 27})) == 6);  // a Saturday
}

TEST_CASE("a moment shows as a date and time on a clock, before 1970 too") {
  const CalendarTime shown = calendar_time(-1);
  CHECK(shown.date == CalendarDate{1969, 12, 31});
  CHECK(shown.hour == 23);
  CHECK(shown.minute == 59);
  CHECK(shown.second == 59);
  CHECK(calendar_time(1'764'000'000).hour == 16);
}

TEST_CASE("a local date is the day in the zone, across a change to summer time") {
  const London london;
  // 23:30 UTC on the 29th is 00:30 on the 30th in London, in summer time.
  const std::int64_t late = day_number({2026, 3, 29}) * 86400 + 23 * hour + 30 * 60;
  CHECK(local_date(london, late - 86400) == CalendarDate{2026, 3, 28});
  CHECK(local_date(london, late) == CalendarDate{2026, 3, 30});
  CHECK(local_date(FixedTimeZone(-5 * 3600), late) == CalendarDate{2026, 3, 29});
}

TEST_CASE("a time of day reads as the locale's clock has it") {
  const FixedTimeZone utc(0);
  const std::int64_t day = day_number({2026, 11, 18}) * 86400;
  const LocaleTime day_clock;
  CHECK(format_time_of_day(utc, day + 14 * hour + 5 * 60, day_clock) == "14:05");
  CHECK(format_time_of_day(utc, day + 5 * 60, day_clock) == "00:05");
  const LocaleTime twelve_hours{0, true, "am", "pm"};
  CHECK(format_time_of_day(utc, day + 14 * hour + 5 * 60, twelve_hours) == "2:05 pm");
  CHECK(format_time_of_day(utc, day + 5 * 60, twelve_hours) == "12:05 am");
  CHECK(format_time_of_day(utc, day + 12 * hour, twelve_hours) == "12:00 pm");
  CHECK(format_time_of_day(FixedTimeZone(-hour), day + 5 * 60, twelve_hours) == "11:05 pm");
}
