#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stretch/platform/time.hpp"
#include "stretch/sinks/history.hpp"

// What the history adds up to, on the user's local days: pure, with the
// week's first day handed in. Every report puts a session on one day, the
// one it started on as its own clock showed it (local_day(WallTime)): a
// session from 23:58 to 00:03 belongs to the day it started, and a change
// of offset or zone since moves no session to another day.
namespace stretch {

// Sessions that started within [since, until], local days, either end
// open.
std::vector<HistoryRecord> records_between(std::vector<HistoryRecord> records,
                                           std::optional<CalendarDate> since,
                                           std::optional<CalendarDate> until);

struct Stats {
  int stretches_done = 0;
  int stretches_skipped = 0;
  int sessions_this_week = 0;  // since the week's first day
  Millis time_this_week = 0;
  int sessions = 0;
  Millis time = 0;
  int current_streak = 0;  // days in a row up to today, or up to yesterday
  int longest_streak = 0;
  std::map<std::string, int> per_routine;
  std::array<Millis, 28> last_28_days{};  // oldest first, today last
};

// The figures of `stretch stats` for the records, seen from today, each
// session on its local day. Every session counts toward a day,
// however it ended, if any real time was spent; its minutes are real
// minutes. A week starts on first_weekday: 0 Sunday to 6 Saturday, as the
// locale has it (LocaleTime).
Stats compute_stats(const std::vector<HistoryRecord>& records, CalendarDate today,
                    int first_weekday);

std::string format_stats(const Stats& stats, CalendarDate today, bool unicode);

}  // namespace stretch
