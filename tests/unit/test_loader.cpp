#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "../test_paths.hpp"
#include "stretch/routine/loader.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

ExitCode exit_code_of_loading(const fs::path& path) {
  try {
    load_routine_file(path);
  } catch (const Error& error) {
    return error.code();
  }
  return ExitCode::ok;
}

std::string message_of_loading(const fs::path& path) {
  try {
    load_routine_file(path);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the lower-back routine loads as docs/routines.md describes it") {
  const Routine routine = load_routine_file(fs::path(test_paths::routines) / "lower-back.json");
  CHECK(routine.name == "lower-back");
  CHECK_FALSE(routine.safety.empty());
  REQUIRE(routine.stretches.size() == 2);
  const Stretch& cat_cow = routine.stretches[0];
  CHECK(cat_cow.title == "Forearm Cat-Cow");
  CHECK(cat_cow.flow == 30'000);
  CHECK(cat_cow.rounds == 2);
  CHECK(cat_cow.rest == 15'000);
  REQUIRE(cat_cow.cues.size() == 2);
  CHECK(cat_cow.cues[0].text.starts_with("Cat"));
  CHECK(cat_cow.cues[1].text.starts_with("Cow"));
  const Stretch& rock = routine.stretches[1];
  CHECK(rock.title == "Hand-Heel Rock");
  CHECK(rock.flow == 30'000);
  CHECK(rock.rounds == 2);
  CHECK(rock.cues[0].text.starts_with("Child's Pose"));
  CHECK(rock.cues[1].text.starts_with("Upward Dog"));
}

TEST_CASE("optional fields take their documented defaults") {
  const Routine routine =
      load_routine_file(fs::path(test_paths::fixtures) / "good" / "minimal.json");
  CHECK(routine.description.empty());
  const Stretch& stretch = routine.stretches.at(0);
  CHECK(stretch.setup == 10'000);
  CHECK(stretch.rest == 15'000);
  CHECK(stretch.rounds == 1);
  CHECK(stretch.cues.at(0).duration == 1'500);
}

TEST_CASE("a stretch's position and caution are optional, read, and written back") {
  const Routine plain = load_routine_file(fs::path(test_paths::fixtures) / "good" / "minimal.json");
  CHECK_FALSE(plain.stretches.at(0).position);
  CHECK(plain.stretches.at(0).caution.empty());
  const std::string text =
      R"({"schema": 1, "name": "k", "title": "K", "safety": "Stop if it hurts.",
    "stretches": [{"id": "lunge", "title": "Lunge", "instructions": ["Kneel."], "flow": 4,
                   "cues": [{"text": "Hold", "seconds": 4}], "position": "kneeling",
                   "caution": "Kneel on a folded towel."}]})";
  const Routine routine = parse_routine(text, "k.json");
  const Stretch& lunge = routine.stretches.at(0);
  REQUIRE(lunge.position);
  CHECK(*lunge.position == Position::kneeling);
  CHECK(lunge.caution == "Kneel on a folded towel.");
  const Routine again = parse_routine(routine_file_text(routine), "k.json");
  CHECK(again.stretches.at(0).position == Position::kneeling);
  CHECK(again.stretches.at(0).caution == "Kneel on a folded towel.");
  CHECK(position_words.word(Position::standing) == "standing");
  CHECK(position_words.word(Position::seated) == "seated");
  CHECK(position_words.word(Position::kneeling) == "kneeling");
  CHECK(position_words.word(Position::lying) == "lying");
}

TEST_CASE("every bad fixture fails with exactly its expected message") {
  int checked = 0;
  for (const auto& file : fs::directory_iterator(fs::path(test_paths::fixtures) / "bad")) {
    if (file.path().extension() != ".json") {
      continue;
    }
    fs::path expected_file = file.path();
    expected_file.replace_extension(".expected");
    std::string expected = read_file(expected_file);
    while (!expected.empty() && expected.back() == '\n') {
      expected.pop_back();
    }
    INFO(file.path().filename().string());
    try {
      parse_routine(read_file(file.path()), file.path().filename().string());
      FAIL("loaded without an error");
    } catch (const RoutineError& error) {
      CHECK(error.code() == ExitCode::data);
      CHECK(std::string(error.what()) == expected);
    }
    ++checked;
  }
  CHECK(checked >= 15);
}

TEST_CASE("every problem is reported, in file order") {
  try {
    parse_routine(R"({"schema": 1, "name": "X", "title": "", "safety": 5, "stretches": []})",
                  "inline");
    FAIL("loaded");
  } catch (const RoutineError& error) {
    REQUIRE(error.diagnostics().size() == 4);
    CHECK(error.diagnostics()[0].pointer == "/name");
    CHECK(error.diagnostics()[1].pointer == "/title");
    CHECK(error.diagnostics()[2].pointer == "/safety");
    CHECK(error.diagnostics()[3].pointer == "/stretches");
    CHECK(error.diagnostics()[3].where.column == 54);
  }
}

namespace {

// A valid routine with count unknown keys, one a line from line 3 on.
std::string routine_with_unknown_keys(std::size_t count) {
  // Each under a key long enough that a pointer per value would be costly.
  std::string text = R"({"schema": 1, "name": "x", "title": "X", "safety": "Careful.",)"
                     "\n";
  text += R"("stretches": [{"id": "s", "title": "S", "instructions": ["Move."], "flow": 30,)";
  text += R"( "cues": [{"text": "Go", "seconds": 5}]}])";
  for (std::size_t i = 0; i < count; ++i) {
    text += fmt::format(",\n\"unknown{}\": [0, 0]", i);
  }
  return text + "}";
}

}  // namespace

TEST_CASE("a file with more problems than are shown stops at the limit and says so") {
  try {
    parse_routine(routine_with_unknown_keys(max_diagnostics + 50), "many.json");
    FAIL("loaded");
  } catch (const RoutineError& error) {
    REQUIRE(error.diagnostics().size() == max_diagnostics);
    CHECK(error.diagnostics().front().where.line == 3);
    CHECK(error.diagnostics().back().where.line > error.diagnostics().front().where.line);
    const std::string message = error.what();
    CHECK(message.starts_with("many.json:3:1: /unknown"));
    CHECK(
        message.ends_with(fmt::format("\nmany.json: stopped after {} problems", max_diagnostics)));
  }
  try {
    parse_routine(routine_with_unknown_keys(max_diagnostics), "full.json");
    FAIL("loaded");
  } catch (const RoutineError& error) {
    // As many as are shown, and no more: nothing was left out.
    CHECK(error.diagnostics().size() == max_diagnostics);
    CHECK(std::string(error.what()).find("stopped") == std::string::npos);
  }
}

TEST_CASE("files that cannot be read each get their own error and exit code") {
  ScratchDir scratch;
  CHECK(exit_code_of_loading(scratch.path() / "missing.json") == ExitCode::no_input);
  CHECK(
      message_of_loading(scratch.path() / "missing.json").ends_with("missing.json: no such file"));
  CHECK(exit_code_of_loading(scratch.path()) == ExitCode::no_input);
  CHECK(message_of_loading(scratch.path()).ends_with(": is a directory, not a routine file"));

  const fs::path fifo = scratch.path() / "fifo.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(exit_code_of_loading(fifo) == ExitCode::no_input);  // and it did not wait for a writer

  const fs::path big = scratch.path() / "big.json";
  std::ofstream(big) << std::string(limits::file_bytes + 1, ' ');
  CHECK(exit_code_of_loading(big) == ExitCode::data);
  CHECK(
      message_of_loading(big).ends_with("big.json:1:1: file is 1048577 bytes; a routine may be "
                                        "at most 1048576 bytes"));

  if (::geteuid() != 0) {  // root reads any file
    const fs::path locked = scratch.path() / "locked.json";
    std::ofstream(locked) << "{}";
    fs::permissions(locked, fs::perms::none);
    CHECK(exit_code_of_loading(locked) == ExitCode::io);
  }
}

TEST_CASE("data/routine.schema.json holds the loader's limits, number for number") {
  std::ifstream in(std::filesystem::path(test_paths::routines) / ".." / "routine.schema.json");
  const nlohmann::json schema = nlohmann::json::parse(in);
  const nlohmann::json& routine = schema.at("properties");
  const nlohmann::json& stretch = schema.at("$defs").at("stretch").at("properties");
  const nlohmann::json& cue = stretch.at("cues").at("items").at("properties");
  const auto range = [](const nlohmann::json& field) {
    return limits::Seconds{field.at("minimum").get<double>(), field.at("maximum").get<double>()};
  };
  const auto same = [](limits::Seconds a, limits::Seconds b) {
    return a.min == b.min && a.max == b.max;
  };
  CHECK(routine.at("schema").at("const") == limits::schema_version);
  CHECK(schema.at("$defs").at("name").at("maxLength") == limits::name);
  CHECK(routine.at("title").at("maxLength") == limits::title);
  CHECK(routine.at("description").at("maxLength") == limits::description);
  CHECK(routine.at("safety").at("maxLength") == limits::safety);
  CHECK(routine.at("stretches").at("maxItems") == limits::stretches);
  CHECK(stretch.at("id").at("maxLength") == limits::id);
  CHECK(stretch.at("title").at("maxLength") == limits::title);
  CHECK(stretch.at("instructions").at("maxItems") == limits::instructions);
  CHECK(stretch.at("instructions").at("items").at("maxLength") == limits::instruction);
  CHECK(stretch.at("cues").at("maxItems") == limits::cues);
  CHECK(stretch.at("halfway").at("maxLength") == limits::cue_text);
  CHECK(stretch.at("caution").at("maxLength") == limits::caution);
  CHECK(
      schema.at("$defs").at("stretchTranslation").at("properties").at("caution").at("maxLength") ==
      limits::caution);
  const auto words = position_words.words();
  CHECK(stretch.at("position").at("enum") == std::vector<std::string>(words.begin(), words.end()));
  CHECK(stretch.at("rounds").at("maximum") == limits::rounds);
  CHECK(same(range(stretch.at("setup")), limits::setup));
  CHECK(same(range(stretch.at("flow")), limits::flow));
  CHECK(same(range(stretch.at("rest")), limits::rest));
  CHECK(same(range(stretch.at("switch")), limits::switch_sides));
  CHECK(stretch.at("setup").at("default").get<double>() * 1000 == limits::default_setup);
  CHECK(stretch.at("rest").at("default").get<double>() * 1000 == limits::default_rest);
  CHECK(stretch.at("switch").at("default").get<double>() * 1000 == limits::default_switch);
  CHECK(cue.at("text").at("maxLength") == limits::cue_text);
  CHECK(same(range(cue.at("seconds")), limits::cue));
  CHECK(cue.at("art").at("maxItems") == limits::art_lines);
  CHECK(cue.at("art").at("items").at("maxLength") == limits::art_width);
  const nlohmann::json& areas = stretch.at("areas");
  CHECK(areas.at("maxItems") == body_areas.size());
  CHECK(areas.at("items").at("enum") ==
        std::vector<std::string>(body_areas.begin(), body_areas.end()));
  const nlohmann::json& reference = schema.at("$defs").at("reference").at("properties");
  for (const char* timing : {"setup", "flow", "rest", "rounds", "switch"}) {
    CHECK(reference.at(timing) == stretch.at(timing));
  }
}
