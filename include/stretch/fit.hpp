#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "stretch/routine.hpp"

namespace stretch {

// When each body area was last stretched, in seconds since the epoch; an
// area never stretched is absent.
using AreaRecency = std::map<std::string, std::int64_t>;

struct FitRequest {
  std::vector<std::string> areas;  // in order of importance; empty: least recently stretched first
  Millis budget = 0;               // the session lasts at most this long
};

struct FittedSession {
  Routine routine;
  std::vector<std::string> covered;   // the areas its stretches work
  std::vector<std::string> left_out;  // asked for, but nothing for them fitted
};

// A stretch's shortest form in a fitted session: one round, and a flow cut
// to no less than one full cycle of its cues or half its own flow,
// whichever is longer (never longer than its own).
Millis minimum_flow(const Stretch& stretch);

// Builds a session from the library's stretches that works the areas asked
// for and lasts at most the budget: for each area in turn, the stretch that
// also works the most other areas still open, then the shortest, then the
// first by routine and id; each in its shortest form, then given back its
// own flow and rounds while time allows. Pure and deterministic: the same
// library, recency and request give the same session. Throws a usage Error
// when not one stretch fits.
FittedSession fit_session(const std::vector<Routine>& library, const AreaRecency& recency,
                          const FitRequest& request);

// "fit-neck-shoulders": the name a fitted session goes by, and back again.
std::string fitted_name(const std::vector<std::string>& areas);
std::vector<std::string> areas_of_fitted_name(std::string_view name);

}  // namespace stretch
