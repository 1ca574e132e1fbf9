#include <catch2/catch.hpp>

#include "stretch/commands.hpp"

using namespace stretch;

TEST_CASE("the routine table aligns columns and lists broken files with their error") {
  Routine routine{"lower-back", "Lower back", "", "Careful.", {}};
  routine.stretches.push_back({.id = "a",
                               .title = "A",
                               .instructions = {"Do."},
                               .setup = 10'000,
                               .flow = 30'000,
                               .cues = {{"Go", 3'000}},
                               .rest = 15'000,
                               .rounds = 2});
  const std::vector<RoutineSummary> routines{
      {{"lower-back", Origin::builtin, {}, false}, routine, {}},
      {{"mine", Origin::user, "/home/u/.config/stretch/routines/mine.json", true},
       std::nullopt,
       "mine.json:1:1: expected a value"},
  };
  CHECK(format_routine_table(routines) ==
        "NAME        STRETCHES   TIME  TITLE                                      SOURCE\n"
        "lower-back          1   1:25  Lower back                                 built-in\n"
        "mine                -      -  (broken: mine.json:1:1: expected a value)  "
        "/home/u/.config/stretch/routines/mine.json (hides another of this name)\n");
}
