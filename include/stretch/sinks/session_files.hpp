#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "stretch/platform/output.hpp"
#include "stretch/routine/event.hpp"
#include "stretch/session/session_state.hpp"
#include "stretch/session/sink.hpp"

namespace stretch {

// What a session's status file says, for status bars. StatusFileSink
// writes it and `stretch status` reads it, both through this one pair of
// functions:
// {"routine":...,"stretch":...,"phase":...,"round":1,"rounds":2,"cue":...,
//  "seconds_left":27,"paused":false,"pid":42}
struct SessionStatus {
  std::string routine;  // the routine's name
  std::string stretch;  // the title of the stretch it is at
  std::string phase;    // phase_name(), empty before the first phase
  int round = 0;
  int rounds = 0;
  std::string cue;
  std::int64_t seconds_left = 0;  // what the phase's countdown shows
  bool paused = false;
  // The session's process, which tells a paused session, whose file is not
  // rewritten, from one that was killed.
  pid_t pid = 0;

  bool operator==(const SessionStatus&) const = default;
};

SessionStatus session_status(const SessionState& state, Millis now, pid_t pid);
std::string format_session_status(const SessionStatus& status);
// Nothing for text that is not such a document.
std::optional<SessionStatus> parse_session_status(std::string_view text);

// A session's status file is rewritten at least this often while it runs
// and is not paused (each second, as the countdown changes); a reader
// takes one older than session_status_stale, many rewrites missed rather
// than one late, as left by a session that was killed.
constexpr Millis session_status_rewrite = 1000;
constexpr Millis session_status_stale = 5 * session_status_rewrite;

// Whether a status file written age ago may still speak for a running
// session. A paused one is not rewritten, so only its pid can tell.
bool session_status_current(const SessionStatus& status, Millis age);

// Keeps the session's status file at path, replaced whole at each change
// and at least each session_status_rewrite, and removed at the end.
class StatusFileSink final : public Sink {
 public:
  // pid: this process, which the file names.
  StatusFileSink(FilePlace place, pid_t pid, Output& warnings);
  void on_event(const Event& event) override;
  std::optional<Millis> next_redraw(Millis now) const override;
  void redraw(Millis now) override;

 private:
  StatusFile file_;
  pid_t pid_;
  SessionState state_;
  std::optional<Millis> written_at_;

  void write(Millis now);
};

// What `stretch resume` needs to continue an interrupted session.
struct ResumeState {
  std::string routine;  // as given to start: a name or a path
  std::optional<double> flow_seconds;
  std::optional<double> rest_seconds;
  std::optional<int> rounds;
  Millis phase_at = 0;  // the start of the phase it was in
};

std::string format_resume_state(const ResumeState& state);
std::optional<ResumeState> parse_resume_state(std::string_view text);

// Saves where the session is at its start and at the start of each phase,
// so that a session killed in any way can be resumed there; clears it when the session ends
// as the user meant it to (done, or q).
class ResumeSink final : public Sink {
 public:
  ResumeSink(std::filesystem::path path, ResumeState state, Output& warnings);
  void on_event(const Event& event) override;

 private:
  std::filesystem::path path_;
  ResumeState state_;
  Output& warnings_;
  bool broken_ = false;
};

}  // namespace stretch
