#include "stretch/routine/event.hpp"

namespace stretch {

std::string_view phase_name(PhaseKind phase) {
  switch (phase) {
    case PhaseKind::setup:
      return "setup";
    case PhaseKind::flow:
      return "flow";
    case PhaseKind::switch_sides:
      return "switch";
    case PhaseKind::rest:
      return "rest";
  }
  return "?";
}

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::done:
      return "done";
    case Outcome::stopped:
      return "stopped";
    case Outcome::interrupted:
      return "interrupted";
    case Outcome::hangup:
      return "hangup";
    case Outcome::output_closed:
      return "output-closed";
  }
  return "?";
}

std::string_view side_name(Side side) {
  switch (side) {
    case Side::both:
      return "both";
    case Side::left:
      return "left";
    case Side::right:
      return "right";
  }
  return "?";
}

}  // namespace stretch
