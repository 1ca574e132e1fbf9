#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/clock.hpp"
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

// What became of one stretch of a session.
enum class StretchOutcome {
  done,
  skipped,       // some of its flow was skipped with n
  stopped,       // the session ended during it
  not_reached,   // the session ended before it
  done_earlier,  // before the point a resumed session took up from
};

std::string_view stretch_outcome_name(StretchOutcome outcome);
std::optional<StretchOutcome> parse_stretch_outcome(std::string_view name);

struct StretchRecord {
  std::string id;
  StretchOutcome outcome = StretchOutcome::not_reached;
};

// One line of history.jsonl: a session, however it ended. docs/history.md
// describes the format; lines written before speed, wall and the stretches
// were recorded read as sessions at speed 1 that took their plan time.
struct HistoryRecord {
  WallTime start;
  std::string routine;
  std::string source;  // "built-in", or the file it was loaded from
  Millis planned = 0;
  Millis done = 0;  // plan time gone through, as at speed 1
  int stretches_done = 0;
  int stretches = 0;
  std::string outcome;  // an Outcome's name
  double speed = 1.0;
  Millis wall = 0;  // real time from start to end, pauses included
  std::vector<StretchRecord> stretch_records;

  // Real time spent stretching: the plan time gone through, at the speed
  // it ran. A test at --speed 100 is a hundredth of its plan time.
  Millis real_time() const;
  WallTime end() const;
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

// Sessions that started within [since, until], local days, either end open.
std::vector<HistoryRecord> records_between(std::vector<HistoryRecord> records,
                                           std::optional<LocalDate> since,
                                           std::optional<LocalDate> until);

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

// Pure: the figures of `stretch stats` for the records, seen from today.
// Every session counts toward a day, however it ended, if any real time was
// spent; its minutes are real minutes.
// A week starts on first_weekday: 0 Sunday, 1 Monday (the default), as
// the locale has it (first_weekday()).
Stats compute_stats(const std::vector<HistoryRecord>& records, LocalDate today,
                    int first_weekday = 1);

std::string format_stats(const Stats& stats, LocalDate today, bool unicode);
std::string format_history_table(const std::vector<HistoryRecord>& records);

// Exports: RFC 4180 CSV with a header row, and an RFC 5545 calendar with
// one event per session, in UTC.
std::string format_history_csv(const std::vector<HistoryRecord>& records);
std::string format_history_ics(const std::vector<HistoryRecord>& records);

// Writes the session's record when it ends, however it ends (the session
// reports its end even when the terminal or the reader went away), with
// each stretch's outcome and the real time taken on the clock. A file that
// cannot be written is one warning.
class HistorySink final : public Sink {
 public:
  // started: the record so far, with its stretches in order, not reached.
  HistorySink(std::filesystem::path file, HistoryRecord started, Clock& clock, Output& warnings);
  void on_event(const Event& event) override;

 private:
  void write(Outcome outcome);
  StretchRecord* current();

  std::filesystem::path file_;
  HistoryRecord record_;
  Clock& clock_;
  ClockTime started_at_;
  Output& warnings_;
  int stretch_ = 0;  // the current stretch, from 1
  bool in_flow_ = false;
  bool written_ = false;
};

}  // namespace stretch
