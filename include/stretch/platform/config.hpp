#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/time.hpp"

// Settings: defaults for start and remind, and the hooks' time limit, from
// config.toml, the environment and the command line, in rising order of
// precedence. docs/config.md lists them.
namespace stretch {

enum class SettingType {
  boolean,   // true or false
  text,      // any string
  choice,    // one of a few words
  duration,  // "90s", "45m", "1h30m"
  hours,     // "9:00-17:30"
  days,      // "mon-fri", "mon,wed,fri"
  times,     // "10:30,15:00"; in the file also an array of strings
  paths,     // "a.ics:b.ics", as PATH; in the file also an array of strings
  channels,  // "auto", or a comma list of choices: "terminal,bell"
  machine,   // a machine's name: is_machine_name, or empty for the host name
};

// The length of the session a reminder offers when remind.routine names
// none; its help says so.
inline constexpr int offered_minutes = 5;

// One setting, everything said about it: the config file, the environment,
// the command line's flag and its --help, `stretch config` and the starter
// file all read it from here.
struct SettingSpec {
  std::string_view section;  // "start"
  std::string_view name;     // "say_cmd"
  SettingType type;
  std::string_view default_value;  // as text; empty: not set
  std::string_view environment;    // the variable that sets it
  // What it does, N_-marked: tr(description.data()).
  std::string_view description;
  // For a choice: "auto|text|json"; for channels, the names a list takes.
  std::string_view choices = {};
  // What an empty value means, where it is the default and means more than
  // nothing: "all day". N_-marked; {} stands for offered_minutes.
  std::string_view when_empty = {};
  // The flag that sets it on the section's command ("--every"; "routine"
  // for an argument); empty: none. A true-or-false setting has one for
  // each value: "--bell" and "--no-bell".
  std::string_view flag = {};
  std::string_view off_flag = {};
  // What the flag takes, in --help: "DURATION". N_-marked; a choice shows
  // its choices instead.
  std::string_view placeholder = {};

  std::string key() const;  // "start.say_cmd"
};

// Every setting, in the order `stretch config` and the starter file list
// them.
std::span<const SettingSpec> setting_specs();

// A value as the text it is stored as ("true", "45m", "10:30,15:00"), or
// why it is not one: "is not true or false".
struct Checked {
  std::string value;
  std::string problem;
};
Checked check_setting(const SettingSpec& spec, std::string_view text);

// What a setting does, with its default where the type does not already
// tell it: "Working time between reminders (default: 45m)".
std::string describe_setting(const SettingSpec& spec);

struct Setting {
  std::string value;
  std::string source;  // "default", "FILE:LINE", "environment STRETCH_BELL", "flag --bell"
};

// A setting given on the command line: "start.bell", "true", "--bell".
struct FlagValue {
  std::string key;
  std::string value;
  std::string flag;
};

// Whether a name can be a machine's in a shared history folder, where its
// file is NAME.jsonl: at most 64 of a-z, 0-9, '.', '_' and '-', not
// starting with '.', which would hide the file (sync tools skip such files).
bool is_machine_name(std::string_view name);

// history.machine's default, from the host name: in lower case, with what
// a machine's name cannot hold made a '-' and leading dots left out; empty
// when nothing is left.
std::string machine_from_host_name(std::string_view host_name);

class Settings {
 public:
  // The defaults of every setting; history.machine's comes from the host
  // name.
  explicit Settings(std::string_view host_name = {});

  const std::string& text(std::string_view key) const;
  bool boolean(std::string_view key) const { return text(key) == "true"; }
  ClockTime duration(std::string_view key) const;
  const Setting& setting(std::string_view key) const;

  void set(std::string_view key, std::string value, std::string source);
  // A value given by a command-line flag, which wins over everything.
  void set_by_flag(std::string_view key, std::string value, std::string_view flag);
  void apply(const std::vector<FlagValue>& flags);

 private:
  std::map<std::string, Setting, std::less<>> settings_;
};

// The config file that applies: STRETCH_CONFIG when set, else
// $XDG_CONFIG_HOME/stretch/config.toml; empty when neither can be found.
std::optional<std::filesystem::path> config_file(const Environment& environment);

// The settings from the defaults, the file (when it exists) and the
// environment. Throws Error: 78 (config) with "FILE:LINE:COL: message" for
// a file that is not valid, or an environment variable that is not; 74 for
// a file that exists and cannot be read. host_name: the machine's, which
// history.machine defaults to.
Settings load_settings(const Environment& environment, std::string_view host_name = {});

// Parses config text as from the named file into settings over the
// defaults; the same errors as load_settings.
Settings parse_config(std::string_view text, const std::string& file);

// A starter config.toml: every setting commented out at its default, with
// what it does.
std::string starter_config();

// The `stretch config` table: every setting, its value and its source.
std::string format_settings(const Settings& settings);

}  // namespace stretch
