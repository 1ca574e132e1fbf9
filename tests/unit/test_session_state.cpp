#include <catch2/catch.hpp>

#include "stretch/session/session_state.hpp"

using namespace stretch;

namespace {

PhaseStarted phase(PhaseKind kind, Millis duration) {
  return {kind, duration, 1, "cat-cow", "Cat-Cow", 1, 2};
}

SessionState state_of(const std::vector<Event>& events) {
  SessionState state;
  for (const Event& event : events) {
    state.apply(event);
  }
  return state;
}

}  // namespace

TEST_CASE("the state follows the session: routine, stretch, phase, cue") {
  const SessionState state = state_of({
      {0, SessionStarted{"lower-back", "Lower back", 2, 175'000}},
      {0, NoticeShown{"Careful."}},
      {0, StretchStarted{1, 2, "cat-cow", "Cat-Cow"}},
      {0, InstructionShown{1, "Kneel."}},
      {0, InstructionShown{2, "Lower."}},
      {0, phase(PhaseKind::setup, 15'000)},
      {12'000, CountIn{3}},
      {15'000, phase(PhaseKind::flow, 30'000)},
      {15'000, CueShown{"Cat", 3'000, {"art"}}},
  });
  CHECK(state.routine == "lower-back");
  CHECK(state.routine_title == "Lower back");
  CHECK(state.stretches == 2);
  CHECK(state.stretch == 1);
  CHECK(state.stretch_title == "Cat-Cow");
  CHECK(state.safety == "Careful.");
  CHECK(state.instructions == std::vector<std::string>{"Kneel.", "Lower."});
  CHECK(state.phase->phase == PhaseKind::flow);
  CHECK(state.phase_started == 15'000);
  CHECK(state.cue == "Cat");
  CHECK(state.art == std::vector<std::string>{"art"});
  CHECK(state.announcement.empty());  // the count-in ends with its phase
  CHECK_FALSE(state.ended.has_value());
}

TEST_CASE("rest and switch phases name themselves as the cue, and a new stretch clears the steps") {
  SessionState state = state_of({
      {0, StretchStarted{1, 2, "a", "A"}},
      {0, InstructionShown{1, "Do a."}},
      {10'000, phase(PhaseKind::rest, 15'000)},
  });
  CHECK(state.cue == "Rest");
  state.apply({25'000, phase(PhaseKind::switch_sides, 5'000)});
  CHECK(state.cue == "Switch sides");
  state.apply({30'000, StretchStarted{2, 2, "b", "B"}});
  CHECK(state.instructions.empty());
  CHECK(state.stretch == 2);
}

TEST_CASE("the countdown rounds up and changes on whole seconds until the phase ends") {
  SessionState state = state_of({{15'000, phase(PhaseKind::flow, 30'000)}});
  CHECK(state.countdown(15'000) == 30'000);
  CHECK(state.countdown(15'001) == 30'000);
  CHECK(state.countdown(16'000) == 29'000);
  CHECK(state.countdown(50'000) == 0);
  CHECK(state.next_countdown_change(15'000) == 16'000);
  CHECK(state.next_countdown_change(15'500) == 16'000);
  CHECK(state.next_countdown_change(44'000) == std::nullopt);  // the end is an event of its own
  state.apply({20'000, Paused{}});
  CHECK(state.next_countdown_change(20'000) == std::nullopt);
  state.apply({20'000, Resumed{}});
  CHECK(state.next_countdown_change(20'000) == 21'000);
  CHECK(SessionState{}.countdown(0) == 0);
  CHECK(SessionState{}.next_countdown_change(0) == std::nullopt);
}

TEST_CASE("stretches done: all when done, else those before the current one") {
  SessionState state = state_of({{0, SessionStarted{"r", "R", 3, 100'000}}});
  CHECK(state.stretches_done(Outcome::stopped) == 0);
  state.apply({0, StretchStarted{1, 3, "a", "A"}});
  CHECK(state.stretches_done(Outcome::stopped) == 0);
  state.apply({40'000, StretchStarted{2, 3, "b", "B"}});
  CHECK(state.stretches_done(Outcome::interrupted) == 1);
  CHECK(state.stretches_done(Outcome::hangup) == 1);
  CHECK(state.stretches_done(Outcome::done) == 3);
  state.apply({90'000, SessionEnded{Outcome::stopped, 1, 3, 100'000, 90'000}});
  CHECK(state.ended == Outcome::stopped);
}

TEST_CASE("phase labels") {
  CHECK(phase_label(phase(PhaseKind::setup, 1)) == "get ready");
  CHECK(phase_label(phase(PhaseKind::flow, 1)) == "round 1/2");
  CHECK(phase_label({PhaseKind::flow, 1, 1, "a", "A", 2, 3, Side::left}) == "round 2/3, left side");
  CHECK(phase_label(phase(PhaseKind::rest, 1)) == "rest");
  CHECK(phase_label(phase(PhaseKind::switch_sides, 1)) == "switch sides");
}
