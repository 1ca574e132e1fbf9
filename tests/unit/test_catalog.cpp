#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "../test_paths.hpp"
#include "stretch/platform/error.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/routine/catalog.hpp"
#include "stretch/routine/loader.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

// Two directories of routine files, as STRETCH_PATH and the user's own.
class RoutineDirs {
 public:
  RoutineDirs() {
    fs::create_directories(root_ / "path");
    fs::create_directories(root_ / "user");
  }

  fs::path add(const std::string& dir, const std::string& file, const std::string& name) {
    const fs::path path = root_ / dir / file;
    std::ofstream(path) << R"({"schema": 1, "name": ")" << name
                        << R"(", "title": "T", "safety": "Careful.", "stretches": [{"id": "a",
        "title": "A", "instructions": ["Do."], "flow": 10, "cues": [{"text": "Go", "seconds": 5}]}]})";
    return path;
  }
  // A routine whose one stretch is used from another: {"use": use}.
  fs::path add_user_of(const std::string& name, const std::string& use,
                       const std::string& timings = "") {
    const fs::path path = root_ / "user" / (name + ".json");
    std::ofstream(path) << R"({"schema": 1, "name": ")" << name
                        << R"(", "title": "T", "safety": "Careful.", "stretches": [
        {"use": ")" << use
                        << "\"" << timings << "}]}";
    return path;
  }
  SearchDirs dirs() const { return {{root_ / "path"}, root_ / "user"}; }

 private:
  ScratchDir root_{"catalog"};
};

}  // namespace

TEST_CASE("the search order: STRETCH_PATH, then the user's routines, then the built-ins") {
  RoutineDirs dirs;
  dirs.add("path", "lower-back.json", "lower-back");
  dirs.add("user", "lower-back.json", "lower-back");
  dirs.add("user", "mine.json", "mine");
  dirs.add("user", "Not A Name.json", "x");
  dirs.add("user", "notes.txt", "x");
  const std::vector<RoutineEntry> entries = list_routines(dirs.dirs());
  const auto entry = [&](const std::string& name) {
    const auto found = std::find_if(entries.begin(), entries.end(),
                                    [&](const RoutineEntry& e) { return e.name == name; });
    REQUIRE(found != entries.end());
    return *found;
  };
  CHECK(entry("lower-back").origin == Origin::search_path);
  CHECK(entry("lower-back").hides_another);
  CHECK(entry("mine").origin == Origin::user);
  CHECK_FALSE(entry("mine").hides_another);
  CHECK(entry("desk-break").origin == Origin::builtin);
  CHECK(
      std::is_sorted(entries.begin(), entries.end(),
                     [](const RoutineEntry& a, const RoutineEntry& b) { return a.name < b.name; }));
  CHECK(std::none_of(entries.begin(), entries.end(), [](const RoutineEntry& e) {
    return e.name == "notes" || e.name == "Not A Name";
  }));
  CHECK(find_routine("mine", dirs.dirs()).routine.title == "T");
  CHECK(find_routine("lower-back", dirs.dirs()).entry.origin == Origin::search_path);
}

TEST_CASE("a routine by path, and the names that are not routines") {
  RoutineDirs dirs;
  const fs::path file = dirs.add("path", "elsewhere.json", "elsewhere");
  const FoundRoutine found = find_routine(file.string(), SearchDirs{});
  CHECK(found.entry.origin == Origin::file);
  CHECK(found.entry.file == file);
  const auto error_of = [&](const std::string& name) -> std::pair<ExitCode, std::string> {
    try {
      find_routine(name, dirs.dirs());
    } catch (const Error& error) {
      return {error.code(), error.what()};
    }
    return {ExitCode::ok, ""};
  };
  CHECK(error_of("lower-bak") ==
        std::pair{ExitCode::no_input,
                  std::string("no routine named \"lower-bak\"; did you mean \"lower-back\"?")});
  CHECK(error_of("zzzzzz").second ==
        "no routine named \"zzzzzz\"; `stretch list` shows the routines there are");
  CHECK(error_of("../etc/passwd").first == ExitCode::usage);
  CHECK(error_of("/nonexistent/x.json").first == ExitCode::no_input);
}

TEST_CASE("origins have the names list prints") {
  CHECK(origin_name(Origin::builtin) == "built-in");
  CHECK(origin_name(Origin::search_path) == "STRETCH_PATH");
  CHECK(origin_name(Origin::user) == "user");
  CHECK(origin_name(Origin::file) == "file");
}

namespace {

// The first problem of a routine that does not load, as validate prints it.
std::string problem_loading(const std::string& name, const SearchDirs& dirs) {
  try {
    find_routine(name, dirs);
  } catch (const RoutineError& error) {
    return format_diagnostic(fs::path(error.source()).filename().string(),
                             error.diagnostics().front());
  }
  return "loads";
}

}  // namespace

TEST_CASE("a stretch used by reference keeps its texts and takes only the timings given") {
  RoutineDirs dirs;
  dirs.add_user_of("quick", "lower-back/hand-heel-rock", R"(, "flow": 20, "rounds": 1)");
  const Routine quick = find_routine("quick", dirs.dirs()).routine;
  const Routine original = find_routine("lower-back", SearchDirs{}).routine;
  REQUIRE(quick.stretches.size() == 1);
  const Stretch& used = quick.stretches[0];
  const Stretch& source = original.stretches[1];
  CHECK(used.id == "hand-heel-rock");
  CHECK(used.title == source.title);
  CHECK(used.instructions == source.instructions);
  CHECK(used.cues.size() == source.cues.size());
  CHECK(used.areas == source.areas);
  CHECK(used.position == source.position);
  CHECK_FALSE(source.caution.empty());
  CHECK(used.caution == source.caution);
  CHECK(translate(quick, "de").stretches[0].caution ==
        translate(original, "de").stretches[1].caution);
  CHECK(translate(quick, "de").stretches[0].caution_language == "de");
  CHECK(used.flow == 20'000);
  CHECK(used.rounds == 1);
  CHECK(used.setup == source.setup);  // not given: the original's
  CHECK(used.source == "lower-back/hand-heel-rock");
  // The built-in lower-back-quick is made of references only.
  const Routine builtin_quick = find_routine("lower-back-quick", SearchDirs{}).routine;
  CHECK(builtin_quick.stretches[0].instructions == original.stretches[0].instructions);
}

TEST_CASE("references that fail name the file, line and column, and why") {
  RoutineDirs dirs;
  dirs.add_user_of("no-routine", "lower-bak/hand-heel-rock");
  CHECK(problem_loading("no-routine", dirs.dirs()) ==
        "no-routine.json:2:10: /stretches/0/use: no routine named \"lower-bak\"; did you mean "
        "\"lower-back\"?");
  dirs.add_user_of("no-stretch", "lower-back/hand-heel-roc");
  CHECK(problem_loading("no-stretch", dirs.dirs()) ==
        "no-stretch.json:2:10: /stretches/0/use: routine \"lower-back\" has no stretch "
        "\"hand-heel-roc\"; did you mean \"hand-heel-rock\"?");
  dirs.add_user_of("not-a-reference", "lower-back");
  CHECK(problem_loading("not-a-reference", dirs.dirs()) ==
        "not-a-reference.json:2:10: /stretches/0/use: \"lower-back\" is not a reference like "
        "\"lower-back/hand-heel-rock\"");
  dirs.add_user_of("myself", "myself/a");
  CHECK(problem_loading("myself", dirs.dirs()) ==
        "myself.json:2:10: /stretches/0/use: \"myself/a\" goes round in a cycle: myself → myself");
  dirs.add_user_of("ping", "pong/a");
  dirs.add_user_of("pong", "ping/a");
  const std::string cycle = problem_loading("ping", dirs.dirs());
  CHECK(cycle.starts_with("ping.json:2:10: /stretches/0/use: routine \"pong\" does not load: "));
  CHECK(cycle.ends_with(
      "pong.json:2:10: /stretches/0/use: \"ping/a\" goes round in a cycle: ping → pong → ping"));
  dirs.add_user_of("one", "two/a");
  dirs.add_user_of("two", "three/a");
  dirs.add_user_of("three", "four/a");
  dirs.add_user_of("four", "five/a");
  dirs.add("user", "five.json", "five");
  const std::string deep = problem_loading("one", dirs.dirs());
  CHECK(
      deep.ends_with("stretches used from other routines nest more than 3 deep: one → two → "
                     "three → four → five"));
  CHECK(problem_loading("two", dirs.dirs()) == "loads");  // three levels are fine
  dirs.add_user_of("timed", "lower-back/hand-heel-rock", R"(, "title": "Mine")");
  CHECK(problem_loading("timed", dirs.dirs()) ==
        "timed.json:2:46: /stretches/0/title: unknown field \"title\"; expected one of: "
        "$comment, use, setup, flow, rest, rounds, switch");
}

namespace {

enum class SideNamed { none, left, right };

// The words for the left and the right side in the languages the built-in
// routines ship in. Spanish texts say "recto" for straight, so that
// "derecho" always names the side.
SideNamed side_of_word(const std::string& word) {
  static const std::set<std::string> left{"left",      "links",      "linke",     "linken",
                                          "linker",    "linkes",     "linkem",    "izquierdo",
                                          "izquierda", "izquierdos", "izquierdas"};
  static const std::set<std::string> right{"right",   "rechts",   "rechte",  "rechten",
                                           "rechter", "rechtes",  "rechtem", "derecho",
                                           "derecha", "derechos", "derechas"};
  if (left.contains(word)) {
    return SideNamed::left;
  }
  if (right.contains(word)) {
    return SideNamed::right;
  }
  return SideNamed::none;
}

// The first side a text names, reading its words in order: a word is a run
// of letters (any byte of a multibyte character counts as one), lower-cased.
SideNamed first_side_named(const std::string& text) {
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    if (std::isalpha(c) != 0 || c >= 0x80) {
      word += static_cast<char>(std::tolower(c));
      continue;
    }
    if (const SideNamed side = side_of_word(word); side != SideNamed::none) {
      return side;
    }
    word.clear();
  }
  return SideNamed::none;
}

}  // namespace

TEST_CASE("one-sided built-in stretches name the left side first, or no side, in every language") {
  // The player always does the left side first. The instructions are shown
  // once, before it, so they may name the left side and then the right. The
  // cues and the halfway line are said on both sides, so they name neither.
  std::size_t one_sided = 0;
  for (const RoutineEntry& entry : list_routines(SearchDirs{})) {
    const Routine original = load_entry(entry, SearchDirs{});
    for (const std::string language : {"en", "de", "es"}) {
      const Routine routine = language == "en" ? original : translate(original, language);
      for (const Stretch& stretch : routine.stretches) {
        if (!stretch.sides) {
          continue;
        }
        ++one_sided;
        INFO(routine.name << "/" << stretch.id << " in " << language);
        std::string instructions;
        for (const std::string& instruction : stretch.instructions) {
          instructions += instruction + " ";
        }
        INFO("instructions: " << instructions);
        CHECK(first_side_named(instructions) != SideNamed::right);
        for (const Cue& cue : stretch.cues) {
          INFO("cue: " << cue.text);
          CHECK(first_side_named(cue.text) == SideNamed::none);
        }
        INFO("halfway: " << stretch.halfway);
        CHECK(first_side_named(stretch.halfway) == SideNamed::none);
      }
    }
  }
  CHECK(one_sided > 0);
}

TEST_CASE("the side a text names first") {
  CHECK(first_side_named("Tilt your right ear. After the right side, tilt to the left.") ==
        SideNamed::right);
  CHECK(first_side_named("Kneel on your left knee, right foot in front.") == SideNamed::left);
  CHECK(first_side_named("Stand upright, bright and alert.") == SideNamed::none);
  CHECK(first_side_named("Steh aufrecht. Neig das rechte Ohr, dann links.") == SideNamed::right);
  CHECK(first_side_named("Da un paso con el pie derecho, talón izquierdo arriba.") ==
        SideNamed::right);
  CHECK(first_side_named("Arrodíllate sobre la rodilla izquierda.") == SideNamed::left);
}

TEST_CASE("every built-in stretch's flow is a whole number of its cue cycles") {
  // A cycle that does not divide the flow ends each round on a cue cut short.
  for (const RoutineEntry& entry : list_routines(SearchDirs{})) {
    for (const Stretch& stretch : load_entry(entry, SearchDirs{}).stretches) {
      Millis cycle = 0;
      for (const Cue& cue : stretch.cues) {
        cycle += cue.duration;
      }
      INFO(entry.name << "/" << stretch.id << ": flow " << stretch.flow << " ms, cycle " << cycle
                      << " ms");
      REQUIRE(cycle > 0);
      CHECK(stretch.flow % cycle == 0);
    }
  }
}

TEST_CASE("every built-in stretch says how the body is placed for it") {
  // Sessions built to fit the time order their stretches by position.
  std::size_t stretches = 0;
  for (const RoutineEntry& entry : list_routines(SearchDirs{})) {
    for (const Stretch& stretch : load_entry(entry, SearchDirs{}).stretches) {
      INFO(entry.name << "/" << stretch.id);
      CHECK(stretch.position.has_value());
      ++stretches;
    }
  }
  CHECK(stretches > 0);
}

TEST_CASE("the built-in library writes each exercise once and uses it elsewhere") {
  // One id and one text per exercise: a routine that repeats a stretch of
  // another takes it with {"use": ...}, so no two stretches written out in
  // full share an id, or a title in any language, and a session built to fit
  // cannot hold one exercise twice under two names.
  std::map<std::string, std::string> where_id;
  std::map<std::string, std::string> where_title;
  std::size_t used = 0;
  for (const RoutineEntry& entry : list_routines(SearchDirs{})) {
    const Routine original = load_entry(entry, SearchDirs{});
    for (const std::string language : {"en", "de", "es"}) {
      const Routine routine = language == "en" ? original : translate(original, language);
      for (const Stretch& stretch : routine.stretches) {
        if (!stretch.source.empty()) {
          if (language == "en") {
            ++used;
          }
          continue;
        }
        const std::string here = entry.name + "/" + stretch.id;
        INFO(here << " in " << language);
        if (language == "en") {
          const auto [id, new_id] = where_id.emplace(stretch.id, here);
          INFO("id also written out in full at " << id->second);
          CHECK(new_id);
        }
        const auto [title, new_title] = where_title.emplace(language + ": " + stretch.title, here);
        INFO("title \"" << stretch.title << "\" also at " << title->second);
        CHECK(new_title);
      }
    }
  }
  CHECK(used >= 4);
}

TEST_CASE("docs/routines.md's translation example quotes lower-back.json as it is") {
  // The example leaves texts out as "...", but what it shows is the file's.
  const std::string doc = read_file(fs::path(test_paths::docs) / "routines.md");
  const std::string file = read_file(fs::path(test_paths::routines) / "lower-back.json");
  const std::size_t section = doc.find("## Translations");
  REQUIRE(section != std::string::npos);
  const std::size_t start = doc.find("```json", section);
  const std::size_t end = doc.find("```", start + 7);
  REQUIRE(end != std::string::npos);
  const std::string example = doc.substr(start, end - start);
  std::size_t quoted = 0;
  for (std::size_t at = example.find('"'); at != std::string::npos;) {
    const std::size_t close = example.find('"', at + 1);
    REQUIRE(close != std::string::npos);
    const std::string literal = example.substr(at, close - at + 1);
    if (literal != "\"...\"") {
      INFO(literal);
      CHECK(file.find(literal) != std::string::npos);
      ++quoted;
    }
    at = example.find('"', close + 1);
  }
  CHECK(quoted > 10);
}

TEST_CASE("docs/routines.md lists every built-in routine with its length and areas") {
  const std::string doc = read_file(fs::path(test_paths::docs) / "routines.md");
  for (const RoutineEntry& entry : list_routines(SearchDirs{})) {
    const Routine routine = load_entry(entry, SearchDirs{});
    INFO(entry.name);
    const std::size_t row =
        doc.find("| `" + entry.name + "` | " + format_duration(routine_length(routine)) + " |");
    REQUIRE(row != std::string::npos);
    std::string areas;
    for (const std::string& area : routine_areas(routine)) {
      areas += (areas.empty() ? "" : ", ") + area;
    }
    const std::string line = doc.substr(row, doc.find('\n', row) - row);
    CHECK(line.ends_with("| " + areas + " |"));
  }
}
