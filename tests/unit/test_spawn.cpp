#include <cerrno>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "stretch/platform/spawn.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

// The program's exit status, once it has ended.
int exit_status(pid_t pid) {
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("a program is found on the PATH it is given and sees only the environment given") {
  ScratchDir dir("spawn");
  const fs::path probe = dir.path() / "probe";
  std::ofstream(probe) << "#!/bin/sh\nprintf '%s|%s|%s' \"$1\" \"$MARK\" "
                          "\"${STRETCH_SPAWN_LEAK-unset}\" > \"$OUT\"\n";
  fs::permissions(probe, fs::perms::owner_all);
  const fs::path out = dir.path() / "out";
  // The process's own PATH does not lead to the probe, and it has a
  // variable of its own that the program must not see.
  REQUIRE(::setenv("STRETCH_SPAWN_LEAK", "leaked", 1) == 0);
  const Environment environment{
      {"PATH", "/nonexistent:" + dir.path().string()}, {"MARK", "given"}, {"OUT", out.string()}};
  const Spawned spawned = spawn({.words = {"probe", "word"}}, environment);
  ::unsetenv("STRETCH_SPAWN_LEAK");
  REQUIRE(spawned.pid > 0);
  CHECK(exit_status(spawned.pid) == 0);
  CHECK(read_file(out) == "word|given|unset");
}

TEST_CASE("a program missing from the PATH given does not start, wherever else it is") {
  const Spawned missing =
      spawn({.words = {"sh", "-c", "exit 0"}}, Environment{{"PATH", "/nonexistent"}});
  CHECK(missing.pid == -1);
  CHECK(missing.error == ENOENT);
  // With no PATH at all, the system's default directories, as execvp has.
  const Spawned found = spawn({.words = {"sh", "-c", "exit 3"}}, Environment{});
  REQUIRE(found.pid > 0);
  CHECK(exit_status(found.pid) == 3);
}

TEST_CASE("a command splits at spaces, with quotes, and its errors name where it came from") {
  CHECK(split_command("espeak-ng -s 140", "--say-cmd") ==
        std::vector<std::string>{"espeak-ng", "-s", "140"});
  CHECK(split_command("  say  -v 'Daniel Jones' ", "--say-cmd") ==
        std::vector<std::string>{"say", "-v", "Daniel Jones"});
  CHECK(split_command(R"(prog "")", "--say-cmd") == std::vector<std::string>{"prog", ""});
  CHECK_THROWS_WITH(split_command("say 'open", "--say-cmd"), "--say-cmd: unbalanced ' quote");
  CHECK_THROWS_WITH(split_command("   ", "remind.busy_command"),
                    "remind.busy_command: no program given");
}
