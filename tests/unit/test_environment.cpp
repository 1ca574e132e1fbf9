#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../scratch_dir.hpp"
#include "stretch/platform/environment.hpp"
#include "stretch/sinks/sound.hpp"

using namespace stretch;
namespace fs = std::filesystem;

TEST_CASE("the environment is read from an environ array, set and empty apart") {
  const char* const variables[] = {"HOME=/home/u", "EMPTY=", "EQUALS=a=b", "JUNK", nullptr};
  const Environment environment = Environment::from(variables);
  CHECK(environment.get("HOME") == "/home/u");
  CHECK(environment.get("EQUALS") == "a=b");
  CHECK(environment.get("EMPTY") == "");
  CHECK_FALSE(environment.non_empty("EMPTY").has_value());
  CHECK_FALSE(environment.get("JUNK").has_value());
  CHECK_FALSE(environment.get("PATH").has_value());
}

TEST_CASE("path lists split at colons and leave out empty entries") {
  CHECK(split_path_list("/a::/b/c:") == std::vector<fs::path>{"/a", "/b/c"});
  CHECK(split_path_list("").empty());
  CHECK(split_path_list(":").empty());
}

TEST_CASE("paths follow the XDG rules: an absolute XDG_* wins, else HOME, else none") {
  const Paths from_home = Paths::from(Environment({{"HOME", "/home/u"}}));
  CHECK(from_home.user_routines() == fs::path("/home/u/.config/stretch/routines"));
  CHECK(from_home.history_file() == fs::path("/home/u/.local/state/stretch/history.jsonl"));
  CHECK(from_home.resume_file() == fs::path("/home/u/.local/state/stretch/resume.json"));
  const Paths from_xdg = Paths::from(Environment(
      {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/cfg"}, {"XDG_STATE_HOME", "/state"}}));
  CHECK(from_xdg.config_dir == fs::path("/cfg/stretch"));
  CHECK(from_xdg.state_dir == fs::path("/state/stretch"));
  // A relative value is ignored, as the XDG rules say.
  const Paths relative = Paths::from(Environment({{"HOME", "/home/u"}, {"XDG_STATE_HOME", "s"}}));
  CHECK(relative.state_dir == fs::path("/home/u/.local/state/stretch"));
  const Paths none = Paths::from(Environment({{"HOME", "relative"}}));
  CHECK_FALSE(none.config_dir.has_value());
  CHECK_FALSE(none.history_file().has_value());
  CHECK_FALSE(none.session_status_file().has_value());
}

TEST_CASE("what runs now is kept in XDG_RUNTIME_DIR, else with the state") {
  const Paths runtime =
      Paths::from(Environment({{"HOME", "/home/u"}, {"XDG_RUNTIME_DIR", "/run/user/1000"}}));
  CHECK(runtime.runtime_dir == fs::path("/run/user/1000/stretch"));
  CHECK(runtime.session_status_file() == fs::path("/run/user/1000/stretch/session.json"));
  const Paths relative =
      Paths::from(Environment({{"HOME", "/home/u"}, {"XDG_RUNTIME_DIR", "run"}}));
  CHECK(relative.runtime_dir == fs::path("/home/u/.local/state/stretch"));
}

TEST_CASE("a program is found on PATH only where it is executable") {
  const ScratchDir dir;
  fs::create_directories(dir / "bin");
  std::ofstream(dir / "bin" / "spd-say") << "#!/bin/sh\n";
  std::ofstream(dir / "bin" / "say") << "#!/bin/sh\n";
  ::chmod((dir / "bin" / "say").c_str(), 0755);
  const std::string path = "/nonexistent:" + (dir / "bin").string();
  CHECK(is_on_path("say", path));
  CHECK_FALSE(is_on_path("spd-say", path));  // there, but not executable
  CHECK(find_speech_program(path) == "say");
}
