#pragma once

#include "stretch/routine/event.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/session/clock.hpp"
#include "stretch/session/session_state.hpp"
#include "stretch/session/sink.hpp"

namespace stretch {

// The longest the session holds an event for words still being said, from
// the moment it was due, on the clock (speech runs at its own pace, at any
// --speed). Once spent, nothing waits for words until those have ended: a
// voice that never tells of an end costs one minute, not one a stretch.
// Setups are long enough to read their text at 240 words a minute; a voice
// at 150 takes 0.15 s more per word, so a minute covers a notice and
// instructions of 400 words.
inline constexpr ClockTime speech_hold_limit = std::chrono::seconds(60);

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
//
// An event that comes due while the sink is holding (words that must be
// heard whole are still being said) waits for them, as if paused, up to
// speech_hold_limit: the plan stands still at the event's offset, so the
// events' offsets, and the text and JSON lines, are the same as without
// speech.
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
  // When the hold for the words being said runs out; kept once spent,
  // until they end.
  std::optional<ClockTime> hold_until_;

  ClockTime deadline_of(Millis offset) const;
  Millis plan_now();
  // plan_now(), but never past the next event, which is yet to be reported.
  Millis plan_now_within_phase();
  SessionResult walk();
  // Whether the event due at due waits for the words being said; while it
  // does, the plan stands still at due.
  bool hold_for_speech(Millis due);
  // Moves the start so that the plan offset is due now; every later
  // deadline moves with it.
  void make_due_now(Millis offset);
  // Time paused moves the start, and the end of a hold, later.
  void shift_by_pause(ClockTime paused);
  // The sink's descriptors, watched by the clock through the coming wait.
  void watch_sink();
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
