#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stretch/commands.hpp"
#include "stretch/error.hpp"
#include "stretch/output.hpp"

namespace stretch {
namespace {

// The routine `new` writes: every feature of the format, each explained.
std::string starter_routine(const std::string& name) {
  return fmt::format(R"json({{
  "$comment": "A routine of your own. Change anything, check it with `stretch validate FILE`, run it with `stretch start {0}`. The format is described in docs/routines.md; every \"$comment\" field is ignored.",
  "schema": 1,
  "name": "{0}",
  "title": "My break",
  "description": "Two standing stretches for a short break from the desk.",
  "safety": "Stop if anything hurts, and move only within a comfortable range.",
  "stretches": [
    {{
      "$comment": "Each stretch: time to get into position while the instructions are shown (setup), then rounds of a flow with repeating cues, with a rest between rounds.",
      "id": "reach-up",
      "title": "Reach up",
      "instructions": [
        "Stand with your feet under your hips.",
        "Lift both arms overhead and reach toward the ceiling, then let them float down."
      ],
      "setup": 10,
      "flow": 30,
      "cues": [
        {{ "text": "Reach up", "seconds": 3 }},
        {{ "text": "Arms down", "seconds": 3 }}
      ],
      "rest": 10,
      "rounds": 2
    }},
    {{
      "$comment": "A one-sided stretch: each round is done on the left, then on the right.",
      "id": "side-bend",
      "title": "Side bend",
      "instructions": [
        "Stand tall with one arm raised.",
        "Lean gently away from the raised arm and come back up."
      ],
      "setup": 10,
      "flow": 20,
      "cues": [
        {{ "text": "Lean over", "seconds": 4 }},
        {{ "text": "Come back up", "seconds": 4 }}
      ],
      "sides": true,
      "switch": 5,
      "halfway": "Halfway: keep breathing",
      "rounds": 1
    }}
  ]
}}
)json",
                     name);
}

}  // namespace

CLI::App* add_new_command(CLI::App& app, NewOptions& options) {
  CLI::App* command =
      app.add_subcommand("new", "Write a starter routine to edit, in the user routine directory");
  command->add_option("name", options.name, "Name of the new routine (a-z, 0-9 and -)")->required();
  return command;
}

namespace {

[[noreturn]] void throw_cannot_create(const std::filesystem::path& path, int error) {
  throw Error(
      ExitCode::cannot_create,
      fmt::format("cannot write {}: {}", quote_untrusted(path.string()), std::strerror(error)));
}

// Writes text to path only if path does not exist, and never leaves a
// partial file under that name: the text goes to a temporary file first,
// which is then linked into place (link() refuses an existing name).
void write_new_file(const std::filesystem::path& path, const std::string& text) {
  std::string temporary = (path.parent_path() / ".stretch-new-XXXXXX").string();
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    throw_cannot_create(path, errno);
  }
  // mkstemp makes the file private; a routine is as readable as any file
  // the user creates.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  FileOutput output(fd);
  try {
    output.write(text);
  } catch (const Error&) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  const int linked = synced ? ::link(temporary.c_str(), path.c_str()) : -1;
  const int error = errno;
  ::unlink(temporary.c_str());
  if (linked != 0 && error == EEXIST) {
    throw Error(ExitCode::cannot_create, fmt::format("{} already exists; not overwriting it",
                                                     quote_untrusted(path.string())));
  }
  if (linked != 0) {
    throw_cannot_create(path, error);
  }
}

}  // namespace

int run_new(const NewOptions& options) {
  if (!is_routine_name(options.name)) {
    throw Error(ExitCode::usage, fmt::format("\"{}\" is not a routine name: use a-z, 0-9 and -",
                                             quote_untrusted(options.name)));
  }
  const SearchDirs dirs = SearchDirs::from_environment();
  if (!dirs.user_dir) {
    throw Error(ExitCode::usage, "neither XDG_CONFIG_HOME nor HOME is set to an absolute path");
  }
  std::error_code error;
  std::filesystem::create_directories(*dirs.user_dir, error);
  if (error) {
    throw_cannot_create(*dirs.user_dir, error.value());
  }
  const std::filesystem::path path = *dirs.user_dir / (options.name + ".json");
  write_new_file(path, starter_routine(options.name));
  FileOutput(STDOUT_FILENO)
      .write(fmt::format("Wrote {}\nEdit it, check it with `stretch validate {}`, and run it with "
                         "`stretch start {}`.\n",
                         quote_untrusted(path.string()), quote_untrusted(path.string()),
                         options.name));
  return 0;
}

}  // namespace stretch
