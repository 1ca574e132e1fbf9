#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/output.hpp"
#include "stretch/platform/time.hpp"
#include "stretch/routine/event.hpp"
#include "stretch/session/clock.hpp"
#include "stretch/session/sink.hpp"

namespace stretch {

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
  // Unique to this session across every machine (new_record_id); empty in
  // lines written before records had one.
  std::string id;
  // The machine it ran on; in lines written before records named one, the
  // machine whose file holds it.
  std::string machine;
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

// A new record's id: 128 random bits from the kernel, as a UUID (version
// 4). Random rather than the machine, the time and a process id: a
// machine cloned from another, or restored from a snapshot, repeats
// those, and the core has no process id to read.
std::string new_record_id();

// What a record is counted once by: its id, or for a line from before
// records had one, what it says of itself (its start, routine and times),
// which stays the same in every copy of the line, whichever file holds it.
std::string record_key(const HistoryRecord& record);

// How long a writer waits for another to let the history's lock go.
constexpr std::chrono::milliseconds history_lock_wait{2000};
// A history file larger than this is not read: years of sessions are a
// few megabytes.
constexpr std::size_t history_bytes = std::size_t{256} * 1024 * 1024;

// Appends one record with a single write() on an O_APPEND descriptor held
// under flock, so that sessions running at once never interleave or lose a
// line; on a line of its own after one cut short. The file is the user's
// alone (0600) in a folder of theirs (0700), and never a link. Throws
// Error (74) when the file cannot be written, Error (73) when its folder
// is not the user's. Returns false when the lock was not had within
// history_lock_wait, and the line was written without it.
bool append_history(const std::filesystem::path& file, const HistoryRecord& record);

struct History {
  std::vector<HistoryRecord> records;
  std::vector<std::string> warnings;  // lines that were skipped, and why
};

// Every readable record; a corrupt or cut-off line is skipped with a
// warning, never rewritten. A missing file is an empty history; one that
// is not a regular file (a FIFO is never waited on) or is too large is a
// warning.
History read_history(const std::filesystem::path& file);

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
