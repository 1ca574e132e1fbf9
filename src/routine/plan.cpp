#include "stretch/routine/plan.hpp"

#include <algorithm>

namespace stretch {

namespace {

// The cue cycle repeated through one flow, and the halfway cue (if any) at
// the middle, before a cue that starts at the same moment.
void add_flow_cues(const Stretch& stretch, Millis start, std::vector<Event>& events) {
  const auto first = static_cast<std::ptrdiff_t>(events.size());
  Millis elapsed = 0;
  for (std::size_t cue = 0; elapsed < stretch.flow; cue = (cue + 1) % stretch.cues.size()) {
    const Millis duration = std::min(stretch.cues[cue].duration, stretch.flow - elapsed);
    events.push_back(
        {start + elapsed, CueShown{stretch.cues[cue].text, duration, stretch.cues[cue].art,
                                   stretch.cues[cue].language}});
    elapsed += duration;
  }
  if (!stretch.halfway.empty()) {
    const Millis halfway = start + stretch.flow / 2;
    const auto place = std::find_if(events.begin() + first, events.end(),
                                    [&](const Event& event) { return event.at >= halfway; });
    events.insert(place, Event{halfway, HalfwayReached{stretch.halfway, stretch.halfway_language}});
  }
}

}  // namespace

void apply_overrides(Routine& routine, const Overrides& overrides) {
  for (Stretch& stretch : routine.stretches) {
    stretch.flow = overrides.flow.value_or(stretch.flow);
    stretch.rest = overrides.rest.value_or(stretch.rest);
    stretch.rounds = overrides.rounds.value_or(stretch.rounds);
  }
}

// A flow is announced by a count of this many seconds at the end of the
// phase before it, when that phase is long enough to hold it.
constexpr int count_in_seconds = 3;
constexpr Millis second = 1000;

Timeline plan(const Routine& routine) {
  Timeline timeline;
  timeline.routine = routine.name;
  timeline.title = routine.title;
  timeline.stretches = static_cast<int>(routine.stretches.size());
  std::vector<Event>& events = timeline.events;
  events.push_back({0, SessionStarted{routine.name, routine.title, timeline.stretches, 0,
                                      routine.title_language}});
  events.push_back({0, NoticeShown{routine.safety, routine.safety_language}});

  Millis now = 0;
  int number = 0;
  for (const Stretch& stretch : routine.stretches) {
    ++number;
    events.push_back({now, StretchStarted{number, timeline.stretches, stretch.id, stretch.title,
                                          stretch.title_language}});
    int step = 0;
    for (const std::string& instruction : stretch.instructions) {
      events.push_back({now, InstructionShown{++step, instruction, stretch.instructions_language}});
    }
    Millis previous_phase = 0;  // length of the phase just planned, if it had no cues
    const auto phase = [&](PhaseKind kind, Millis duration, int round, Side side = Side::both) {
      if (kind == PhaseKind::flow && previous_phase >= count_in_seconds * second) {
        for (int count = count_in_seconds; count >= 1; --count) {
          events.push_back({now - count * second, CountIn{count}});
        }
      }
      events.push_back({now, PhaseStarted{kind, duration, number, stretch.id, stretch.title, round,
                                          stretch.rounds, side}});
      if (kind == PhaseKind::flow) {
        add_flow_cues(stretch, now, events);
      }
      previous_phase = kind == PhaseKind::flow ? 0 : duration;
      now += duration;
    };
    if (stretch.setup > 0) {
      phase(PhaseKind::setup, stretch.setup, 1);
    }
    for (int round = 1; round <= stretch.rounds; ++round) {
      if (round > 1 && stretch.rest > 0) {
        phase(PhaseKind::rest, stretch.rest, round - 1);
      }
      if (!stretch.sides) {
        phase(PhaseKind::flow, stretch.flow, round);
        continue;
      }
      phase(PhaseKind::flow, stretch.flow, round, Side::left);
      if (stretch.switch_sides > 0) {
        phase(PhaseKind::switch_sides, stretch.switch_sides, round);
      }
      phase(PhaseKind::flow, stretch.flow, round, Side::right);
    }
  }
  timeline.total = now;
  std::get<SessionStarted>(events.front().data).total = now;
  return timeline;
}

}  // namespace stretch
