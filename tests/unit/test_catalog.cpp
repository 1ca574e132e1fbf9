#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "stretch/catalog.hpp"
#include "stretch/error.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

// Two directories of routine files, as STRETCH_PATH and the user's own.
class RoutineDirs {
 public:
  RoutineDirs()
      : root_(fs::temp_directory_path() / ("stretch-catalog-" + std::to_string(::getpid()))) {
    fs::create_directories(root_ / "path");
    fs::create_directories(root_ / "user");
  }
  ~RoutineDirs() { fs::remove_all(root_); }
  RoutineDirs(const RoutineDirs&) = delete;
  RoutineDirs& operator=(const RoutineDirs&) = delete;

  fs::path add(const std::string& dir, const std::string& file, const std::string& name) {
    const fs::path path = root_ / dir / file;
    std::ofstream(path) << R"({"schema": 1, "name": ")" << name
                        << R"(", "title": "T", "safety": "Careful.", "stretches": [{"id": "a",
        "title": "A", "instructions": ["Do."], "flow": 10, "cues": [{"text": "Go", "seconds": 5}]}]})";
    return path;
  }
  SearchDirs dirs() const { return {{root_ / "path"}, root_ / "user"}; }

 private:
  fs::path root_;
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
