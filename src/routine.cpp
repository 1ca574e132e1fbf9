#include "stretch/routine.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "stretch/error.hpp"
#include "stretch/i18n.hpp"

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

std::vector<std::string> routine_areas(const Routine& routine) {
  std::vector<std::string> areas;
  for (const std::string_view area : body_areas) {
    const bool worked = std::any_of(
        routine.stretches.begin(), routine.stretches.end(), [&](const Stretch& stretch) {
          return std::find(stretch.areas.begin(), stretch.areas.end(), area) != stretch.areas.end();
        });
    if (worked) {
      areas.emplace_back(area);
    }
  }
  return areas;
}

std::optional<std::string> unknown_area(std::string_view name) {
  const std::vector<std::string> known(body_areas.begin(), body_areas.end());
  if (std::find(known.begin(), known.end(), name) != known.end()) {
    return std::nullopt;
  }
  return fmt::format(fmt::runtime(tr("unknown area \"{}\"")), quote_untrusted(name)) +
         did_you_mean(name, known,
                      fmt::format(fmt::runtime(tr("the areas are: {}")), fmt::join(known, ", ")));
}

std::vector<std::string> parse_areas(std::string_view list) {
  std::vector<std::string> areas;
  while (!list.empty()) {
    const std::size_t comma = std::min(list.find(','), list.size());
    const std::string area(list.substr(0, comma));
    list.remove_prefix(std::min(comma + 1, list.size()));
    if (const std::optional<std::string> problem = unknown_area(area)) {
      throw Error(ExitCode::usage, "--area: " + *problem);
    }
    if (std::find(areas.begin(), areas.end(), area) == areas.end()) {
      areas.push_back(area);
    }
  }
  return areas;
}

}  // namespace stretch
