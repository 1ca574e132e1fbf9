#pragma once

#include "stretch/routine/event.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/session/clock.hpp"
#include "stretch/session/session_state.hpp"
#include "stretch/sinks/sink.hpp"

namespace stretch {

struct SessionResult {
  Outcome outcome = Outcome::done;
  int signal = 0;  // the signal that interrupted it, if any
};

// Walks a timeline against a clock and reports each event to a sink when its
// time comes. Deadlines are absolute: the event at plan offset T is due at
// start + T / speed on the clock, so error never accumulates. A pause moves
// the start later by the time spent paused; a skip moves it earlier.
//
// Keys (session_keys in keys.hpp): space pauses and resumes, n skips to the
// next phase, b goes back to the start of the current one, q stops, ?
// toggles the screen's key list. Ctrl-Z pauses the timer while the process
// is stopped, with the screen, if any, told before and after. A signal ends the session
// (SIGHUP as a hang-up), and so does an output that closes under a sink:
// either way the end is reported to the sinks that remain and the signal
// is handed back to the caller.
class Session {
 public:
  Session(const Timeline& timeline, Clock& clock, Sink& sink, double speed = 1.0,
          Screen* screen = nullptr);
  // resume_from: the plan offset of a phase to start at, as `stretch
  // resume` does; the session reports its start, the safety notice and the
  // stretch it is in, then goes on from that phase.
  SessionResult run(Millis resume_from = 0);

 private:
  const Timeline& timeline_;
  Clock& clock_;
  Sink& sink_;
  double speed_;
  Screen* screen_;
  SessionState state_;
  ClockTime start_{0};
  std::size_t next_ = 0;  // index of the next timeline event to report
  Millis skipped_ = 0;
  Millis rewound_ = 0;
  std::optional<std::size_t> current_phase_;  // index of the phase being done
  std::optional<SessionResult> ended_;        // once the end is being reported

  ClockTime deadline_of(Millis offset) const;
  Millis plan_now();
  // plan_now(), but never past the next event, which is yet to be reported.
  Millis plan_now_within_phase();
  SessionResult walk();
  void report(const Event& event);
  void emit(Millis at, EventData data);
  // A key other than pause; true when it ends the session, with result set.
  bool act_on(char key, SessionResult& result);
  SessionResult finish(Outcome outcome, Millis at, int signal = 0);
  void skip_phase();
  void go_back();
  void resume_at(Millis phase_at);
  // Stops the process until it is continued; the time stopped is not counted.
  void suspend(bool already_paused);
  // Waits for space (true) or for q or a signal (false, with result set).
  bool wait_while_paused(SessionResult& result);
};

}  // namespace stretch
