#include "stretch/platform/environment.hpp"

#include "stretch/platform/output.hpp"

namespace stretch {

Environment Environment::from(const char* const* environ) {
  Environment environment;
  for (const char* const* entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    const std::size_t equals = text.find('=');
    if (equals != std::string_view::npos) {
      environment.variables_.try_emplace(std::string(text.substr(0, equals)),
                                         text.substr(equals + 1));
    }
  }
  return environment;
}

std::optional<std::string_view> Environment::get(std::string_view name) const {
  const auto found = variables_.find(name);
  if (found == variables_.end()) {
    return std::nullopt;
  }
  return found->second;
}

std::vector<std::string> Environment::entries() const {
  std::vector<std::string> entries;
  entries.reserve(variables_.size());
  for (const auto& [name, value] : variables_) {
    std::string entry = name;
    entry += '=';
    entry += value;
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<std::string_view> Environment::non_empty(std::string_view name) const {
  const std::optional<std::string_view> value = get(name);
  return value && !value->empty() ? value : std::nullopt;
}

std::vector<std::filesystem::path> split_path_list(std::string_view list) {
  std::vector<std::filesystem::path> dirs;
  while (!list.empty()) {
    const std::size_t colon = std::min(list.find(':'), list.size());
    if (colon > 0) {
      dirs.emplace_back(list.substr(0, colon));
    }
    list.remove_prefix(std::min(colon + 1, list.size()));
  }
  return dirs;
}

namespace {

// $VARIABLE/stretch, or $HOME/fallback/stretch.
std::optional<std::filesystem::path> xdg_dir(const Environment& environment,
                                             std::string_view variable,
                                             const std::filesystem::path& fallback) {
  const std::optional<std::string_view> set = environment.get(variable);
  if (set && set->starts_with('/')) {
    return std::filesystem::path(*set) / "stretch";
  }
  const std::optional<std::string_view> home = environment.get("HOME");
  if (home && home->starts_with('/')) {
    return std::filesystem::path(*home) / fallback / "stretch";
  }
  return std::nullopt;
}

std::optional<std::filesystem::path> inside(const std::optional<std::filesystem::path>& dir,
                                            std::string_view name) {
  return dir ? std::optional(*dir / name) : std::nullopt;
}

}  // namespace

Paths Paths::from(const Environment& environment) {
  Paths paths{xdg_dir(environment, "XDG_CONFIG_HOME", ".config"),
              xdg_dir(environment, "XDG_STATE_HOME", std::filesystem::path(".local") / "state")};
  const std::optional<std::string_view> runtime = environment.get("XDG_RUNTIME_DIR");
  paths.runtime_in_xdg = runtime && runtime->starts_with('/');
  paths.runtime_dir = paths.runtime_in_xdg
                          ? std::optional(std::filesystem::path(*runtime) / "stretch")
                          : paths.state_dir;
  return paths;
}

namespace {

std::shared_ptr<const PrivateDir> open_dir(const std::optional<std::filesystem::path>& dir,
                                           PrivateDir::Parent parent, bool create) {
  if (!dir) {
    return nullptr;
  }
  return create ? PrivateDir::open(*dir, parent) : PrivateDir::find(*dir, parent);
}

}  // namespace

std::shared_ptr<const PrivateDir> Paths::open_runtime_dir(bool create) const {
  return open_dir(runtime_dir,
                  runtime_in_xdg ? PrivateDir::Parent::xdg_runtime : PrivateDir::Parent::unchecked,
                  create);
}

std::shared_ptr<const PrivateDir> Paths::open_state_dir(bool create) const {
  return open_dir(state_dir, PrivateDir::Parent::unchecked, create);
}

std::optional<std::filesystem::path> Paths::user_routines() const {
  return inside(config_dir, "routines");
}

std::optional<std::filesystem::path> Paths::hooks_dir() const {
  return inside(config_dir, "hooks");
}

std::optional<std::filesystem::path> Paths::history_file() const {
  return inside(state_dir, "history.jsonl");
}

std::optional<std::filesystem::path> Paths::resume_file() const {
  return inside(state_dir, "resume.json");
}

std::optional<std::filesystem::path> Paths::fitted_file() const {
  return inside(state_dir, "fitted.json");
}

std::optional<std::filesystem::path> Paths::session_status_file() const {
  return inside(runtime_dir, session_status_name);
}

}  // namespace stretch
