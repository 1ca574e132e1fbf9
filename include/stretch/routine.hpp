#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/text.hpp"

namespace stretch {

// One step of a flow's repeating cycle: "Cat" for 3 s.
struct Cue {
  std::string text;
  Millis duration = 0;
  std::vector<std::string> art;  // a small drawing of the pose, one string a line
};

struct Stretch {
  std::string id;
  std::string title;
  std::vector<std::string> instructions;
  Millis setup = 0;  // time to get into position, with the instructions shown
  Millis flow = 0;   // length of each round of the cue cycle
  std::vector<Cue> cues;
  Millis rest = 0;  // between rounds
  int rounds = 1;
  bool sides = false;              // one-sided: each round's flow on the left, then the right
  Millis switch_sides = 0;         // between the two sides
  std::string halfway;             // said halfway through each flow, when not empty
  std::vector<std::string> areas;  // of the body, from body_areas
  std::string
      source;  // "routine/id" where it was written; empty for a stretch of the routine's own
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
};

// How long a stretch takes: setup, each round's flow (on each side, with the
// switch between), and the rests between rounds.
Millis stretch_length(const Stretch& stretch);
Millis routine_length(const Routine& routine);

// The areas its stretches work, each once, in the order of body_areas.
std::vector<std::string> routine_areas(const Routine& routine);

// "unknown area \"nek\"; did you mean \"neck\"?" for a name that is not in
// body_areas; nothing for one that is.
std::optional<std::string> unknown_area(std::string_view name);

// "neck,shoulders" as areas; throws a usage error naming an unknown one,
// with a suggestion.
std::vector<std::string> parse_areas(std::string_view list);

}  // namespace stretch
