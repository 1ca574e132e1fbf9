#include "stretch/routine/event.hpp"

#include "stretch/platform/words.hpp"

namespace stretch {
namespace {

constexpr WordTable<PhaseKind, 4> phase_words{{{
    {PhaseKind::setup, "setup"},
    {PhaseKind::flow, "flow"},
    {PhaseKind::switch_sides, "switch"},
    {PhaseKind::rest, "rest"},
}}};

constexpr WordTable<Outcome, 5> outcome_words{{{
    {Outcome::done, "done"},
    {Outcome::stopped, "stopped"},
    {Outcome::interrupted, "interrupted"},
    {Outcome::hangup, "hangup"},
    {Outcome::output_closed, "output-closed"},
}}};

constexpr WordTable<Side, 3> side_words{{{
    {Side::both, "both"},
    {Side::left, "left"},
    {Side::right, "right"},
}}};

}  // namespace

std::string_view phase_name(PhaseKind phase) {
  return phase_words.word(phase);
}

std::string_view outcome_name(Outcome outcome) {
  return outcome_words.word(outcome);
}

std::string_view side_name(Side side) {
  return side_words.word(side);
}

}  // namespace stretch
