#include "stretch/routine/catalog.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "builtin_routines.hpp"
#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/platform/words.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/routine/routine_limits.hpp"

namespace stretch {

std::string_view origin_name(Origin origin) {
  static constexpr WordTable<Origin, 5> origin_words{{{
      {Origin::file, "file"},
      {Origin::search_path, "STRETCH_PATH"},
      {Origin::user, "user"},
      {Origin::builtin, "built-in"},
      {Origin::fitted, "fitted"},
  }}};
  return origin_words.word(origin);
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

namespace {

std::optional<std::string_view> builtin_json(std::string_view name) {
  for (const BuiltinRoutine& builtin : builtin_routines()) {
    if (builtin.name == name) {
      return builtin.json;
    }
  }
  return std::nullopt;
}

// Stretches used by reference, found by routine name through the search
// path like any routine, each routine loaded once. The routines being
// loaded, outermost first, catch a cycle and a chain too long.
class CatalogLibrary final : public StretchLibrary {
 public:
  CatalogLibrary(const SearchDirs& dirs, std::string outermost)
      : dirs_(dirs), loading_{std::move(outermost)} {}

  Routine load(const RoutineEntry& entry) {
    if (entry.origin != Origin::builtin) {
      return load_routine_file(entry.file, this);
    }
    if (const auto json = builtin_json(entry.name)) {
      // TRANSLATORS: a built-in routine where an error names a file:
      // "built-in lower-back:3:7: ...".
      const std::string source = fmt::format(fmt::runtime(tr("built-in {}")), entry.name);
      return parse_routine(*json, source, this);
    }
    throw Error(ExitCode::no_input,
                fmt::format(fmt::runtime(tr("no built-in routine \"{}\"")), entry.name));
  }

  std::variant<Stretch, std::string> find_stretch(const std::string& routine,
                                                  const std::string& id) override {
    const std::string chain = fmt::format("{} → {}", fmt::join(loading_, " → "), routine);
    if (std::find(loading_.begin(), loading_.end(), routine) != loading_.end()) {
      return fmt::format(fmt::runtime(tr("\"{0}/{1}\" goes round in a cycle: {2}")), routine, id,
                         chain);
    }
    if (loading_.size() > limits::reference_depth) {
      return fmt::format(
          fmt::runtime(tr("stretches used from other routines nest more than {0} deep: {1}")),
          limits::reference_depth, chain);
    }
    const auto loaded = loaded_routine(routine);
    if (const auto* problem = std::get_if<std::string>(&loaded)) {
      return *problem;
    }
    const Routine& source = *std::get<const Routine*>(loaded);
    std::vector<std::string> ids;
    for (const Stretch& stretch : source.stretches) {
      if (stretch.id == id) {
        return stretch;
      }
      ids.push_back(stretch.id);
    }
    return fmt::format(fmt::runtime(tr("routine \"{0}\" has no stretch \"{1}\"")), routine, id) +
           did_you_mean(
               id, ids,
               fmt::format(fmt::runtime(tr("its stretches are: {}")), fmt::join(ids, ", ")));
  }

 private:
  const SearchDirs& dirs_;
  std::vector<std::string> loading_;
  std::map<std::string, Routine> loaded_;
  std::optional<std::vector<RoutineEntry>> entries_;

  std::variant<const Routine*, std::string> loaded_routine(const std::string& name) {
    if (const auto found = loaded_.find(name); found != loaded_.end()) {
      return &found->second;
    }
    if (!entries_) {
      entries_ = list_routines(dirs_);
    }
    std::vector<std::string> names;
    for (const RoutineEntry& entry : *entries_) {
      if (entry.name != name) {
        names.push_back(entry.name);
        continue;
      }
      loading_.push_back(name);
      try {
        Routine routine = load(entry);
        loading_.pop_back();
        return &loaded_.emplace(name, std::move(routine)).first->second;
      } catch (const RoutineError& error) {
        loading_.pop_back();
        return fmt::format(fmt::runtime(tr("routine \"{0}\" does not load: {1}")), name,
                           format_diagnostic(error.source(), error.diagnostics().front()));
      } catch (const Error& error) {
        loading_.pop_back();
        return fmt::format(fmt::runtime(tr("routine \"{0}\" does not load: {1}")), name,
                           error.what());
      }
    }
    return fmt::format(fmt::runtime(tr("no routine named \"{}\"")), name) +
           did_you_mean(name, names, tr("`stretch list` shows the routines there are"));
  }
};

}  // namespace

Routine load_entry(const RoutineEntry& entry, const SearchDirs& dirs) {
  return CatalogLibrary(dirs, entry.name).load(entry);
}

Routine load_routine_at(const std::filesystem::path& file, const SearchDirs& dirs) {
  CatalogLibrary library(dirs, file.stem().string());
  return load_routine_file(file, &library);
}

FoundRoutine find_routine(const std::string& name_or_path, const SearchDirs& dirs) {
  if (name_or_path.size() > 5 && name_or_path.ends_with(".json")) {
    RoutineEntry entry{std::filesystem::path(name_or_path).stem().string(), Origin::file,
                       name_or_path};
    return {load_routine_at(name_or_path, dirs), std::move(entry)};
  }
  if (!is_routine_name(name_or_path)) {
    throw Error(
        ExitCode::usage,
        fmt::format(
            fmt::runtime(tr("\"{}\" is not a routine name (a-z, 0-9 and -) or a .json file")),
            quote_untrusted(name_or_path)));
  }
  const std::vector<RoutineEntry> entries = list_routines(dirs);
  for (const RoutineEntry& entry : entries) {
    if (entry.name == name_or_path) {
      return {load_entry(entry, dirs), entry};
    }
  }
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (const RoutineEntry& entry : entries) {
    names.push_back(entry.name);
  }
  throw Error(
      ExitCode::no_input,
      fmt::format(fmt::runtime(tr("no routine named \"{}\"")), name_or_path) +
          did_you_mean(name_or_path, names, tr("`stretch list` shows the routines there are")));
}

}  // namespace stretch
