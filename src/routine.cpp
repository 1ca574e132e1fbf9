#include "stretch/routine.hpp"

namespace stretch {

Millis stretch_length(const Stretch& stretch) {
  const int sides = stretch.sides ? 2 : 1;
  const Millis round = sides * stretch.flow + (sides - 1) * stretch.switch_sides;
  return stretch.setup + stretch.rounds * round + (stretch.rounds - 1) * stretch.rest;
}

Millis routine_length(const Routine& routine) {
  Millis total = 0;
  for (const Stretch& stretch : routine.stretches) {
    total += stretch_length(stretch);
  }
  return total;
}

}  // namespace stretch
