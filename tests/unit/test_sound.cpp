#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "../scratch_dir.hpp"
#include "stretch/platform/error.hpp"
#include "stretch/sinks/sound.hpp"

using namespace stretch;
namespace fs = std::filesystem;

TEST_CASE("what is spoken for each event") {
  CHECK(spoken_text({0, CueShown{"Cat: lower back up", 3'000, {}}}) == "Cat: lower back up");
  CHECK(spoken_text({0, CountIn{2}}) == "2");
  CHECK(spoken_text({0, HalfwayReached{"Halfway"}}) == "Halfway");
  CHECK(spoken_text({0, StretchStarted{1, 2, "a", "Forearm Cat-Cow"}}) == "Forearm Cat-Cow");
  CHECK(spoken_text({0, PhaseStarted{PhaseKind::rest, 15'000, 1, "a", "A", 1, 2}}) == "Rest");
  CHECK(spoken_text({0, PhaseStarted{PhaseKind::switch_sides, 5'000, 1, "a", "A", 1, 2}}) ==
        "Switch sides");
  CHECK_FALSE(spoken_text({0, PhaseStarted{PhaseKind::flow, 5'000, 1, "a", "A", 1, 2}}));
  CHECK_FALSE(spoken_text({0, Paused{}}));
  CHECK(spoken_text({0, SessionEnded{Outcome::done, 2, 2, 1, 1}}).has_value());
  CHECK_FALSE(spoken_text({0, SessionEnded{Outcome::stopped, 1, 2, 1, 1}}).has_value());
}

TEST_CASE("a speech command splits at spaces, with quotes") {
  CHECK(split_command("espeak-ng -s 140") == std::vector<std::string>{"espeak-ng", "-s", "140"});
  CHECK(split_command("  say  -v 'Daniel Jones' ") ==
        std::vector<std::string>{"say", "-v", "Daniel Jones"});
  CHECK(split_command(R"(prog "")") == std::vector<std::string>{"prog", ""});
  CHECK_THROWS_AS(split_command("say 'open"), Error);
  CHECK_THROWS_AS(split_command("   "), Error);
}

TEST_CASE("the speech program is the first of espeak-ng, spd-say and say on PATH") {
  const ScratchDir dir("speech");
  fs::create_directories(dir / "first");
  fs::create_directories(dir / "second");
  const auto install = [&](const char* where, const char* program) {
    std::ofstream(dir / where / program) << "#!/bin/sh\n";
    fs::permissions(dir / where / program, fs::perms::owner_all);
  };
  const std::string path =
      "/nonexistent:" + (dir / "first").string() + ":" + (dir / "second").string();
  CHECK_FALSE(find_speech_program(path).has_value());
  install("second", "say");
  CHECK(find_speech_program(path) == "say");
  install("first", "spd-say");
  CHECK(find_speech_program(path) == "spd-say");
  // The order of the programs wins over the order of PATH.
  install("second", "espeak-ng");
  CHECK(find_speech_program(path) == "espeak-ng");
  CHECK_FALSE(find_speech_program("").has_value());
}

TEST_CASE("a speech program that cannot start gives one warning") {
  StringOutput warnings;
  SpeechSink speech({"/nonexistent/speaker"}, Environment{}, warnings);
  speech.on_event({0, CueShown{"Cat", 3'000, {}}});
  speech.flush();
  speech.on_event({3'000, CueShown{"Cow", 3'000, {}}});
  speech.flush();
  CHECK(warnings.text() ==
        "stretch: warning: cannot start /nonexistent/speaker to speak (No such file or "
        "directory); going on in silence\n");
}

TEST_CASE("the bell rings at each phase and at a finished end, nowhere else") {
  StringOutput terminal;
  BellSink bell(terminal);
  bell.on_event({0, CueShown{"Cat", 3'000, {}}});
  bell.on_event({0, PhaseStarted{PhaseKind::flow, 5'000, 1, "a", "A", 1, 2}});
  bell.on_event({0, SessionEnded{Outcome::stopped, 1, 2, 1, 1}});
  CHECK(terminal.text() == "\a");
  bell.on_event({0, SessionEnded{Outcome::done, 2, 2, 1, 1}});
  CHECK(terminal.text() == "\a\a");
}
