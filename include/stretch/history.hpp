#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/event.hpp"
#include "stretch/output.hpp"
#include "stretch/sink.hpp"

namespace stretch {

// A moment as a session records it: seconds since the epoch, and the local
// offset from UTC then, so that the day it happened stays the user's day.
struct WallTime {
  std::int64_t epoch = 0;
  int utc_offset = 0;  // seconds east of UTC

  static WallTime now();
};

// "2026-11-24T11:29:56+01:00"
std::string format_iso8601(WallTime time);
std::optional<WallTime> parse_iso8601(std::string_view text);

// One line of history.jsonl: a session, however it ended.
struct HistoryRecord {
  WallTime start;
  std::string routine;
  std::string source;  // "built-in", or the file it was loaded from
  Millis planned = 0;
  Millis done = 0;
  int stretches_done = 0;
  int stretches = 0;
  std::string outcome;  // done, stopped, interrupted, killed
};

std::string format_history_line(const HistoryRecord& record);
std::optional<HistoryRecord> parse_history_line(std::string_view line);

// Appends one record with a single write() on an O_APPEND descriptor held
// under flock, so that sessions running at once never interleave or lose a
// line. Throws Error (74) when the file cannot be written.
void append_history(const std::filesystem::path& file, const HistoryRecord& record);

struct History {
  std::vector<HistoryRecord> records;
  std::vector<std::string> warnings;  // lines that were skipped, and why
};

// Every readable record; a corrupt or cut-off line is skipped with a
// warning, never rewritten. A missing file is an empty history.
History read_history(const std::filesystem::path& file);

// A calendar day in local time.
struct LocalDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
  auto operator<=>(const LocalDate&) const = default;
};

// The local day of a moment, by the time zone in effect (TZ).
LocalDate local_date(std::int64_t epoch);
// Days from 1970-01-01 (the proleptic Gregorian calendar), for arithmetic.
std::int64_t day_number(LocalDate date);

struct Stats {
  int sessions_this_week = 0;  // since Monday
  Millis time_this_week = 0;
  int sessions = 0;
  Millis time = 0;
  int current_streak = 0;  // days in a row up to today, or up to yesterday
  int longest_streak = 0;
  std::map<std::string, int> per_routine;
  std::array<Millis, 28> last_28_days{};  // oldest first, today last
};

// Pure: the figures of `stretch stats` for the records, seen from today.
// Every session counts toward a day, however it ended, if any time was
// spent.
Stats compute_stats(const std::vector<HistoryRecord>& records, LocalDate today);

std::string format_stats(const Stats& stats, LocalDate today, bool unicode);
std::string format_history_table(const std::vector<HistoryRecord>& records);

// Writes the session's record when it ends, however it ends (the session
// reports its end even when the terminal or the reader went away). A file
// that cannot be written is one warning.
class HistorySink final : public Sink {
 public:
  HistorySink(std::filesystem::path file, HistoryRecord started, Output& warnings);
  void on_event(const Event& event) override;

 private:
  void write(std::string_view outcome);

  std::filesystem::path file_;
  HistoryRecord record_;
  Output& warnings_;
  bool written_ = false;
};

}  // namespace stretch
