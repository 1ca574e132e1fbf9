#include "stretch/routine/fit.hpp"

#include "stretch/platform/i18n.hpp"

#include <algorithm>
#include <array>
#include <cctype>
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

// When the history cannot tell (areas never stretched, or stretched at the
// same moment), what a desk worker needs most comes first: neck and
// shoulders, the upper back, the lower back.
constexpr std::array<std::string_view, 13> desk_worker_order{
    "neck",     "shoulders", "upper-back", "lower-back", "hips", "chest",     "wrists",
    "forearms", "glutes",    "hamstrings", "calves",     "eyes", "whole-body"};

// The areas to cover, most important first: those asked for, or every
// area, least recently stretched first.
std::vector<std::string> areas_in_order(const FitRequest& request, const AreaRecency& recency) {
  if (!request.areas.empty()) {
    return request.areas;
  }
  std::vector<std::string> areas(desk_worker_order.begin(), desk_worker_order.end());
  std::stable_sort(areas.begin(), areas.end(), [&](const std::string& a, const std::string& b) {
    const auto last = [&](const std::string& area) {
      const auto found = recency.find(area);
      return found == recency.end() ? std::int64_t{0} : found->second;
    };
    return last(a) < last(b);
  });
  return areas;
}

// A session the user did not give areas works a few, as a physiotherapist
// would hand out: four for up to ten minutes, one more for every five
// minutes after.
std::size_t areas_for(Millis budget) {
  constexpr Millis ten_minutes = 600'000;
  constexpr Millis five_minutes = 300'000;
  return budget <= ten_minutes ? 4
                               : 4 + static_cast<std::size_t>(
                                         (budget - ten_minutes + five_minutes - 1) / five_minutes);
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
  return fmt::format(
      // TRANSLATORS: {0} is a time like "5 minutes", {1} a body area, {2} a length like "1:30".
      fmt::runtime(tr("nothing fits in {0}: the shortest stretch for {1} takes {2}")),
      describe_minutes(budget), areas.front(), format_duration(*shortest));
}

}  // namespace

Millis cue_cycle(const Stretch& stretch) {
  return std::accumulate(stretch.cues.begin(), stretch.cues.end(), Millis{0},
                         [](Millis sum, const Cue& cue) { return sum + cue.duration; });
}

bool names_its_length(const Stretch& stretch) {
  if (stretch.flow % 1000 != 0) {
    return false;
  }
  const std::string length = std::to_string(stretch.flow / 1000);
  const auto names = [&](std::string_view text) {
    for (std::size_t at = text.find(length); at != std::string_view::npos;
         at = text.find(length, at + 1)) {
      const auto digit = [&](std::size_t i) {
        return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0;
      };
      if ((at == 0 || !digit(at - 1)) && !digit(at + length.size())) {
        return true;
      }
    }
    return false;
  };
  return std::any_of(stretch.instructions.begin(), stretch.instructions.end(), names) ||
         std::any_of(stretch.cues.begin(), stretch.cues.end(),
                     [&](const Cue& cue) { return names(cue.text); });
}

Millis minimum_flow(const Stretch& stretch) {
  const Millis cycle = cue_cycle(stretch);
  if (cycle <= 0 || cycle >= stretch.flow || names_its_length(stretch)) {
    return stretch.flow;
  }
  const Millis least = std::max(cycle, stretch.flow / 2);
  return std::min(stretch.flow, (least + cycle - 1) / cycle * cycle);
}

namespace {

// The next longer flow a fitted session may give a stretch: one more whole
// cycle of its cues, or its own flow.
Millis next_flow(const Stretch& stretch, Millis flow) {
  const Millis cycle = cue_cycle(stretch);
  if (flow >= stretch.flow || cycle <= 0) {
    return stretch.flow;
  }
  return std::min(stretch.flow, (flow / cycle + 1) * cycle);
}

}  // namespace

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

// A few stretches done well rather than many rushed, as a physiotherapist
// hands them out, and so few cautions that the notice stays short: three,
// and one more for every three minutes. Time beyond goes to holds and
// rounds, and to more stretches only where those cannot fill it.
std::size_t few_stretches(Millis budget) {
  constexpr Millis three_minutes = 180'000;
  return 3 + static_cast<std::size_t>(budget / three_minutes);
}

// How long the parts last at their own flows and in every round they may
// have.
Millis longest_length(const std::vector<Part>& parts) {
  Millis total = 0;
  for (const Part& part : parts) {
    const Stretch& own = *part.from->stretch;
    total += stretch_length(stretch_of({part.from, most_rounds(own), own.flow}));
  }
  return total;
}

// The other stretches for the areas, in their order, each that still fits
// in its shortest form.
void add_stretches(std::vector<Part>& parts, const std::vector<const Candidate*>& order,
                   Millis budget) {
  for (const Candidate* candidate : order) {
    if (parts.size() >= limits::stretches || (parts.size() >= few_stretches(budget) &&
                                              longest_length(parts) >= budget - fit_tolerance)) {
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

// Each flow from its shortest back toward its own, a cue cycle at a time,
// stretch by stretch, while time is left: a flow never ends mid-cycle.
void give_flows(std::vector<Part>& parts, Millis budget) {
  for (Part& part : parts) {
    part.flow = minimum_flow(*part.from->stretch);
  }
  Millis left = budget - length_of(parts, true);
  for (bool grew = true; grew;) {
    grew = false;
    for (Part& part : parts) {
      const Millis step = next_flow(*part.from->stretch, part.flow) - part.flow;
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

// "neck, shoulders and lower back": a list as a sentence has it.
std::string people_list(const std::vector<std::string>& items) {
  if (items.size() < 2) {
    return items.empty() ? std::string() : items.front();
  }
  const std::vector<std::string> most(items.begin(), items.end() - 1);
  // TRANSLATORS: the end of a list in a sentence: {0} is "neck, shoulders",
  // {1} the last item, "lower back".
  return fmt::format(fmt::runtime(tr("{0} and {1}")), fmt::join(most, ", "), items.back());
}

// How high the body is, from the floor up: a session built to fit rises
// through the positions once, from lying to standing, so that nobody gets
// down to the floor twice, and it ends on its feet, ready for the desk. A
// stretch of the user's that names no position counts as standing.
int height_of(const Stretch& stretch) {
  switch (stretch.position.value_or(Position::standing)) {
    case Position::lying:
      return 0;
    case Position::kneeling:
      return 1;
    case Position::seated:
      return 2;
    case Position::standing:
      return 3;
  }
  return 3;
}

// The least setup after a stretch on the floor, to get up in.
constexpr Millis get_up_time = 12'000;

std::string get_up_line(const Stretch& from) {
  if (from.position == Position::lying) {
    return tr("Roll onto your side, then get up slowly.");
  }
  return tr("Get up slowly: one foot forward, a hand on that knee, then rise.");
}

// Reading at about 240 words a minute, to the whole second.
Millis reading_time(std::size_t words) {
  constexpr std::size_t words_a_minute = 240;
  return static_cast<Millis>((words * 60 + words_a_minute - 1) / words_a_minute) * 1000;
}

std::size_t words_in(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    words += !space && !in_word ? 1 : 0;
    in_word = !space;
  }
  return words;
}

std::size_t words_to_read(const Stretch& stretch) {
  std::size_t words = words_in(stretch.title);
  for (const std::string& line : stretch.instructions) {
    words += words_in(line);
  }
  return words;
}

// One notice for the session: the doctor once, stop if it hurts, then the
// cautions of the stretches in it, each once. Where those would push the
// first instructions off the first screen, each stretch's caution is the
// last of its own instructions instead.
Routine noticed(Routine routine, const FirstScreenFits& first_screen_fits) {
  std::vector<std::string> lines{
      tr("Ask a doctor or a physical therapist first with severe pain, pain or tingling that "
         "spreads into an arm or a leg, a recent injury or surgery, or in pregnancy."),
      tr("Stop if anything hurts.")};
  const std::string general = fmt::format("{}", fmt::join(lines, " "));
  std::set<std::string> languages{message_language()};
  for (const Stretch& stretch : routine.stretches) {
    if (!stretch.caution.empty() &&
        std::find(lines.begin(), lines.end(), stretch.caution) == lines.end()) {
      lines.push_back(stretch.caution);
      languages.insert(stretch.caution_language);
    }
  }
  routine.safety = fmt::format("{}", fmt::join(lines, " "));
  if (first_screen_fits && !routine.stretches.empty() &&
      !first_screen_fits(routine.safety, routine.stretches.front().instructions)) {
    routine.safety = general;
    languages = {message_language()};
    for (Stretch& stretch : routine.stretches) {
      if (!stretch.caution.empty()) {
        stretch.instructions.push_back(stretch.caution);
        if (stretch.caution_language != stretch.instructions_language) {
          stretch.instructions_language = "mul";
        }
      }
    }
  }
  // Cautions from routines translated and not make one text in several
  // languages, which BCP 47 calls "mul".
  routine.safety_language = languages.size() == 1 ? *languages.begin() : "mul";
  return routine;
}

// Time to get up after a stretch on the floor, and for each setup time to
// read its text: for the first, the notice too.
void pace(Routine& routine) {
  for (std::size_t i = 0; i < routine.stretches.size(); ++i) {
    Stretch& stretch = routine.stretches[i];
    if (i > 0) {
      const Stretch& before = routine.stretches[i - 1];
      if (height_of(before) <= 1 && height_of(stretch) > height_of(before)) {
        stretch.instructions.insert(stretch.instructions.begin(), get_up_line(before));
        stretch.setup = std::max(stretch.setup, get_up_time);
      }
    }
    const std::size_t words = words_to_read(stretch) + (i == 0 ? words_in(routine.safety) : 0);
    stretch.setup = std::max(stretch.setup, reading_time(words));
  }
}

// The areas a session names in its title: those asked for that it works,
// or the few it was given to work.
std::vector<std::string> named_areas(const std::vector<std::string>& targets,
                                     const std::vector<std::string>& covered) {
  std::vector<std::string> named;
  for (const std::string& area : targets) {
    if (std::find(covered.begin(), covered.end(), area) != covered.end()) {
      named.push_back(area);
    }
  }
  return named;
}

// Areas in the words people read them in, as a list in a sentence.
std::string areas_for_people(const std::vector<std::string>& areas) {
  std::vector<std::string> shown(areas.size());
  std::transform(areas.begin(), areas.end(), shown.begin(), area_display_name);
  return people_list(shown);
}

// The title and description, in the user's language.
void describe(FittedSession& fitted, const std::vector<std::string>& named,
              const FitRequest& request) {
  Routine& routine = fitted.routine;
  routine.name = fitted_name(request.budget);
  // TRANSLATORS: a session's title: {0} is a time like "5 minutes", {1} the
  // body areas it works, "neck, shoulders and lower back".
  routine.title = fmt::format(fmt::runtime(tr("{0}: {1}")), describe_minutes(request.budget),
                              areas_for_people(named));
  routine.description =
      fitted.left_out.empty()
          ? fmt::format(fmt::runtime(tr("Built from the routine library to fit {}.")),
                        describe_minutes(request.budget))
          // TRANSLATORS: {0} is a time like "5 minutes", {1} body areas that did not fit.
          : fmt::format(fmt::runtime(tr("Built from the routine library to fit {0}. Nothing for "
                                        "{1} fitted as well.")),
                        describe_minutes(request.budget), areas_for_people(fitted.left_out));
  routine.title_language = message_language();
  routine.description_language = message_language();
}

// A session of the stretches for the areas, within room: chosen, filled,
// its flows given back in whole cycles, ordered from the floor up, and its
// notice composed and setups paced. Throws when not one stretch fits.
struct Built {
  FittedSession fitted;
  std::vector<Part> parts;
  std::vector<const Candidate*> order;
};

Built build(const std::vector<Candidate>& candidates, const std::vector<std::string>& areas,
            const Recency& recency, const FitRequest& request, Millis room) {
  Built built;
  const std::vector<const Candidate*> chosen =
      choose(candidates, areas, !request.areas.empty(), room, built.fitted.left_out);
  if (chosen.empty()) {
    throw Error(ExitCode::usage, nothing_fits(candidates, areas, request.budget));
  }
  for (const Candidate* candidate : chosen) {
    built.parts.push_back({candidate, 1, 0});
  }
  built.order = fill_order(candidates, areas, recency);
  add_stretches(built.parts, built.order, room);
  add_rounds(built.parts, room);
  give_flows(built.parts, room);
  std::stable_sort(built.parts.begin(), built.parts.end(), [](const Part& a, const Part& b) {
    return height_of(*a.from->stretch) < height_of(*b.from->stretch);
  });
  Routine& routine = built.fitted.routine;
  for (const Part& part : built.parts) {
    Stretch stretch = stretch_of(part);
    // Built in the user's language already, and paced with lines of its
    // own: the translations of the library's texts no longer fit it.
    stretch.translations.clear();
    routine.stretches.push_back(std::move(stretch));
  }
  routine = noticed(std::move(routine), request.first_screen_fits);
  pace(routine);
  built.fitted.covered = routine_areas(routine);
  return built;
}

// Within the budget: the longer setups that pacing adds are made room for
// by fitting in less time, the most time, to the second, whose paced
// session still fits.
Built build_within(const std::vector<Candidate>& candidates, const std::vector<std::string>& areas,
                   const Recency& recency, const FitRequest& request) {
  const auto fits = [&](const Built& built) {
    return routine_length(built.fitted.routine) <= request.budget;
  };
  Built best = build(candidates, areas, recency, request, request.budget);
  if (fits(best)) {
    return best;
  }
  bool found = false;
  Millis too_little = 0;
  Millis too_much = request.budget;
  while (too_much - too_little > 1000) {
    const Millis room = (too_little + too_much) / 2 / 1000 * 1000;
    try {
      Built built = build(candidates, areas, recency, request, room);
      if (!fits(built)) {
        too_much = room;
        continue;
      }
      best = std::move(built);
      found = true;
    } catch (const Error&) {
      // Not one stretch in so little room: more is needed.
    }
    too_little = room;
  }
  if (!found) {
    throw Error(ExitCode::usage, nothing_fits(candidates, areas, request.budget));
  }
  return best;
}

}  // namespace

std::string area_display_name(std::string_view area) {
  static constexpr std::array<std::pair<std::string_view, const char*>, 13> names{{
      // TRANSLATORS: this and the next twelve are body areas as a session's
      // title names them, "5 minutes: neck, shoulders and lower back";
      // --area keeps the words of the command line.
      {"neck", N_("neck")},
      {"shoulders", N_("shoulders")},
      {"upper-back", N_("upper back")},
      {"chest", N_("chest")},
      {"wrists", N_("wrists")},
      {"forearms", N_("forearms")},
      {"lower-back", N_("lower back")},
      {"hips", N_("hips")},
      {"glutes", N_("glutes")},
      {"hamstrings", N_("hamstrings")},
      {"calves", N_("calves")},
      {"eyes", N_("eyes")},
      {"whole-body", N_("whole body")},
  }};
  const auto found = std::find_if(names.begin(), names.end(),
                                  [&](const auto& name) { return name.first == area; });
  return found == names.end() ? std::string(area) : tr(found->second);
}

int most_rounds(const Stretch& stretch) {
  return std::max(stretch.rounds, 2);
}

FittedSession fit_session(const std::vector<Routine>& library, const Recency& recency,
                          const FitRequest& request) {
  const std::vector<Candidate> candidates = candidates_of(library);
  std::vector<std::string> areas = areas_in_order(request, recency.areas);
  if (request.areas.empty()) {
    // Areas no stretch of the library works are no areas to offer.
    std::erase_if(areas, [&](const std::string& area) {
      return std::none_of(candidates.begin(), candidates.end(), [&](const Candidate& candidate) {
        return works(*candidate.stretch, area);
      });
    });
  }
  // A few areas, unless the user named them.
  const std::size_t count =
      request.areas.empty() ? std::min(areas_for(request.budget), areas.size()) : areas.size();
  const std::vector<std::string> targets(areas.begin(),
                                         areas.begin() + static_cast<std::ptrdiff_t>(count));
  Built built = build_within(candidates, targets, recency, request);
  // Short with the few areas it was given: it says which.
  built.fitted.shortfall = shortfall(routine_length(built.fitted.routine), built.parts, built.order,
                                     {targets, request.budget});
  describe(built.fitted, named_areas(targets, built.fitted.covered), request);
  return std::move(built.fitted);
}

std::string fitted_name(Millis budget) {
  const Millis seconds = budget / 1000;
  if (seconds % 60 == 0) {
    return fmt::format("fit-{}m", seconds / 60);
  }
  return seconds < 60 ? fmt::format("fit-{}s", seconds)
                      : fmt::format("fit-{}m{}s", seconds / 60, seconds % 60);
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
