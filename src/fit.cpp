#include "stretch/fit.hpp"

#include "stretch/i18n.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "stretch/error.hpp"

namespace stretch {
namespace {

struct Candidate {
  std::string key;  // "routine/id" where it was written: the same stretch used twice is one
  const Stretch* stretch;
  const Routine* routine;
};

int sides_of(const Stretch& stretch) {
  return stretch.sides ? 2 : 1;
}

Stretch shortest_form(const Stretch& stretch) {
  Stretch shortest = stretch;
  shortest.flow = minimum_flow(stretch);
  shortest.rounds = 1;
  return shortest;
}

std::vector<Candidate> candidates_of(const std::vector<Routine>& library) {
  std::vector<const Routine*> routines;
  routines.reserve(library.size());
  for (const Routine& routine : library) {
    routines.push_back(&routine);
  }
  std::sort(routines.begin(), routines.end(),
            [](const Routine* a, const Routine* b) { return a->name < b->name; });
  std::vector<Candidate> candidates;
  std::set<std::string> seen;
  for (const Routine* routine : routines) {
    for (const Stretch& stretch : routine->stretches) {
      std::string key = stretch.source.empty() ? routine->name + "/" + stretch.id : stretch.source;
      if (!stretch.areas.empty() && seen.insert(key).second) {
        candidates.push_back({std::move(key), &stretch, routine});
      }
    }
  }
  return candidates;
}

bool works(const Stretch& stretch, const std::string& area) {
  return std::find(stretch.areas.begin(), stretch.areas.end(), area) != stretch.areas.end();
}

// The areas to cover, most important first.
std::vector<std::string> areas_in_order(const FitRequest& request, const AreaRecency& recency) {
  if (!request.areas.empty()) {
    return request.areas;
  }
  std::vector<std::string> areas(body_areas.begin(), body_areas.end());
  std::stable_sort(areas.begin(), areas.end(), [&](const std::string& a, const std::string& b) {
    const auto last = [&](const std::string& area) {
      const auto found = recency.find(area);
      return found == recency.end() ? std::int64_t{0} : found->second;
    };
    return last(a) < last(b);
  });
  return areas;
}

std::string describe_minutes(Millis budget) {
  const Millis minutes = budget / 60'000;
  return fmt::format(
      fmt::runtime(trn("{} minute", "{} minutes", static_cast<unsigned long>(minutes))), minutes);
}

// Why no session can be built: the shortest stretch for the first area.
std::string nothing_fits(const std::vector<Candidate>& candidates,
                         const std::vector<std::string>& areas, Millis budget) {
  std::optional<Millis> shortest;
  for (const Candidate& candidate : candidates) {
    if (works(*candidate.stretch, areas.front())) {
      const Millis length = stretch_length(shortest_form(*candidate.stretch));
      shortest = std::min(shortest.value_or(length), length);
    }
  }
  if (!shortest) {
    // TRANSLATORS: {} is a body area as given on the command line, e.g. "neck".
    return fmt::format(fmt::runtime(tr("no stretch in the library works {}")), areas.front());
  }
  // TRANSLATORS: {0} is a time like "5 minutes", {1} a body area, {2} a length like "1:30".
  return fmt::format(
      fmt::runtime(tr("nothing fits in {0}: the shortest stretch for {1} takes {2}")),
      describe_minutes(budget), areas.front(), format_duration(*shortest));
}

}  // namespace

Millis minimum_flow(const Stretch& stretch) {
  const Millis cycle =
      std::accumulate(stretch.cues.begin(), stretch.cues.end(), Millis{0},
                      [](Millis sum, const Cue& cue) { return sum + cue.duration; });
  return std::min(stretch.flow, std::max(cycle, stretch.flow / 2));
}

namespace {

// For each open area in turn, the best stretch for it that still fits in
// what is left; an area with none is dropped (and noted when asked for).
std::vector<const Candidate*> choose(const std::vector<Candidate>& candidates,
                                     std::vector<std::string> open, bool areas_asked_for,
                                     Millis& left, std::vector<std::string>& left_out) {
  std::vector<const Candidate*> chosen;
  while (!open.empty()) {
    const auto open_areas_worked = [&](const Candidate& candidate) {
      return std::count_if(open.begin(), open.end(),
                           [&](const std::string& a) { return works(*candidate.stretch, a); });
    };
    const auto length = [](const Candidate& candidate) {
      return stretch_length(shortest_form(*candidate.stretch));
    };
    const Candidate* best = nullptr;
    for (const Candidate& candidate : candidates) {
      const bool usable = works(*candidate.stretch, open.front()) && length(candidate) <= left &&
                          std::find(chosen.begin(), chosen.end(), &candidate) == chosen.end();
      if (usable && (best == nullptr || open_areas_worked(candidate) > open_areas_worked(*best) ||
                     (open_areas_worked(candidate) == open_areas_worked(*best) &&
                      length(candidate) < length(*best)))) {
        best = &candidate;
      }
    }
    if (best == nullptr) {
      if (areas_asked_for) {
        left_out.push_back(open.front());
      }
      open.erase(open.begin());
      continue;
    }
    chosen.push_back(best);
    left -= length(*best);
    std::erase_if(open, [&](const std::string& a) { return works(*best->stretch, a); });
  }
  return chosen;
}

// The chosen stretches in their shortest form, then given back time while
// it lasts: first each one's own flow, then its own rounds, one round at a
// time, stretch by stretch.
std::vector<Stretch> grow(const std::vector<const Candidate*>& chosen, Millis left) {
  std::vector<Stretch> stretches;
  stretches.reserve(chosen.size());
  for (const Candidate* candidate : chosen) {
    stretches.push_back(shortest_form(*candidate->stretch));
  }
  for (std::size_t i = 0; i < stretches.size(); ++i) {
    const Millis more = sides_of(stretches[i]) * (chosen[i]->stretch->flow - stretches[i].flow);
    if (more <= left) {
      stretches[i].flow = chosen[i]->stretch->flow;
      left -= more;
    }
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < stretches.size(); ++i) {
      Stretch& stretch = stretches[i];
      const Millis more = stretch.rest + sides_of(stretch) * stretch.flow +
                          (sides_of(stretch) - 1) * stretch.switch_sides;
      if (stretch.rounds < chosen[i]->stretch->rounds && more <= left) {
        ++stretch.rounds;
        left -= more;
        grew = true;
      }
    }
  }
  return stretches;
}

}  // namespace

FittedSession fit_session(const std::vector<Routine>& library, const AreaRecency& recency,
                          const FitRequest& request) {
  const std::vector<Candidate> candidates = candidates_of(library);
  FittedSession fitted;
  Millis left = request.budget;
  const std::vector<const Candidate*> chosen = choose(
      candidates, areas_in_order(request, recency), !request.areas.empty(), left, fitted.left_out);
  if (chosen.empty()) {
    throw Error(ExitCode::usage,
                nothing_fits(candidates, areas_in_order(request, recency), request.budget));
  }
  Routine& routine = fitted.routine;
  routine.stretches = grow(chosen, left);
  fitted.covered = routine_areas(routine);
  routine.name = fitted_name(fitted.covered);
  // TRANSLATORS: a session's title: {0} is a time like "5 minutes", {1} body areas.
  routine.title = fmt::format(fmt::runtime(tr("{0} for {1}")), describe_minutes(request.budget),
                              fmt::join(fitted.covered, ", "));
  routine.description =
      fitted.left_out.empty()
          ? fmt::format(fmt::runtime(tr("Built from the routine library to fit {}.")),
                        describe_minutes(request.budget))
          // TRANSLATORS: {0} is a time like "5 minutes", {1} body areas that did not fit.
          : fmt::format(fmt::runtime(tr("Built from the routine library to fit {0}. Nothing for "
                                        "{1} fitted as well.")),
                        describe_minutes(request.budget), fmt::join(fitted.left_out, ", "));
  routine.title_language = message_language();
  std::vector<std::string> notices;
  std::vector<std::string> languages;
  for (const Candidate* candidate : chosen) {
    const Routine& from = *candidate->routine;
    if (std::find(notices.begin(), notices.end(), from.safety) == notices.end()) {
      notices.push_back(from.safety);
      if (std::find(languages.begin(), languages.end(), from.safety_language) == languages.end()) {
        languages.push_back(from.safety_language);
      }
    }
  }
  routine.safety = fmt::format("{}", fmt::join(notices, " "));
  // Notices from routines translated and not make one text in several
  // languages, which BCP 47 calls "mul".
  routine.safety_language = languages.size() == 1 ? languages.front() : "mul";
  return fitted;
}

std::string fitted_name(const std::vector<std::string>& areas) {
  return fmt::format("fit-{}", fmt::join(areas, "-"));
}

std::vector<std::string> areas_of_fitted_name(std::string_view name) {
  std::vector<std::string> areas;
  if (!name.starts_with("fit-")) {
    return areas;
  }
  name.remove_prefix(4);
  while (!name.empty()) {
    const auto area = std::find_if(body_areas.begin(), body_areas.end(), [&](std::string_view a) {
      return name.starts_with(a) && (name.size() == a.size() || name[a.size()] == '-');
    });
    if (area == body_areas.end()) {
      return {};
    }
    areas.emplace_back(*area);
    name.remove_prefix(std::min(name.size(), area->size() + 1));
  }
  return areas;
}

}  // namespace stretch
