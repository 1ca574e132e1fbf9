#pragma once

#include <cstdint>
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

struct FitRequest {
  std::vector<std::string> areas;  // in order of importance; empty: least recently stretched first
  Millis budget = 0;               // the session lasts at most this long
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
// to no less than one full cycle of its cues or half its own flow,
// whichever is longer (never longer than its own).
Millis minimum_flow(const Stretch& stretch);

// The most rounds a fitted session gives a stretch: its own, and at least a
// second round.
int most_rounds(const Stretch& stretch);

// Builds a session from the library's stretches that works the areas asked
// for (all of them when none are) and lasts at most the budget, and at
// least a minute less unless the library has too little for those areas.
// First, for each area in turn, the stretch that also works the most other
// areas still open, then the shortest, then the first by routine and id.
// Then the other stretches for those areas, least recently stretched first,
// while they fit in their shortest form; one stretch per id. Then time
// left goes back to their flows, up to their own, and last to more rounds,
// up to most_rounds(): while those fit at full flows, or while the session
// would otherwise end short, with the flows cut again to make room. Pure
// and deterministic: the same library, recency and request give the same
// session. Throws a usage Error when not one stretch fits.
FittedSession fit_session(const std::vector<Routine>& library, const Recency& recency,
                          const FitRequest& request);

// "fit-neck-shoulders": the name a fitted session goes by, and back again.
std::string fitted_name(const std::vector<std::string>& areas);
std::vector<std::string> areas_of_fitted_name(std::string_view name);

}  // namespace stretch
