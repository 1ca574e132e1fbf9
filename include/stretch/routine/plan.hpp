#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stretch/routine/event.hpp"
#include "stretch/routine/routine.hpp"

namespace stretch {

// A routine laid out in time: every event a session will report when nobody
// presses a key, each at its offset from the start, in order.
struct Timeline {
  std::string routine;
  std::string title;
  int stretches = 0;
  Millis total = 0;
  std::vector<Event> events;
};

// Values given on the command line for every stretch of a routine.
struct Overrides {
  std::optional<Millis> flow;
  std::optional<Millis> rest;
  std::optional<int> rounds;
};

void apply_overrides(Routine& routine, const Overrides& overrides);

// Pure: the same routine always gives the same timeline. The flow of each
// round repeats the cue cycle until the flow time is used up, cutting the
// last cue short when the cycle does not divide it. A one-sided stretch does
// each round's flow on the left, switches, then on the right. Rest comes
// only between rounds; the next stretch's setup is the break between
// stretches. The last three seconds before a flow count down 3, 2, 1 when
// the phase before it (setup, rest or switch) is long enough.
Timeline plan(const Routine& routine);

}  // namespace stretch
