#include <catch2/catch.hpp>

#include "stretch/sinks/event_lines.hpp"

using namespace stretch;

namespace {

PhaseStarted flow_phase() {
  return PhaseStarted{PhaseKind::flow, 30'000, 1, "forearm-cat-cow", "Forearm Cat-Cow", 1, 2};
}

}  // namespace

TEST_CASE("text lines: offset, event word, details") {
  CHECK(format_text_line({0, SessionStarted{"lower-back", "Lower back", 2, 175'000}}) ==
        "00:00 start lower-back 2:55 2 Lower back\n");
  CHECK(format_text_line({15'000, flow_phase()}) == "00:15 phase flow 30s 1/2 forearm-cat-cow\n");
  CHECK(format_text_line({16'500, CueShown{"Cat: lower back up", 1'500}}) ==
        "00:16 cue 1.5s Cat: lower back up\n");
  CHECK(format_text_line({0, StretchStarted{1, 2, "forearm-cat-cow", "Forearm Cat-Cow"}}) ==
        "00:00 stretch 1/2 forearm-cat-cow Forearm Cat-Cow\n");
  CHECK(format_text_line({0, InstructionShown{3, "Breathe."}}) == "00:00 instruction 3 Breathe.\n");
  CHECK(format_text_line({61'000, Paused{}}) == "01:01 pause\n");
  CHECK(format_text_line({61'000, Skipped{4'250}}) == "01:01 skip 4.25s\n");
  CHECK(format_text_line({90'000, SessionEnded{Outcome::stopped, 1, 2, 175'000, 80'000}}) ==
        "01:30 end stopped 1/2 1:20\n");
}

TEST_CASE("JSON lines: event and t first, seconds with millisecond precision") {
  CHECK(
      format_json_line({15'000, flow_phase()}) ==
      R"({"event":"phase","t":15.0,"phase":"flow","duration":30.0,"stretch":"forearm-cat-cow","round":1,"rounds":2,"side":"both"})"
      "\n");
  CHECK(format_json_line({16'501, CueShown{"Cow \"arch\"", 3'000}}) ==
        R"({"event":"cue","t":16.501,"text":"Cow \"arch\"","lang":"en","duration":3.0})"
        "\n");
  CHECK(
      format_json_line({175'000, SessionEnded{Outcome::done, 2, 2, 175'000, 175'000}}) ==
      R"({"event":"end","t":175.0,"outcome":"done","stretches_done":2,"stretches":2,"planned":175.0,"active":175.0})"
      "\n");
}
