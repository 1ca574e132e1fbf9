#include "stretch/platform/config.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/platform/time.hpp"

namespace stretch {
namespace {

// The start section's flags are start's and resume's, the remind
// section's are remind's; --help lists them in this order.
constexpr std::array<SettingSpec, 26> specs{{
    {.section = "start",
     .name = "bell",
     .type = SettingType::boolean,
     .default_value = "false",
     .environment = "STRETCH_BELL",
     .description = N_("Ring the terminal bell at each phase and at the end"),
     .flag = "--bell",
     .off_flag = "--no-bell"},
    {.section = "start",
     .name = "say",
     .type = SettingType::boolean,
     .default_value = "false",
     .environment = "STRETCH_SAY",
     .description = N_("Speak the session, notice and instructions too, through Speech Dispatcher "
                       "or the first of espeak-ng, spd-say or say found"),
     .flag = "--say",
     .off_flag = "--no-say"},
    {.section = "start",
     .name = "say_cmd",
     .type = SettingType::text,
     .default_value = "",
     .environment = "STRETCH_SAY_CMD",
     .description = N_("Speak with this program instead, e.g. 'espeak-ng -s 140'; each utterance "
                       "follows -- as one argument"),
     .flag = "--say-cmd",
     // TRANSLATORS: a placeholder in --help for a program and its arguments.
     .placeholder = N_("COMMAND")},
    {.section = "start",
     .name = "color",
     .type = SettingType::choice,
     .default_value = "auto",
     .environment = "STRETCH_COLOR",
     .description = N_("Colour in the live view; auto follows NO_COLOR and the terminal"),
     .choices = "auto|always|never",
     .flag = "--color"},
    {.section = "start",
     .name = "format",
     .type = SettingType::choice,
     .default_value = "auto",
     .environment = "STRETCH_FORMAT",
     .description = N_("auto (the default): for people on a terminal, text lines otherwise"),
     .choices = "auto|text|json",
     .flag = "--format"},
    {.section = "start",
     .name = "status_file",
     .type = SettingType::text,
     .default_value = "",
     .environment = "STRETCH_STATUS_FILE",
     .description = N_("Keep the session's state in this JSON file, for status bars"),
     .flag = "--status-file",
     // TRANSLATORS: a placeholder in --help for a file's path, in capitals.
     .placeholder = N_("FILE")},
    {.section = "start",
     .name = "no_history",
     .type = SettingType::boolean,
     .default_value = "false",
     .environment = "STRETCH_NO_HISTORY",
     .description = N_("Do not record sessions; --history records one whatever the settings say"),
     .flag = "--no-history",
     .off_flag = "--history"},
    {.section = "remind",
     .name = "every",
     .type = SettingType::duration,
     .default_value = "45m",
     .environment = "STRETCH_EVERY",
     .description = N_("Working time between reminders"),
     .flag = "--every",
     // TRANSLATORS: a placeholder in --help for a length of time, in
     // capitals; remind's footer names it again.
     .placeholder = N_("DURATION")},
    {.section = "remind",
     .name = "hours",
     .type = SettingType::hours,
     .default_value = "",
     .environment = "STRETCH_HOURS",
     .description = N_("Working hours, e.g. 9:00-17:30, or 22:00-06:00 for a night shift"),
     // TRANSLATORS: what no working hours mean, in "(default: all day)".
     .when_empty = N_("all day"),
     .flag = "--hours",
     // TRANSLATORS: a placeholder in --help for a span of the day, in capitals.
     .placeholder = N_("FROM-TO")},
    {.section = "remind",
     .name = "days",
     .type = SettingType::days,
     .default_value = "",
     .environment = "STRETCH_DAYS",
     .description = N_("Working days, e.g. mon-fri or mon,wed,fri"),
     // TRANSLATORS: what no working days mean, in "(default: all)": every
     // day of the week.
     .when_empty = N_("all"),
     .flag = "--days",
     // TRANSLATORS: a placeholder in --help for days of the week, in capitals.
     .placeholder = N_("DAYS")},
    {.section = "remind",
     .name = "at",
     .type = SettingType::times,
     .default_value = "",
     .environment = "STRETCH_AT",
     .description = N_("Fixed times to remind at as well, e.g. 10:30,15:00"),
     .flag = "--at",
     // TRANSLATORS: a placeholder in --help for times of day, in capitals.
     .placeholder = N_("TIMES")},
    {.section = "remind",
     .name = "routine",
     .type = SettingType::text,
     .default_value = "",
     .environment = "STRETCH_ROUTINE",
     .description = N_("The routine Start offers"),
     // TRANSLATORS: what Start offers when no routine is named, in
     // "(default: ...)"; {} is a number of minutes.
     .when_empty = N_("a {}-minute session for the areas stretched least recently"),
     .flag = "routine",
     // TRANSLATORS: a placeholder in --help for a routine, in capitals.
     .placeholder = N_("ROUTINE")},
    {.section = "remind",
     .name = "snooze",
     .type = SettingType::duration,
     .default_value = "5m",
     .environment = "STRETCH_SNOOZE",
     .description = N_("How long Snooze puts a reminder off"),
     .flag = "--snooze",
     .placeholder = N_("DURATION")},
    {.section = "remind",
     .name = "terminal",
     .type = SettingType::text,
     .default_value = "",
     .environment = "STRETCH_TERMINAL",
     .description = N_("Without a terminal, open the routine in this command"),
     .when_empty = N_("$TERMINAL -e, else x-terminal-emulator -e"),
     .flag = "--terminal",
     .placeholder = N_("COMMAND")},
    {.section = "remind",
     .name = "alert",
     .type = SettingType::channels,
     .default_value = "auto",
     .environment = "STRETCH_ALERT",
     .description = N_("How a reminder reaches you: auto, or channels from desktop, terminal, "
                       "tmux and bell, e.g. terminal,bell"),
     .choices = "desktop|terminal|tmux|bell",
     .flag = "--alert",
     // TRANSLATORS: a placeholder in --help for a comma list of ways to
     // reach the user, in capitals.
     .placeholder = N_("CHANNELS")},
    {.section = "remind",
     .name = "tmux_socket",
     .type = SettingType::text,
     .default_value = "",
     .environment = "STRETCH_TMUX_SOCKET",
     .description = N_("The socket of the tmux server whose clients a reminder may show on"),
     // TRANSLATORS: where tmux's server is when no socket is named, in
     // "(default: ...)".
     .when_empty = N_("tmux's own, $TMUX_TMPDIR/tmux-UID/default")},
    {.section = "remind",
     .name = "idle",
     .type = SettingType::duration,
     .default_value = "5m",
     .environment = "STRETCH_IDLE",
     .description = N_("Time away from the keyboard that restarts the countdown"),
     .flag = "--break",
     .placeholder = N_("DURATION")},
    // The busy sources have no flags: each is a standing choice about the
    // desktop, not about one reminder.
    {.section = "remind",
     .name = "camera",
     .type = SettingType::boolean,
     .default_value = "true",
     .environment = "STRETCH_CAMERA",
     .description = N_("Hold a reminder while one of your programs has a camera open")},
    {.section = "remind",
     .name = "microphone",
     .type = SettingType::boolean,
     .default_value = "true",
     .environment = "STRETCH_MICROPHONE",
     .description = N_("Hold a reminder while a program records from a microphone")},
    {.section = "remind",
     .name = "do_not_disturb",
     .type = SettingType::boolean,
     .default_value = "true",
     .environment = "STRETCH_DO_NOT_DISTURB",
     .description = N_("Hold a reminder while the desktop's do-not-disturb is on")},
    {.section = "remind",
     .name = "calendar",
     .type = SettingType::paths,
     .default_value = "",
     .environment = "STRETCH_CALENDAR",
     .description = N_("Hold a reminder during the events of these .ics files or vdir folders, "
                       "e.g. [\"~/.calendars/work\"]")},
    {.section = "remind",
     .name = "busy_command",
     .type = SettingType::text,
     .default_value = "",
     .environment = "STRETCH_BUSY_COMMAND",
     .description = N_("Hold a reminder while this program exits with 0, e.g. \"pgrep -x obs\"")},
    {.section = "remind",
     .name = "max_defer",
     .type = SettingType::duration,
     .default_value = "2h",
     .environment = "STRETCH_MAX_DEFER",
     .description = N_("How long a reminder is held while busy before it comes anyway")},
    {.section = "hooks",
     .name = "timeout",
     .type = SettingType::duration,
     .default_value = "10s",
     .environment = "STRETCH_HOOK_TIMEOUT",
     .description = N_("How long a hook may run before it is stopped")},
    // One history across machines: a folder that a sync tool keeps, with a
    // file per machine. No flags: where the history lives is no choice for
    // one command.
    {.section = "history",
     .name = "shared_dir",
     .type = SettingType::text,
     .default_value = "",
     .environment = "STRETCH_SHARED_DIR",
     .description = N_("Keep the history in this folder, which a sync tool shares between your "
                       "machines, e.g. \"~/Sync/stretch\""),
     // TRANSLATORS: what no shared folder means, in "(default: ...)".
     .when_empty = N_("this machine's history only")},
    {.section = "history",
     .name = "machine",
     .type = SettingType::machine,
     .default_value = "",
     .environment = "STRETCH_MACHINE",
     .description = N_("This machine's name in the shared folder: its file is NAME.jsonl"),
     // TRANSLATORS: what no machine name means, in "(default: ...)".
     .when_empty = N_("the host name, in lower case")},
}};

// The starter file's comments are wrapped to fit an editor's window.
constexpr std::size_t starter_width = 79;

// Far more than every setting with a comment each.
constexpr std::size_t config_bytes = std::size_t{256} * 1024;

// The reminder's own parsers decide, so that the file and the flags
// accept the same things.
std::string check_schedule(bool parsed, std::string_view text, std::string_view like) {
  return parsed ? std::string()
                : fmt::format(fmt::runtime(tr("\"{0}\" is not {1}")), quote_untrusted(text), like);
}

const SettingSpec* find_spec(std::string_view key) {
  const auto spec = std::find_if(specs.begin(), specs.end(),
                                 [&](const SettingSpec& known) { return known.key() == key; });
  return spec == specs.end() ? nullptr : &*spec;
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return tr("a string");
    case toml::node_type::boolean:
      return tr("true or false");
    case toml::node_type::integer:
    case toml::node_type::floating_point:
      return tr("a number");
    case toml::node_type::array:
      return tr("an array");
    case toml::node_type::table:
      return tr("a table");
    default:
      return tr("a date or time");
  }
}

std::string_view wanted_type(SettingType type) {
  switch (type) {
    case SettingType::boolean:
      return tr("true or false");
    case SettingType::times:
    case SettingType::paths:
      return tr("a string or an array of strings");
    default:
      return tr("a string");
  }
}

// toml++ keeps a table's keys sorted by name.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(
    const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, node] : table) {
    entries.emplace_back(&key, &node);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const toml::source_position& left = a.first->source().begin;
    const toml::source_position& right = b.first->source().begin;
    return std::pair(left.line, left.column) < std::pair(right.line, right.column);
  });
  return entries;
}

class ConfigReader {
 public:
  ConfigReader(const std::string& file, Settings& settings) : file_(file), settings_(settings) {}

  void read(std::string_view text) {
    toml::table document;
    try {
      document = toml::parse(text, file_);
    } catch (const toml::parse_error& error) {
      fail(error.source().begin, std::string(error.description()));
    }
    // In the order of the file, so that the first mistake is the one told.
    for (const auto& [name, node] : in_file_order(document)) {
      read_section(*name, *node);
    }
  }

 private:
  const std::string& file_;
  Settings& settings_;

  [[noreturn]] void fail(const toml::source_position& at, const std::string& message) const {
    throw Error(ExitCode::config,
                fmt::format("{}:{}:{}: {}", quote_untrusted(file_), at.line, at.column, message));
  }

  void read_section(const toml::key& name, const toml::node& node) {
    std::vector<std::string> sections;
    for (const SettingSpec& spec : specs) {
      if (std::find(sections.begin(), sections.end(), spec.section) == sections.end()) {
        sections.emplace_back(spec.section);
      }
    }
    const auto* table = node.as_table();
    if (table == nullptr) {
      fail(name.source().begin,
           fmt::format(fmt::runtime(tr("\"{0}\" is not in a section; settings go under [{1}]")),
                       quote_untrusted(name.str()), fmt::join(sections, "], [")));
    }
    if (std::find(sections.begin(), sections.end(), name.str()) == sections.end()) {
      fail(name.source().begin,
           fmt::format(fmt::runtime(tr("unknown section \"{0}\"{1}")), quote_untrusted(name.str()),
                       did_you_mean(name.str(), sections,
                                    fmt::format(fmt::runtime(tr("the sections are [{}]")),
                                                fmt::join(sections, "], [")))));
    }
    for (const auto& [key, value] : in_file_order(*table)) {
      read_setting(name.str(), *key, *value);
    }
  }

  void read_setting(std::string_view section, const toml::key& key, const toml::node& node) {
    const SettingSpec* spec = find_spec(fmt::format("{}.{}", section, key.str()));
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const SettingSpec& known : specs) {
        if (known.section == section) {
          names.emplace_back(known.name);
        }
      }
      fail(key.source().begin,
           fmt::format(fmt::runtime(tr("unknown key \"{0}\" in [{1}]{2}")),
                       quote_untrusted(key.str()), section,
                       did_you_mean(key.str(), names,
                                    fmt::format(fmt::runtime(tr("the keys are {}")),
                                                fmt::join(names, ", ")))));
    }
    const std::optional<std::string> text = value_text(*spec, node);
    if (!text) {
      fail(node.source().begin, fmt::format(fmt::runtime(tr("{0} must be {1}, not {2}")),
                                            spec->key(), wanted_type(spec->type), type_name(node)));
    }
    Checked checked = check_setting(*spec, *text);
    if (!checked.problem.empty()) {
      fail(node.source().begin, fmt::format("{}: {}", spec->key(), checked.problem));
    }
    settings_.set(spec->key(), std::move(checked.value),
                  fmt::format("{}:{}", file_, node.source().begin.line));
  }

  // The value as text, when the node has the type the setting takes.
  static std::optional<std::string> value_text(const SettingSpec& spec, const toml::node& node) {
    if (spec.type == SettingType::boolean) {
      if (const auto* flag = node.as_boolean()) {
        return flag->get() ? "true" : "false";
      }
      return std::nullopt;
    }
    if (const auto* string = node.as_string()) {
      return string->get();
    }
    const auto* array = node.as_array();
    if ((spec.type != SettingType::times && spec.type != SettingType::paths) || array == nullptr) {
      return std::nullopt;
    }
    std::vector<std::string> items;
    for (const toml::node& item : *array) {
      const auto* string = item.as_string();
      if (string == nullptr) {
        return std::nullopt;
      }
      items.push_back(string->get());
    }
    return fmt::format("{}", fmt::join(items, spec.type == SettingType::paths ? ":" : ","));
  }
};

}  // namespace

std::string SettingSpec::key() const {
  return fmt::format("{}.{}", section, name);
}

std::span<const SettingSpec> setting_specs() {
  return specs;
}

Checked check_setting(const SettingSpec& spec, std::string_view text) {
  switch (spec.type) {
    case SettingType::boolean:
      for (const std::string_view yes : {"true", "1", "yes", "on"}) {
        if (text == yes) {
          return {"true", {}};
        }
      }
      for (const std::string_view no : {"false", "0", "no", "off"}) {
        if (text == no) {
          return {"false", {}};
        }
      }
      return {{},
              fmt::format(fmt::runtime(tr("\"{}\" is not true or false")), quote_untrusted(text))};
    case SettingType::text:
    case SettingType::paths:
      return {std::string(text), {}};
    case SettingType::choice:
      for (const std::string_view word : split_at(spec.choices, '|')) {
        if (word == text) {
          return {std::string(text), {}};
        }
      }
      return {{},
              fmt::format(fmt::runtime(tr("\"{0}\" is not one of {1}")), quote_untrusted(text),
                          fmt::join(split_at(spec.choices, '|'), ", "))};
    case SettingType::channels: {
      const std::vector<std::string_view> names = split_at(spec.choices, '|');
      const std::vector<std::string_view> given = split_at(text, ',');
      if (text == "auto" || std::all_of(given.begin(), given.end(), [&](std::string_view name) {
            return std::find(names.begin(), names.end(), name) != names.end();
          })) {
        return {std::string(text), {}};
      }
      return {{},
              fmt::format(fmt::runtime(tr("\"{0}\" is not auto or a comma list of {1}")),
                          quote_untrusted(text), fmt::join(names, ", "))};
    }
    case SettingType::duration:
      if (parse_duration(text)) {
        return {std::string(text), {}};
      }
      return {{},
              fmt::format(fmt::runtime(tr("\"{}\" is not a duration like 90s, 45m or 1h30m")),
                          quote_untrusted(text))};
    case SettingType::hours:
      return {std::string(text), text.empty()
                                     ? std::string()
                                     : check_schedule(parse_hours(text).has_value(), text,
                                                      tr("a range of times like 9:00-17:30"))};
    case SettingType::days:
      return {std::string(text), text.empty()
                                     ? std::string()
                                     : check_schedule(parse_days(text).has_value(), text,
                                                      tr("days like mon-fri or mon,wed,fri"))};
    case SettingType::times:
      return {std::string(text), text.empty()
                                     ? std::string()
                                     : check_schedule(parse_times(text).has_value(), text,
                                                      tr("times of day like 10:30,15:00"))};
    case SettingType::machine:
      if (text.empty() || is_machine_name(text)) {
        return {std::string(text), {}};
      }
      return {{},
              fmt::format(fmt::runtime(tr("\"{}\" cannot name a machine: use up to 64 of a-z, "
                                          "0-9, '.', '_' and '-', not starting with '.'")),
                          quote_untrusted(text))};
  }
  return {std::string(text), {}};
}

namespace {

// "default: 45m", where the type does not tell it already: a switch's flags
// and a choice's words do.
std::optional<std::string> default_clause(const SettingSpec& spec) {
  if (spec.type == SettingType::boolean || spec.type == SettingType::choice) {
    return std::nullopt;
  }
  if (!spec.default_value.empty()) {
    // TRANSLATORS: a setting's default, in parentheses after what it does.
    return fmt::format(fmt::runtime(tr("default: {}")), spec.default_value);
  }
  if (!spec.when_empty.empty()) {
    return fmt::format(fmt::runtime(tr("default: {}")),
                       fmt::format(fmt::runtime(tr(spec.when_empty.data())), offered_minutes));
  }
  return std::nullopt;
}

}  // namespace

std::string describe_setting(const SettingSpec& spec) {
  const std::optional<std::string> clause = default_clause(spec);
  const std::string description = tr(spec.description.data());
  return clause ? fmt::format("{} ({})", description, *clause) : description;
}

namespace {

constexpr std::size_t longest_machine_name = 64;  // a host name's limit too

bool machine_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

bool is_machine_name(std::string_view name) {
  return !name.empty() && name.size() <= longest_machine_name && !name.starts_with('.') &&
         std::all_of(name.begin(), name.end(), machine_name_char);
}

std::string machine_from_host_name(std::string_view host_name) {
  std::string machine;
  for (const char c : host_name) {
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if (machine.empty() && lower == '.') {
      continue;
    }
    machine += machine_name_char(lower) ? lower : '-';
  }
  return machine.substr(0, longest_machine_name);
}

Settings::Settings(std::string_view host_name) {
  for (const SettingSpec& spec : specs) {
    // TRANSLATORS: where a setting's value came from, in `stretch config`.
    settings_[spec.key()] = {std::string(spec.default_value), tr("default")};
  }
  settings_["history.machine"].value = machine_from_host_name(host_name);
}

const Setting& Settings::setting(std::string_view key) const {
  const auto found = settings_.find(key);
  if (found == settings_.end()) {
    throw std::logic_error(fmt::format("no setting {}", key));
  }
  return found->second;
}

const std::string& Settings::text(std::string_view key) const {
  return setting(key).value;
}

ClockTime Settings::duration(std::string_view key) const {
  return parse_duration(text(key)).value_or(ClockTime{});
}

void Settings::set(std::string_view key, std::string value, std::string source) {
  settings_.at(std::string(key)) = {std::move(value), std::move(source)};
}

void Settings::set_by_flag(std::string_view key, std::string value, std::string_view flag) {
  // TRANSLATORS: where a setting's value came from, in `stretch config`.
  set(key, std::move(value), fmt::format(fmt::runtime(tr("flag {}")), flag));
}

void Settings::apply(const std::vector<FlagValue>& flags) {
  for (const FlagValue& flag : flags) {
    set_by_flag(flag.key, flag.value, flag.flag);
  }
}

std::optional<std::filesystem::path> config_file(const Environment& environment) {
  if (const std::optional<std::string_view> named = environment.non_empty("STRETCH_CONFIG")) {
    return std::filesystem::path(*named);
  }
  const std::optional<std::filesystem::path> dir = Paths::from(environment).config_dir;
  if (!dir) {
    return std::nullopt;
  }
  return *dir / "config.toml";
}

Settings parse_config(std::string_view text, const std::string& file) {
  Settings settings;
  ConfigReader(file, settings).read(text);
  return settings;
}

Settings load_settings(const Environment& environment, std::string_view host_name) {
  Settings settings(host_name);
  const std::optional<std::filesystem::path> file = config_file(environment);
  // STRETCH_CONFIG=/dev/null is the way to say: no config file at all.
  if (file && *file != "/dev/null") {
    const FileText read = read_small_file(*file, config_bytes);
    const std::string shown = quote_untrusted(file->string());
    switch (read.status) {
      case FileText::Status::missing:
        break;  // the defaults, then
      case FileText::Status::failed:
        throw Error(ExitCode::io,
                    fmt::format(fmt::runtime(tr("cannot read {0}: {1}")), shown, read.problem));
      // A directory or a FIFO where a file should be is an input that is
      // not there, as for a routine file (66); 74 is for reads that fail.
      case FileText::Status::directory:
        throw Error(ExitCode::no_input,
                    fmt::format(fmt::runtime(tr("cannot read {}: it is a directory")), shown));
      case FileText::Status::not_regular:
        throw Error(ExitCode::no_input,
                    fmt::format(fmt::runtime(tr("cannot read {}: not a regular file")), shown));
      case FileText::Status::read:
        if (read.text.size() > config_bytes) {
          throw Error(ExitCode::config,
                      fmt::format(fmt::runtime(tr("{0}: over {1} bytes; not a config file")), shown,
                                  config_bytes));
        }
        if (const std::optional<std::string> problem = distrust(*file, read.owner, read.mode)) {
          throw Error(ExitCode::config, *problem);
        }
        ConfigReader(file->string(), settings).read(read.text);
        break;
    }
  }
  for (const SettingSpec& spec : specs) {
    const std::optional<std::string_view> value = environment.non_empty(spec.environment);
    if (!value) {
      continue;
    }
    Checked checked = check_setting(spec, *value);
    if (!checked.problem.empty()) {
      throw Error(ExitCode::config, fmt::format("{}: {}", spec.environment, checked.problem));
    }
    settings.set(spec.key(), std::move(checked.value),
                 fmt::format(fmt::runtime(tr("environment {}")), spec.environment));
  }
  return settings;
}

std::string starter_config() {
  std::string out =
      // TRANSLATORS: the head of the starter config file: keep every line a
      // TOML comment (starting with "# ").
      tr("# stretch's settings. Every setting is shown at its default, commented out:\n"
         "# remove the # to change one. Command-line flags win over this file, and\n"
         "# environment variables (named after each setting) win over it too.\n"
         "# `stretch config` shows what is in effect and where it came from.\n");
  std::string_view section;
  for (const SettingSpec& spec : specs) {
    if (spec.section != section) {
      section = spec.section;
      out += fmt::format("\n[{}]\n", section);
    }
    std::string value = spec.type == SettingType::boolean
                            ? std::string(spec.default_value)
                            : fmt::format("\"{}\"", spec.default_value);
    if (spec.type == SettingType::times || spec.type == SettingType::paths) {
      value = "[]";
    }
    const std::optional<std::string> clause = default_clause(spec);
    const std::string comment = fmt::format("{} ({}{})", tr(spec.description.data()),
                                            clause ? *clause + "; " : "", spec.environment);
    for (const std::string& line : wrap_words(comment, starter_width - 2)) {
      out += "# " + line + "\n";
    }
    out += fmt::format("# {} = {}\n", spec.name, value);
  }
  return out;
}

std::string format_settings(const Settings& settings) {
  std::size_t key_width = 0;
  std::size_t value_width = 0;
  const auto shown = [&](const SettingSpec& spec) {
    const std::string& value = settings.text(spec.key());
    return spec.type == SettingType::boolean ? value
                                             : fmt::format("\"{}\"", quote_untrusted(value));
  };
  for (const SettingSpec& spec : specs) {
    key_width = std::max(key_width, spec.key().size());
    value_width = std::max(value_width, display_width(shown(spec)));
  }
  std::string out;
  for (const SettingSpec& spec : specs) {
    const std::string value = shown(spec);
    out += fmt::format("{:<{}}  {}{:<{}}  {}\n", spec.key(), key_width, value, "",
                       value_width - display_width(value),
                       quote_untrusted(settings.setting(spec.key()).source));
  }
  return out;
}

}  // namespace stretch
