#pragma once

#include <cstddef>

#include "stretch/platform/time.hpp"

// Every limit of the routine format, in one place: the loader checks them,
// the command-line overrides share them, and a unit test holds
// data/routine.schema.json to the same numbers.
namespace stretch::limits {

inline constexpr int schema_version = 1;
inline constexpr std::size_t file_bytes = std::size_t{1024} * 1024;
inline constexpr Millis routine_length = Millis{4} * 3600 * 1000;

// Lengths of text, in characters.
inline constexpr std::size_t name = 64;
inline constexpr std::size_t id = 40;
inline constexpr std::size_t title = 60;
inline constexpr std::size_t description = 600;
inline constexpr std::size_t safety = 800;
inline constexpr std::size_t instruction = 300;
inline constexpr std::size_t caution = 300;
inline constexpr std::size_t cue_text = 40;  // and a stretch's halfway cue
inline constexpr std::size_t art_width = 24;

// Counts of items.
inline constexpr std::size_t stretches = 50;
inline constexpr std::size_t instructions = 12;
inline constexpr std::size_t cues = 20;
inline constexpr std::size_t art_lines = 6;
inline constexpr int rounds = 10;
// A stretch used by reference may itself be one, this many levels deep.
inline constexpr std::size_t reference_depth = 3;

struct Seconds {
  double min;
  double max;
};
inline constexpr Seconds setup{0, 300};
inline constexpr Seconds flow{1, 1800};
inline constexpr Seconds rest{0, 600};
inline constexpr Seconds cue{0.5, 300};
inline constexpr Seconds switch_sides{0, 60};

// Chosen by the project where a file says nothing.
inline constexpr Millis default_setup = 10'000;
inline constexpr Millis default_rest = 15'000;
inline constexpr Millis default_switch = 5'000;

}  // namespace stretch::limits
