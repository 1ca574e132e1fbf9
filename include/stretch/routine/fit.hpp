#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "stretch/routine/routine.hpp"

namespace stretch {

// When each body area was last stretched, in seconds since the epoch; an
// area never stretched is absent.
using AreaRecency = std::map<std::string, std::int64_t>;

// What the history says was stretched when: each body area, and each
// stretch by its id (the same id in two routines is the same movement).
struct Recency {
  AreaRecency areas;
  std::map<std::string, std::int64_t> stretches;
};

// Whether a notice and the first stretch's instructions can be read
// together on the first screen.
using FirstScreenFits =
    std::function<bool(const std::string& notice, const std::vector<std::string>& instructions)>;

struct FitRequest {
  std::vector<std::string> areas;  // in order of importance; empty: least recently stretched first
  Millis budget = 0;               // the session lasts at most this long
  FirstScreenFits first_screen_fits;  // empty: any notice fits
};

struct FittedSession {
  Routine routine;
  std::vector<std::string> covered;   // the areas its stretches work
  std::vector<std::string> left_out;  // asked for, but nothing for them fitted
  // Empty, or when the session lasts more than a minute less than the
  // budget: by how much and why, one line for a warning.
  std::string shortfall;
};

// How short of its budget a fitted session may end without a word.
inline constexpr Millis fit_tolerance = 60'000;

// A stretch's shortest form in a fitted session: one round, and a flow cut
// by whole cycles of its cues to no less than one cycle or half its own
// flow, whichever is longer; its own flow when its text names that length
// ("the whole 20 seconds"). A fitted flow is always a whole number of
// cycles, or the stretch's own.
Millis minimum_flow(const Stretch& stretch);

// The most rounds a fitted session gives a stretch: its own, and at least a
// second round.
int most_rounds(const Stretch& stretch);

// Builds a session from the library's stretches that works the areas asked
// for and lasts at most the budget, and at least a minute less unless the
// library has too little for those areas. With no areas asked for it works
// a few, least recently stretched first (neck, shoulders, upper back and
// lower back when the history cannot tell): four up to ten minutes, one
// more for every five minutes after, more only where the session would
// otherwise end short.
// First, for each area in turn, the stretch that also works the most other
// areas still open, then the shortest, then the first by routine and id.
// Then the other stretches for those areas, least recently stretched first,
// while they fit in their shortest form; one stretch per id. Then time
// left goes back to their flows, a cue cycle at a time up to their own, and
// last to more rounds, up to most_rounds(): while those fit at full flows,
// or while the session would otherwise end short, with the flows cut again
// to make room. The stretches rise from the floor (lying, kneeling, seated,
// standing); after one on the floor the next setup gives at least 12 s and
// says to get up slowly. The notice is composed: the doctor line once, stop
// if it hurts, and the cautions of the stretches in it; when those would
// not fit on the first screen with the first instructions, each caution is
// given at its own stretch instead, as the last of its instructions, where
// it is also heard when it applies. Every setup lasts
// at least as long as reading its title and instructions takes at 240
// words a minute, the first's with the notice. Pure and deterministic: the
// same library, recency and request give the same session. Throws a usage
// Error when not one stretch fits.
FittedSession fit_session(const std::vector<Routine>& library, const Recency& recency,
                          const FitRequest& request);

// "fit-5m": the short, stable name a session built to fit goes by.
std::string fitted_name(Millis budget);
// The areas of a session built to fit before its name was fitted_name's,
// "fit-neck-shoulders", so that old history still counts; none for another
// name.
std::vector<std::string> areas_of_fitted_name(std::string_view name);

// A body area as people read it, in their language: "lower back".
std::string area_display_name(std::string_view area);

}  // namespace stretch
