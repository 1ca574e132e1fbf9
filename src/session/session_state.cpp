#include "stretch/session/session_state.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"

namespace stretch {

void SessionState::apply(const Event& event) {
  std::visit(Overloaded{
                 [&](const SessionStarted& e) {
                   routine = e.routine;
                   routine_title = e.title;
                   total = e.total;
                   stretches = e.stretches;
                 },
                 [&](const NoticeShown& e) { safety = e.text; },
                 [&](const StretchStarted& e) {
                   stretch = e.number;
                   stretch_title = e.title;
                   instructions.clear();
                 },
                 [&](const InstructionShown& e) { instructions.push_back(e.text); },
                 [&](const PhaseStarted& e) {
                   phase = e;
                   phase_started = event.at;
                   if (e.phase == PhaseKind::rest) {
                     // TRANSLATORS: the cue while resting, shown in the live view
                     // and by `stretch status`, and spoken aloud.
                     cue = tr("Rest");
                   } else if (e.phase == PhaseKind::switch_sides) {
                     // TRANSLATORS: the cue while switching sides, shown in the
                     // live view and by `stretch status`, and spoken aloud.
                     cue = tr("Switch sides");
                   } else {
                     cue.clear();
                   }
                   art.clear();
                   announcement.clear();
                 },
                 [&](const CueShown& e) {
                   cue = e.text;
                   art = e.art;
                   announcement.clear();
                 },
                 [&](const HalfwayReached& e) { announcement = e.text; },
                 [&](const CountIn& e) {
                   // TRANSLATORS: the count-in in the live view before a round of
                   // stretching starts: {} is 3, then 2, then 1 (seconds).
                   announcement = fmt::format(fmt::runtime(tr("Starting in {}")), e.count);
                 },
                 [&](const Paused&) { paused = true; },
                 [&](const Resumed&) { paused = false; },
                 [&](const SessionEnded& e) { ended = e.outcome; },
                 [](const auto&) {},
             },
             event.data);
}

Millis SessionState::countdown(Millis now) const {
  if (!phase) {
    return 0;
  }
  return std::max<Millis>(0, (phase_started + phase->duration - now + 999) / 1000 * 1000);
}

std::optional<Millis> SessionState::next_countdown_change(Millis now) const {
  if (!phase || paused || ended) {
    return std::nullopt;
  }
  const Millis end = phase_started + phase->duration;
  const Millis next = end - countdown(now) + 1000;
  return next < end ? std::optional(next) : std::nullopt;
}

int SessionState::stretches_done(Outcome outcome) const {
  return outcome == Outcome::done ? stretches : std::max(0, stretch - 1);
}

std::string phase_label(const PhaseStarted& phase) {
  switch (phase.phase) {
    case PhaseKind::setup:
      // TRANSLATORS: a phase, shown in capitals in the live view: keep it short.
      return tr("get ready");
    case PhaseKind::flow:
      if (phase.side == Side::left) {
        // TRANSLATORS: a phase, shown in capitals in the live view: {0} is this
        // round, {1} the number of rounds; the left side is the side stretched.
        return fmt::format(fmt::runtime(tr("round {0}/{1}, left side")), phase.round, phase.rounds);
      }
      if (phase.side == Side::right) {
        // TRANSLATORS: a phase, shown in capitals in the live view: {0} is this
        // round, {1} the number of rounds; the right side is the side stretched.
        return fmt::format(fmt::runtime(tr("round {0}/{1}, right side")), phase.round,
                           phase.rounds);
      }
      // TRANSLATORS: a phase, shown in capitals in the live view: {0} is this
      // round, {1} the number of rounds ("round 2/3").
      return fmt::format(fmt::runtime(tr("round {0}/{1}")), phase.round, phase.rounds);
    case PhaseKind::switch_sides:
      // TRANSLATORS: a phase, shown in capitals in the live view: keep it short.
      return tr("switch sides");
    case PhaseKind::rest:
      // TRANSLATORS: a phase, shown in capitals in the live view: keep it short.
      return tr("rest");
  }
  return {};
}

}  // namespace stretch
