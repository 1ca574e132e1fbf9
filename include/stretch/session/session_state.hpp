#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stretch/routine/event.hpp"

namespace stretch {

// Where a session is, gathered from its events by one reducer (apply): what
// the live view draws, what the status file says, what the session itself
// counts as done. Pure data; tested once, in test_session_state.cpp.
struct SessionState {
  std::string routine;  // name
  std::string routine_title;
  Millis total = 0;
  int stretches = 0;
  int stretch = 0;  // the current stretch, from 1; 0 before the first
  std::string stretch_title;
  std::string safety;                     // the notice, shown while getting into the first stretch
  std::vector<std::string> instructions;  // of the current stretch
  std::optional<PhaseStarted> phase;
  Millis phase_started = 0;
  // The cue, or "Rest" and "Switch sides" in those phases, in the user's
  // language (tr), as the routine's own cues are in the routine's.
  std::string cue;
  std::vector<std::string> art;
  // "Starting in 3" (translated too), a halfway cue: until the next cue or
  // phase.
  std::string announcement;
  bool paused = false;
  std::optional<Outcome> ended;

  void apply(const Event& event);

  // The time left in the phase at plan time now, rounded up to whole
  // seconds: what a countdown shows. 0 outside a phase.
  Millis countdown(Millis now) const;
  // The plan time at which that countdown next shows another number, while
  // one is running.
  std::optional<Millis> next_countdown_change(Millis now) const;
  // Stretches finished: all of them when the session is done, otherwise
  // those before the current one.
  int stretches_done(Outcome outcome) const;
};

// "round 1/2, left side", "get ready", "switch sides", "rest".
std::string phase_label(const PhaseStarted& phase);

}  // namespace stretch
