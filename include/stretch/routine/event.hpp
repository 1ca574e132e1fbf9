#pragma once

#include <string>
#include <variant>
#include <vector>

#include "stretch/platform/time.hpp"

namespace stretch {

enum class PhaseKind { setup, flow, switch_sides, rest };
enum class Side { both, left, right };
// interrupted: SIGINT or SIGTERM; hangup: the terminal went away;
// output_closed: the reader of stdout went away.
enum class Outcome { done, stopped, interrupted, hangup, output_closed };

std::string_view phase_name(PhaseKind phase);
std::string_view outcome_name(Outcome outcome);
std::string_view side_name(Side side);

// What a session reports, in order. docs/events.md documents each one and
// the text and JSON lines it becomes.
// Each text comes with its language ("en" as written, "de" translated),
// since a translation may lack some texts.
struct SessionStarted {
  std::string routine;
  std::string title;
  int stretches = 0;
  Millis total = 0;
  std::string lang = "en";
};
struct NoticeShown {
  std::string text;
  std::string lang = "en";
};
struct StretchStarted {
  int number = 0;  // from 1
  int count = 0;
  std::string id;
  std::string title;
  std::string lang = "en";
};
struct InstructionShown {
  int step = 0;  // from 1
  std::string text;
  std::string lang = "en";
};
struct PhaseStarted {
  PhaseKind phase = PhaseKind::setup;
  Millis duration = 0;
  int stretch = 0;  // from 1
  std::string stretch_id;
  std::string stretch_title;
  int round = 0;  // setup: the round to come; flow, switch: this one; rest: the one just done
  int rounds = 0;
  Side side = Side::both;  // flow of a one-sided stretch: which side
};
struct CueShown {
  std::string text;
  Millis duration = 0;
  std::vector<std::string> art;  // for the live view; not part of text or JSON lines
  std::string lang = "en";
};
struct HalfwayReached {
  std::string text;
  std::string lang = "en";
};
struct CountIn {
  int count = 0;  // 3, 2, 1: seconds until a flow starts
};
struct Paused {};
struct Resumed {};
struct Skipped {
  Millis skipped = 0;
};
struct WentBack {
  Millis rewound = 0;  // plan time to be done again
};
struct SessionEnded {
  Outcome outcome = Outcome::done;
  int stretches_done = 0;
  int stretches = 0;
  Millis planned = 0;
  Millis active = 0;  // plan time gone through: skips left out, repeats counted, pauses not
};

using EventData = std::variant<SessionStarted, NoticeShown, StretchStarted, InstructionShown,
                               PhaseStarted, CueShown, HalfwayReached, CountIn, Paused, Resumed,
                               Skipped, WentBack, SessionEnded>;

struct Event {
  Millis at = 0;  // offset in the plan, the same at any speed
  EventData data;
};

// One handler per event type for std::visit, from lambdas.
template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace stretch
