#include "stretch/routine/routine.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

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

RoutineOverview overview_of(const Routine& routine) {
  return {routine.title, routine_length(routine), routine.stretches.size(), routine_areas(routine)};
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

std::vector<std::string> routine_languages(const Routine& routine) {
  std::set<std::string> languages;
  for (const auto& [language, texts] : routine.translations) {
    languages.insert(language);
  }
  for (const Stretch& stretch : routine.stretches) {
    for (const auto& [language, texts] : stretch.translations) {
      languages.insert(language);
    }
  }
  return {languages.begin(), languages.end()};
}

namespace {

void replace(std::string& text, std::string& text_language, const std::optional<std::string>& with,
             std::string_view language) {
  if (with && !text.empty()) {
    text = *with;
    text_language = language;
  }
}

}  // namespace

Routine in_user_language(Routine routine, const Environment& environment) {
  const std::optional<std::string> language =
      choose_language(environment, routine_languages(routine));
  return language ? translate(std::move(routine), *language) : routine;
}

Routine translate(Routine routine, std::string_view language) {
  if (const auto found = routine.translations.find(std::string(language));
      found != routine.translations.end()) {
    const RoutineTranslation& texts = found->second;
    replace(routine.title, routine.title_language, texts.title, language);
    replace(routine.description, routine.description_language, texts.description, language);
    replace(routine.safety, routine.safety_language, texts.safety, language);
  }
  for (Stretch& stretch : routine.stretches) {
    const auto found = stretch.translations.find(std::string(language));
    if (found == stretch.translations.end()) {
      continue;
    }
    const StretchTranslation& texts = found->second;
    replace(stretch.title, stretch.title_language, texts.title, language);
    replace(stretch.halfway, stretch.halfway_language, texts.halfway, language);
    replace(stretch.caution, stretch.caution_language, texts.caution, language);
    if (texts.instructions && texts.instructions->size() == stretch.instructions.size()) {
      stretch.instructions = *texts.instructions;
      stretch.instructions_language = language;
    }
    if (texts.cues && texts.cues->size() == stretch.cues.size()) {
      for (std::size_t i = 0; i < stretch.cues.size(); ++i) {
        stretch.cues[i].text = (*texts.cues)[i];
        stretch.cues[i].language = language;
      }
    }
  }
  return routine;
}

std::vector<std::string> missing_translations(const Routine& routine, std::string_view language) {
  std::vector<std::string> missing;
  const auto found = routine.translations.find(std::string(language));
  const RoutineTranslation none;
  const RoutineTranslation& texts = found == routine.translations.end() ? none : found->second;
  if (!texts.title) {
    missing.emplace_back("/title");
  }
  if (!texts.description && !routine.description.empty()) {
    missing.emplace_back("/description");
  }
  if (!texts.safety) {
    missing.emplace_back("/safety");
  }
  for (std::size_t i = 0; i < routine.stretches.size(); ++i) {
    const Stretch& stretch = routine.stretches[i];
    // A stretch used by reference is translated where it is written.
    const std::string at = stretch.source.empty() ? fmt::format("/stretches/{}", i)
                                                  : fmt::format("{} ({})", stretch.source, i);
    const auto texts_of = stretch.translations.find(std::string(language));
    const StretchTranslation nothing;
    const StretchTranslation& stretch_texts =
        texts_of == stretch.translations.end() ? nothing : texts_of->second;
    if (!stretch_texts.title) {
      missing.push_back(at + "/title");
    }
    if (!stretch_texts.instructions && !stretch.instructions.empty()) {
      missing.push_back(at + "/instructions");
    }
    if (!stretch_texts.cues) {
      missing.push_back(at + "/cues");
    }
    if (!stretch_texts.halfway && !stretch.halfway.empty()) {
      missing.push_back(at + "/halfway");
    }
    if (!stretch_texts.caution && !stretch.caution.empty()) {
      missing.push_back(at + "/caution");
    }
  }
  return missing;
}

}  // namespace stretch
