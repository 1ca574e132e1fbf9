#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <sys/types.h>

#include "stretch/event.hpp"
#include "stretch/output.hpp"
#include "stretch/session_state.hpp"
#include "stretch/sink.hpp"

namespace stretch {

// What --status-file shows, for status bars:
// {"routine":...,"stretch":...,"phase":...,"cue":...,"seconds_left":27,"paused":false,"pid":42}
// The pid of the session's process tells a paused session, whose file is
// not rewritten, from one that was killed.
std::string format_status(const SessionState& state, Millis now, pid_t pid);

// Keeps a small JSON document of the session's state at path, replaced
// atomically at each change and each second, and removed at the end.
class StatusFileSink final : public Sink {
 public:
  StatusFileSink(std::filesystem::path path, Output& warnings);
  StatusFileSink(const StatusFileSink&) = delete;
  StatusFileSink& operator=(const StatusFileSink&) = delete;
  ~StatusFileSink() override;
  void on_event(const Event& event) override;
  std::optional<Millis> next_redraw(Millis now) const override;
  void redraw(Millis now) override;

 private:
  std::filesystem::path path_;
  Output& warnings_;
  SessionState state_;
  bool broken_ = false;

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

// Saves where the session is at the start of each phase, so that a session
// killed in any way can be resumed there; clears it when the session ends
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
