#include "stretch/event.hpp"

namespace stretch {

std::string_view phase_name(PhaseKind phase) {
  switch (phase) {
    case PhaseKind::setup:
      return "setup";
    case PhaseKind::flow:
      return "flow";
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
  }
  return "?";
}

}  // namespace stretch
