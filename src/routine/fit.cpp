#include "stretch/routine/fit.hpp"

#include "stretch/platform/i18n.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "stretch/platform/error.hpp"
#include "stretch/routine/routine_limits.hpp"

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

bool same_id(const Candidate& a, const Candidate& b) {
  return a.stretch->id == b.stretch->id;
}

// For each open area in turn, the best stretch for it that still fits in
// what is left; an area with none is dropped (and noted when asked for).
std::vector<const Candidate*> choose(const std::vector<Candidate>& candidates,
                                     std::vector<std::string> open, bool areas_asked_for,
                                     Millis left, std::vector<std::string>& left_out) {
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
                          std::none_of(chosen.begin(), chosen.end(), [&](const Candidate* other) {
                            return same_id(*other, candidate);
                          });
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

// Every stretch that works one of the areas, least recently stretched
// first, then by the first area it works, then as the library has them.
std::vector<const Candidate*> fill_order(const std::vector<Candidate>& candidates,
                                         const std::vector<std::string>& areas,
                                         const Recency& recency) {
  const auto first_area = [&](const Candidate* candidate) {
    return std::find_if(areas.begin(), areas.end(),
                        [&](const std::string& a) { return works(*candidate->stretch, a); }) -
           areas.begin();
  };
  const auto last_stretched = [&](const Candidate* candidate) {
    const auto found = recency.stretches.find(candidate->stretch->id);
    return found == recency.stretches.end() ? std::int64_t{0} : found->second;
  };
  std::vector<const Candidate*> order;
  for (const Candidate& candidate : candidates) {
    if (first_area(&candidate) < std::ssize(areas)) {
      order.push_back(&candidate);
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](const Candidate* a, const Candidate* b) {
    return std::pair(last_stretched(a), first_area(a)) <
           std::pair(last_stretched(b), first_area(b));
  });
  return order;
}

// A stretch as the session has it: its rounds and the length of its flow.
struct Part {
  const Candidate* from;
  int rounds = 1;
  Millis flow = 0;
};

Stretch stretch_of(const Part& part) {
  Stretch stretch = *part.from->stretch;
  stretch.rounds = part.rounds;
  stretch.flow = part.flow;
  return stretch;
}

// How long the parts last with every flow at its shortest, or at its own.
Millis length_of(const std::vector<Part>& parts, bool shortest) {
  Millis total = 0;
  for (const Part& part : parts) {
    const Stretch& own = *part.from->stretch;
    total += stretch_length(
        stretch_of({part.from, part.rounds, shortest ? minimum_flow(own) : own.flow}));
  }
  return total;
}

// The other stretches for the areas, in their order, each that still fits
// in its shortest form.
void add_stretches(std::vector<Part>& parts, const std::vector<const Candidate*>& order,
                   Millis budget) {
  for (const Candidate* candidate : order) {
    if (parts.size() >= limits::stretches) {
      return;
    }
    const bool in = std::any_of(parts.begin(), parts.end(),
                                [&](const Part& part) { return same_id(*part.from, *candidate); });
    if (!in) {
      parts.push_back({candidate, 1, 0});
      if (length_of(parts, true) > budget) {
        parts.pop_back();
      }
    }
  }
}

// A second round for each stretch in turn, then a third for those that have
// one of their own, and so on: each while it fits with every flow at its
// own, or, while the session would end short without it, with the flows
// cut again.
void add_rounds(std::vector<Part>& parts, Millis budget) {
  for (int round = 2; round <= limits::rounds; ++round) {
    for (Part& part : parts) {
      if (part.rounds != round - 1 || round > most_rounds(*part.from->stretch)) {
        continue;
      }
      const bool needed = length_of(parts, false) < budget - fit_tolerance;
      ++part.rounds;
      if (length_of(parts, true) > budget || (!needed && length_of(parts, false) > budget)) {
        --part.rounds;
      }
    }
  }
}

// Each flow from its shortest back toward its own, a second at a time,
// stretch by stretch, while time is left.
void give_flows(std::vector<Part>& parts, Millis budget) {
  for (Part& part : parts) {
    part.flow = minimum_flow(*part.from->stretch);
  }
  Millis left = budget - length_of(parts, true);
  for (bool grew = true; grew;) {
    grew = false;
    for (Part& part : parts) {
      const Millis to_whole_second = 1000 - part.flow % 1000;
      const Millis step = std::min(to_whole_second, part.from->stretch->flow - part.flow);
      const Millis cost = step * part.rounds * sides_of(*part.from->stretch);
      if (step > 0 && cost <= left) {
        part.flow += step;
        left -= cost;
        grew = true;
      }
    }
  }
}

// Whether the session has all there is for its areas: every stretch that
// works one of them (one per id), each at its own flow and in every round
// it may have.
bool has_everything(const std::vector<Part>& parts, const std::vector<const Candidate*>& order) {
  const bool all_in = std::all_of(order.begin(), order.end(), [&](const Candidate* candidate) {
    return std::any_of(parts.begin(), parts.end(),
                       [&](const Part& part) { return same_id(*part.from, *candidate); });
  });
  return all_in && std::all_of(parts.begin(), parts.end(), [](const Part& part) {
           return part.flow == part.from->stretch->flow &&
                  part.rounds == most_rounds(*part.from->stretch);
         });
}

// Why the session ends more than a minute short, or nothing when it does not.
std::string shortfall(Millis length, const std::vector<Part>& parts,
                      const std::vector<const Candidate*>& order, const FitRequest& request) {
  if (length >= request.budget - fit_tolerance) {
    return {};
  }
  const std::string lasts = format_duration(length);
  const std::string short_by = format_duration(request.budget - length);
  const std::string asked = describe_minutes(request.budget);
  if (!has_everything(parts, order)) {
    // TRANSLATORS: {0} and {1} are lengths like "3:10", {2} a time like "5 minutes".
    return fmt::format(fmt::runtime(tr("the session lasts {0}, {1} short of {2}: no other stretch "
                                       "or round from the library fits in the time left")),
                       lasts, short_by, asked);
  }
  if (request.areas.empty()) {
    // TRANSLATORS: {0} and {1} are lengths like "3:10", {2} a time like "5 minutes".
    return fmt::format(fmt::runtime(tr("the session lasts {0}, {1} short of {2}: every stretch in "
                                       "the library is in it, with full holds and all its rounds")),
                       lasts, short_by, asked);
  }
  const std::string areas = fmt::format("{}", fmt::join(request.areas, ", "));
  const std::string all_for_areas =
      // TRANSLATORS: {0} and {1} are lengths like "3:10", {2} a time like "5 minutes", {3}
      // body areas.
      tr("the session lasts {0}, {1} short of {2}: every stretch in "
         "the library for {3} is in it, with full holds and all its "
         "rounds");
  return fmt::format(fmt::runtime(all_for_areas), lasts, short_by, asked, areas);
}

// The routine's title, description and safety notice, from the routines
// its stretches come from.
void describe(FittedSession& fitted, const std::vector<Part>& parts, const FitRequest& request) {
  Routine& routine = fitted.routine;
  std::vector<std::string> named = fitted.covered;
  if (!request.areas.empty()) {
    named = request.areas;
    std::erase_if(named, [&](const std::string& area) {
      return std::find(fitted.left_out.begin(), fitted.left_out.end(), area) !=
             fitted.left_out.end();
    });
  }
  routine.name = fitted_name(named);
  // TRANSLATORS: a session's title: {0} is a time like "5 minutes", {1} body areas.
  routine.title = fmt::format(fmt::runtime(tr("{0} for {1}")), describe_minutes(request.budget),
                              fmt::join(named, ", "));
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
  for (const Part& part : parts) {
    const Routine& from = *part.from->routine;
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
}

}  // namespace

int most_rounds(const Stretch& stretch) {
  return std::max(stretch.rounds, 2);
}

FittedSession fit_session(const std::vector<Routine>& library, const Recency& recency,
                          const FitRequest& request) {
  const std::vector<Candidate> candidates = candidates_of(library);
  const std::vector<std::string> areas = areas_in_order(request, recency.areas);
  FittedSession fitted;
  const std::vector<const Candidate*> chosen =
      choose(candidates, areas, !request.areas.empty(), request.budget, fitted.left_out);
  if (chosen.empty()) {
    throw Error(ExitCode::usage, nothing_fits(candidates, areas, request.budget));
  }
  std::vector<Part> parts;
  parts.reserve(candidates.size());
  for (const Candidate* candidate : chosen) {
    parts.push_back({candidate, 1, 0});
  }
  const std::vector<const Candidate*> order = fill_order(candidates, areas, recency);
  add_stretches(parts, order, request.budget);
  add_rounds(parts, request.budget);
  give_flows(parts, request.budget);
  for (const Part& part : parts) {
    fitted.routine.stretches.push_back(stretch_of(part));
  }
  fitted.covered = routine_areas(fitted.routine);
  fitted.shortfall = shortfall(routine_length(fitted.routine), parts, order, request);
  describe(fitted, parts, request);
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
