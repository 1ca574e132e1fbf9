#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "stretch/routine/plan.hpp"

using namespace stretch;

namespace {

Stretch make_stretch(std::string id, Millis setup, Millis flow, Millis rest, int rounds,
                     std::vector<Cue> cues) {
  return Stretch{.id = id,
                 .title = "Title " + id,
                 .instructions = {"Do " + id + "."},
                 .setup = setup,
                 .flow = flow,
                 .cues = std::move(cues),
                 .rest = rest,
                 .rounds = rounds};
}

Routine two_stretch_routine() {
  Routine routine{"test", "Test", "", "Careful.", {}};
  routine.stretches.push_back(
      make_stretch("a", 5'000, 6'000, 4'000, 2, {{"Up", 2'000}, {"Down", 1'000}}));
  routine.stretches.push_back(make_stretch("b", 0, 5'000, 0, 1, {{"Hold", 2'000}}));
  return routine;
}

template <class T>
std::vector<Event> events_of(const Timeline& timeline) {
  std::vector<Event> found;
  for (const Event& event : timeline.events) {
    if (std::holds_alternative<T>(event.data)) {
      found.push_back(event);
    }
  }
  return found;
}

}  // namespace

TEST_CASE("the plan's total is setup, every round's flow and the rests between rounds") {
  const Timeline timeline = plan(two_stretch_routine());
  CHECK(timeline.total == (5'000 + 6'000 + 4'000 + 6'000) + 5'000);
  CHECK(timeline.stretches == 2);
  CHECK(std::get<SessionStarted>(timeline.events.front().data).total == timeline.total);
}

TEST_CASE("phases come in order at their offsets, rest only between rounds") {
  const auto phases = events_of<PhaseStarted>(plan(two_stretch_routine()));
  REQUIRE(phases.size() == 5);
  const auto check = [&](std::size_t i, Millis at, PhaseKind kind, int stretch, int round) {
    INFO("phase " << i);
    const auto& phase = std::get<PhaseStarted>(phases[i].data);
    CHECK(phases[i].at == at);
    CHECK(phase.phase == kind);
    CHECK(phase.stretch == stretch);
    CHECK(phase.round == round);
  };
  check(0, 0, PhaseKind::setup, 1, 1);
  check(1, 5'000, PhaseKind::flow, 1, 1);
  check(2, 11'000, PhaseKind::rest, 1, 1);
  check(3, 15'000, PhaseKind::flow, 1, 2);
  // No setup of zero length, no rest after a single round or after a stretch.
  check(4, 21'000, PhaseKind::flow, 2, 1);
}

TEST_CASE("the cue cycle repeats through the flow, the last cue cut short") {
  const Timeline timeline = plan(two_stretch_routine());
  std::vector<std::pair<Millis, Millis>> first_round;
  for (const Event& event : events_of<CueShown>(timeline)) {
    if (event.at >= 5'000 && event.at < 11'000) {
      first_round.emplace_back(event.at, std::get<CueShown>(event.data).duration);
    }
  }
  const std::vector<std::pair<Millis, Millis>> expected{
      {5'000, 2'000}, {7'000, 1'000}, {8'000, 2'000}, {10'000, 1'000}};
  CHECK(first_round == expected);

  std::vector<std::pair<Millis, Millis>> last_flow;
  for (const Event& event : events_of<CueShown>(timeline)) {
    if (event.at >= 21'000) {
      last_flow.emplace_back(event.at, std::get<CueShown>(event.data).duration);
    }
  }
  const std::vector<std::pair<Millis, Millis>> cut{
      {21'000, 2'000}, {23'000, 2'000}, {25'000, 1'000}};
  CHECK(last_flow == cut);
}

TEST_CASE("each stretch announces itself and its instructions before its first phase") {
  const Timeline timeline = plan(two_stretch_routine());
  REQUIRE(timeline.events.size() > 5);
  CHECK(std::holds_alternative<SessionStarted>(timeline.events[0].data));
  CHECK(std::get<NoticeShown>(timeline.events[1].data).text == "Careful.");
  CHECK(std::get<StretchStarted>(timeline.events[2].data).id == "a");
  CHECK(std::get<InstructionShown>(timeline.events[3].data).text == "Do a.");
  CHECK(std::holds_alternative<PhaseStarted>(timeline.events[4].data));
}

TEST_CASE("offsets never go backwards") {
  const Timeline timeline = plan(two_stretch_routine());
  for (std::size_t i = 1; i < timeline.events.size(); ++i) {
    CHECK(timeline.events[i - 1].at <= timeline.events[i].at);
  }
  CHECK(timeline.events.back().at < timeline.total);
}

TEST_CASE("a one-sided stretch flows left, switches, flows right, in every round") {
  Routine routine{"sided", "Sided", "", "Careful.", {}};
  routine.stretches.push_back({.id = "lunge",
                               .title = "Lunge",
                               .instructions = {"Step."},
                               .setup = 5'000,
                               .flow = 10'000,
                               .cues = {{"Sink", 4'000}},
                               .rest = 3'000,
                               .rounds = 2,
                               .sides = true,
                               .switch_sides = 2'000});
  const Timeline timeline = plan(routine);
  std::vector<std::tuple<Millis, PhaseKind, Side, int>> phases;
  for (const Event& event : events_of<PhaseStarted>(timeline)) {
    const auto& phase = std::get<PhaseStarted>(event.data);
    phases.emplace_back(event.at, phase.phase, phase.side, phase.round);
  }
  const std::vector<std::tuple<Millis, PhaseKind, Side, int>> expected{
      {0, PhaseKind::setup, Side::both, 1},
      {5'000, PhaseKind::flow, Side::left, 1},
      {15'000, PhaseKind::switch_sides, Side::both, 1},
      {17'000, PhaseKind::flow, Side::right, 1},
      {27'000, PhaseKind::rest, Side::both, 1},
      {30'000, PhaseKind::flow, Side::left, 2},
      {40'000, PhaseKind::switch_sides, Side::both, 2},
      {42'000, PhaseKind::flow, Side::right, 2},
  };
  CHECK(phases == expected);
  CHECK(timeline.total == 52'000);
  CHECK(timeline.total == routine_length(routine));
}

TEST_CASE("the halfway cue comes at the middle of each flow, before a cue at the same time") {
  Routine routine{"half", "Half", "", "Careful.", {}};
  routine.stretches.push_back({.id = "a",
                               .title = "A",
                               .instructions = {"Go."},
                               .setup = 0,
                               .flow = 12'000,
                               .cues = {{"One", 3'000}, {"Two", 3'000}},
                               .rounds = 1,
                               .halfway = "Halfway"});
  const Timeline timeline = plan(routine);
  std::vector<std::string> flow;
  for (const Event& event : timeline.events) {
    if (const auto* cue = std::get_if<CueShown>(&event.data)) {
      flow.push_back(fmt::format("{} {}", event.at, cue->text));
    } else if (const auto* halfway = std::get_if<HalfwayReached>(&event.data)) {
      flow.push_back(fmt::format("{} {}", event.at, halfway->text));
    }
  }
  const std::vector<std::string> expected{"0 One", "3000 Two", "6000 Halfway", "6000 One",
                                          "9000 Two"};
  CHECK(flow == expected);
}

TEST_CASE("overrides replace flow, rest and rounds of every stretch") {
  Routine routine = two_stretch_routine();
  apply_overrides(routine, Overrides{20'000, std::nullopt, 3});
  for (const Stretch& stretch : routine.stretches) {
    CHECK(stretch.flow == 20'000);
    CHECK(stretch.rounds == 3);
  }
  CHECK(routine.stretches[0].rest == 4'000);
  CHECK(plan(routine).total == (5'000 + 3 * 20'000 + 2 * 4'000) + (3 * 20'000));
}

TEST_CASE("a flow is counted in 3, 2, 1 when the phase before it is long enough") {
  const Timeline timeline = plan(two_stretch_routine());
  std::vector<std::pair<Millis, int>> counts;
  for (const Event& event : events_of<CountIn>(timeline)) {
    counts.emplace_back(event.at, std::get<CountIn>(event.data).count);
  }
  // Before round 1 (setup of 5 s) and round 2 (rest of 4 s) of stretch a;
  // stretch b has no setup, so its flow starts at once, uncounted.
  const std::vector<std::pair<Millis, int>> expected{{2'000, 3},  {3'000, 2},  {4'000, 1},
                                                     {12'000, 3}, {13'000, 2}, {14'000, 1}};
  CHECK(counts == expected);
}
