#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "stretch/platform/environment.hpp"
#include "stretch/routine/routine.hpp"

namespace stretch {

// Where a routine came from, in the order that lookups try them.
enum class Origin {
  file,         // a path given on the command line
  search_path,  // a directory in STRETCH_PATH
  user,         // $XDG_CONFIG_HOME/stretch/routines
  builtin,      // compiled into the binary
  fitted,       // built from the library to fit the time (start --minutes)
};

std::string_view origin_name(Origin origin);

// The directories searched, first match wins; built-ins come last.
struct SearchDirs {
  std::vector<std::filesystem::path> stretch_path;
  std::optional<std::filesystem::path> user_dir;

  // From STRETCH_PATH, XDG_CONFIG_HOME and HOME.
  static SearchDirs from(const Environment& environment);
};

struct RoutineEntry {
  std::string name;
  Origin origin = Origin::builtin;
  std::filesystem::path file;  // empty for a built-in
  bool hides_another = false;  // a routine of the same name later in the search order
};

struct FoundRoutine {
  Routine routine;
  RoutineEntry entry;
};

// Every routine name that a lookup can reach, sorted by name, each once: the
// one that a lookup would find.
std::vector<RoutineEntry> list_routines(const SearchDirs& dirs);

// Loads an entry from list_routines, resolving the stretches it uses from
// other routines through dirs. Throws RoutineError for a bad file.
Routine load_entry(const RoutineEntry& entry, const SearchDirs& dirs);

// Loads a routine file given by path, its references resolved through dirs.
Routine load_routine_at(const std::filesystem::path& file, const SearchDirs& dirs);

// A routine by name, or from a path when the argument ends in ".json".
// Throws a usage error for something that is neither, and "not found" (66)
// with a suggestion for an unknown name.
FoundRoutine find_routine(const std::string& name_or_path, const SearchDirs& dirs);

}  // namespace stretch
