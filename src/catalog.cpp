#include "stretch/catalog.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "builtin_routines.hpp"
#include "stretch/error.hpp"
#include "stretch/loader.hpp"

namespace stretch {

std::string_view origin_name(Origin origin) {
  switch (origin) {
    case Origin::file:
      return "file";
    case Origin::search_path:
      return "STRETCH_PATH";
    case Origin::user:
      return "user";
    case Origin::builtin:
      return "built-in";
  }
  return "?";
}

SearchDirs SearchDirs::from(const Environment& environment) {
  return {split_path_list(environment.get("STRETCH_PATH").value_or("")),
          Paths::from(environment).user_routines()};
}

namespace {

// Routine files in a directory, by name; a missing or unreadable directory
// simply has none.
std::map<std::string, std::filesystem::path> routine_files(const std::filesystem::path& dir) {
  std::map<std::string, std::filesystem::path> files;
  std::error_code error;
  for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    const std::filesystem::path& file = it->path();
    const std::string name = file.stem().string();
    if (file.extension() == ".json" && is_routine_name(name)) {
      files.emplace(name, file);
    }
  }
  return files;
}

}  // namespace

std::vector<RoutineEntry> list_routines(const SearchDirs& dirs) {
  std::map<std::string, RoutineEntry> found;
  const auto offer = [&](RoutineEntry entry) {
    const auto [existing, inserted] = found.emplace(entry.name, entry);
    if (!inserted) {
      existing->second.hides_another = true;
    }
  };
  for (const auto& dir : dirs.stretch_path) {
    for (const auto& [name, file] : routine_files(dir)) {
      offer({name, Origin::search_path, file});
    }
  }
  if (dirs.user_dir) {
    for (const auto& [name, file] : routine_files(*dirs.user_dir)) {
      offer({name, Origin::user, file});
    }
  }
  for (const BuiltinRoutine& builtin : builtin_routines()) {
    offer({std::string(builtin.name), Origin::builtin, {}});
  }
  std::vector<RoutineEntry> entries;
  entries.reserve(found.size());
  for (auto& [name, entry] : found) {
    entries.push_back(std::move(entry));
  }
  return entries;
}

Routine load_entry(const RoutineEntry& entry) {
  if (entry.origin != Origin::builtin) {
    return load_routine_file(entry.file);
  }
  for (const BuiltinRoutine& builtin : builtin_routines()) {
    if (builtin.name == entry.name) {
      return parse_routine(builtin.json, fmt::format("built-in {}", builtin.name));
    }
  }
  throw Error(ExitCode::no_input, fmt::format("no built-in routine \"{}\"", entry.name));
}

FoundRoutine find_routine(const std::string& name_or_path, const SearchDirs& dirs) {
  if (name_or_path.size() > 5 && name_or_path.ends_with(".json")) {
    RoutineEntry entry{std::filesystem::path(name_or_path).stem().string(), Origin::file,
                       name_or_path};
    return {load_routine_file(name_or_path), std::move(entry)};
  }
  if (!is_routine_name(name_or_path)) {
    throw Error(ExitCode::usage,
                fmt::format("\"{}\" is not a routine name (a-z, 0-9 and -) or a .json file",
                            quote_untrusted(name_or_path)));
  }
  const std::vector<RoutineEntry> entries = list_routines(dirs);
  for (const RoutineEntry& entry : entries) {
    if (entry.name == name_or_path) {
      return {load_entry(entry), entry};
    }
  }
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (const RoutineEntry& entry : entries) {
    names.push_back(entry.name);
  }
  throw Error(ExitCode::no_input,
              fmt::format("no routine named \"{}\"", name_or_path) +
                  did_you_mean(name_or_path, names, "`stretch list` shows the routines there are"));
}

}  // namespace stretch
