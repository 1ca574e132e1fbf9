#include "stretch/plan.hpp"

#include <algorithm>

namespace stretch {

namespace {

void add_flow_cues(const Stretch& stretch, Millis start, std::vector<Event>& events) {
  Millis elapsed = 0;
  for (std::size_t cue = 0; elapsed < stretch.flow; cue = (cue + 1) % stretch.cues.size()) {
    const Millis duration = std::min(stretch.cues[cue].duration, stretch.flow - elapsed);
    events.push_back({start + elapsed, CueShown{stretch.cues[cue].text, duration}});
    elapsed += duration;
  }
}

}  // namespace

Timeline plan(const Routine& routine) {
  Timeline timeline;
  timeline.routine = routine.name;
  timeline.title = routine.title;
  timeline.stretches = static_cast<int>(routine.stretches.size());
  std::vector<Event>& events = timeline.events;
  events.push_back({0, SessionStarted{routine.name, routine.title, timeline.stretches, 0}});
  events.push_back({0, NoticeShown{routine.safety}});

  Millis now = 0;
  int number = 0;
  for (const Stretch& stretch : routine.stretches) {
    ++number;
    events.push_back({now, StretchStarted{number, timeline.stretches, stretch.id, stretch.title}});
    int step = 0;
    for (const std::string& instruction : stretch.instructions) {
      events.push_back({now, InstructionShown{++step, instruction}});
    }
    const auto start_phase = [&](PhaseKind kind, Millis duration, int round) {
      events.push_back({now, PhaseStarted{kind, duration, number, stretch.id, stretch.title, round,
                                          stretch.rounds}});
    };
    if (stretch.setup > 0) {
      start_phase(PhaseKind::setup, stretch.setup, 1);
      now += stretch.setup;
    }
    for (int round = 1; round <= stretch.rounds; ++round) {
      if (round > 1 && stretch.rest > 0) {
        start_phase(PhaseKind::rest, stretch.rest, round - 1);
        now += stretch.rest;
      }
      start_phase(PhaseKind::flow, stretch.flow, round);
      add_flow_cues(stretch, now, events);
      now += stretch.flow;
    }
  }
  timeline.total = now;
  std::get<SessionStarted>(events.front().data).total = now;
  return timeline;
}

}  // namespace stretch
