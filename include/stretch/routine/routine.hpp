#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/time.hpp"
#include "stretch/platform/words.hpp"

namespace stretch {

// One step of a flow's repeating cycle: "Cat" for 3 s.
struct Cue {
  std::string text;
  Millis duration = 0;
  std::vector<std::string> art;  // a small drawing of the pose, one string a line
  std::string language = "en";   // of text
};

// A stretch's texts in another language. A text left out stays as
// written; the lists, when given, have one text for each original.
struct StretchTranslation {
  std::optional<std::string> title;
  std::optional<std::vector<std::string>> instructions;
  std::optional<std::vector<std::string>> cues;
  std::optional<std::string> halfway;
  std::optional<std::string> caution;
};

struct RoutineTranslation {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> safety;
};

// How the body is placed for a stretch: a session built to fit groups its
// stretches by it, so that nobody gets down to the floor and up again twice.
enum class Position { standing, seated, kneeling, lying };
// The words the routine format uses: "standing".
inline constexpr WordTable<Position, 4> position_words{{{
    {Position::standing, "standing"},
    {Position::seated, "seated"},
    {Position::kneeling, "kneeling"},
    {Position::lying, "lying"},
}}};

struct Stretch {
  std::string id;
  std::string title;
  std::vector<std::string> instructions;
  Millis setup = 0;  // time to get into position, with the instructions shown
  Millis flow = 0;   // length of each round of the cue cycle
  std::vector<Cue> cues;
  Millis rest = 0;  // between rounds
  int rounds = 1;
  bool sides = false;                // one-sided: each round's flow on the left, then the right
  Millis switch_sides = 0;           // between the two sides
  std::string halfway;               // said halfway through each flow, when not empty
  std::vector<std::string> areas;    // of the body, from body_areas
  std::optional<Position> position;  // required of the built-in routines only
  // The warning that belongs to this stretch alone ("Leave this out with
  // osteoporosis."): a session built to fit gathers those of its stretches
  // into its notice. Empty when the routine's general notice says enough.
  std::string caution;
  std::string
      source;  // "routine/id" where it was written; empty for a stretch of the routine's own
  std::map<std::string, StretchTranslation> translations;  // by language: "de"
  // The languages of the texts as they are now: "en" as written.
  std::string title_language = "en";
  std::string instructions_language = "en";
  std::string halfway_language = "en";
  std::string caution_language = "en";
};

// The body areas a stretch may name, in the order people think of them.
inline constexpr std::array<std::string_view, 13> body_areas{
    "neck", "shoulders", "upper-back", "chest",  "wrists", "forearms",  "lower-back",
    "hips", "glutes",    "hamstrings", "calves", "eyes",   "whole-body"};

// A routine as loaded and validated: pure data, no I/O after loading.
struct Routine {
  std::string name;
  std::string title;
  std::string description;
  std::string safety;
  std::vector<Stretch> stretches;
  std::map<std::string, RoutineTranslation> translations;  // by language: "de"
  std::string title_language = "en";
  std::string description_language = "en";
  std::string safety_language = "en";
};

// Every language the routine or one of its stretches has a translation in.
std::vector<std::string> routine_languages(const Routine& routine);

// The routine with each text in language where a translation has it, and
// as written otherwise; each text's language says which it is.
Routine translate(Routine routine, std::string_view language);

// The routine's texts in the language the user reads, where it has them.
Routine in_user_language(Routine routine, const Environment& environment);

// What the routine's translation into language lacks, as JSON pointers
// into the routine file's texts: "/title", "/stretches/1/cues".
std::vector<std::string> missing_translations(const Routine& routine, std::string_view language);

// How long a stretch takes: setup, each round's flow (on each side, with the
// switch between), and the rests between rounds.
Millis stretch_length(const Stretch& stretch);
Millis routine_length(const Routine& routine);

// The areas its stretches work, each once, in the order of body_areas.
std::vector<std::string> routine_areas(const Routine& routine);

// What `stretch list` shows of a routine.
struct RoutineOverview {
  std::string title;
  Millis length = 0;
  std::size_t stretches = 0;
  std::vector<std::string> areas;  // as routine_areas gives them

  bool operator==(const RoutineOverview&) const = default;
};
RoutineOverview overview_of(const Routine& routine);

// "unknown area \"nek\"; did you mean \"neck\"?" for a name that is not in
// body_areas; nothing for one that is.
std::optional<std::string> unknown_area(std::string_view name);

// "neck,shoulders" as areas; throws a usage error naming an unknown one,
// with a suggestion.
std::vector<std::string> parse_areas(std::string_view list);

}  // namespace stretch
