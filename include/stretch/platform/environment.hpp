#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stretch {

class PrivateDir;

// The process environment as a value: main reads the real one once, tests
// make their own, and the library never calls getenv.
class Environment {
 public:
  Environment() = default;
  Environment(std::initializer_list<std::pair<const std::string, std::string>> variables)
      : variables_(variables) {}
  // From an environ-style array of "NAME=value" strings.
  static Environment from(const char* const* environ);

  // The value when the variable is set, even to the empty string.
  std::optional<std::string_view> get(std::string_view name) const;
  // The value when the variable is set and not empty.
  std::optional<std::string_view> non_empty(std::string_view name) const;
  void set(std::string name, std::string value) { variables_[std::move(name)] = std::move(value); }
  // "NAME=value" for each variable, for a program to be started with.
  std::vector<std::string> entries() const;

 private:
  std::map<std::string, std::string, std::less<>> variables_;
};

// The directories of a colon-separated list such as PATH or STRETCH_PATH;
// empty entries are left out.
std::vector<std::filesystem::path> split_path_list(std::string_view list);

// The session's status file, in runtime_dir.
inline constexpr const char* session_status_name = "session.json";

// Where stretch keeps its files, by the XDG base directory rules (a relative
// XDG_* value is ignored); empty when neither it nor HOME is absolute.
struct Paths {
  std::optional<std::filesystem::path> config_dir;  // $XDG_CONFIG_HOME/stretch
  std::optional<std::filesystem::path> state_dir;   // $XDG_STATE_HOME/stretch
  // $XDG_RUNTIME_DIR/stretch, else state_dir: the running reminder's
  // socket and the status of what runs now.
  std::optional<std::filesystem::path> runtime_dir;
  // Whether runtime_dir is in XDG_RUNTIME_DIR, which is then held to the
  // XDG rules too.
  bool runtime_in_xdg = false;

  static Paths from(const Environment& environment);
  // runtime_dir and state_dir, opened and checked as PrivateDirs, made
  // when create; null when there is no such directory (or, without
  // create, none yet). Throw Error(73) when one is not the user's alone.
  std::shared_ptr<const PrivateDir> open_runtime_dir(bool create) const;
  std::shared_ptr<const PrivateDir> open_state_dir(bool create) const;
  // config_dir/routines: the user's own routines.
  std::optional<std::filesystem::path> user_routines() const;
  // config_dir/hooks: programs run at events.
  std::optional<std::filesystem::path> hooks_dir() const;
  // state_dir/history.jsonl and state_dir/resume.json.
  std::optional<std::filesystem::path> history_file() const;
  std::optional<std::filesystem::path> resume_file() const;
  // state_dir/fitted.json: the session built to fit that resume continues.
  std::optional<std::filesystem::path> fitted_file() const;
  // runtime_dir/session.json: the state of the session running now.
  std::optional<std::filesystem::path> session_status_file() const;
};

}  // namespace stretch
