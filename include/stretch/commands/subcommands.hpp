#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "stretch/commands/commands.hpp"
#include "stretch/sinks/history.hpp"

// What every command file uses to put itself on the command line. Private
// to stretch_cli: nothing outside it sees CLI11.
namespace stretch {

struct CommandLine {
  CLI::App& app;
  Context& context;
  int exit_code = 0;

  // A subcommand whose callback runs the command and keeps its exit code.
  CLI::App* add(const std::string& name, const std::string& description,
                std::function<int(Context&)> run);
};

// Each command file's one entry point.
void add_list_command(CommandLine& cli);
void add_show_command(CommandLine& cli);
void add_start_command(CommandLine& cli);
void add_resume_command(CommandLine& cli);
void add_validate_command(CommandLine& cli);
void add_new_command(CommandLine& cli);
void add_history_command(CommandLine& cli);
void add_stats_command(CommandLine& cli);
void add_remind_command(CommandLine& cli);
void add_config_command(CommandLine& cli);
void add_status_command(CommandLine& cli);

// A number within limits: "--speed: 0 is not between 0.01 and 1000".
CLI::Validator between(double min, double max);
// A whole number within limits: "--rounds: 1.5 is not a whole number".
CLI::Validator whole_number_between(long min, long max);

// One of the given words: "\"2\" is not one of auto, text, json".
CLI::Validator one_of(std::vector<std::string> words);

// An option taking one of a few words, shown in help as "auto|text|json";
// anything else is "--format: \"2\" is not one of auto, text, json".
template <class Value>
CLI::Option* add_choice_option(CLI::App& command, const std::string& name, Value& target,
                               std::vector<std::pair<std::string, Value>> choices,
                               const std::string& description) {
  std::vector<std::string> words;
  words.reserve(choices.size());
  for (const auto& [word, value] : choices) {
    words.push_back(word);
  }
  const std::string shown = fmt::format("{}", fmt::join(words, "|"));
  return command
      .add_option_function<std::string>(
          name,
          [&target, choices](const std::string& word) {
            for (const auto& [known, value] : choices) {
              if (known == word) {
                target = value;
              }
            }
          },
          description)
      ->check(one_of(std::move(words)))
      ->option_text(shown)
      ->type_name(shown);
}

// The flags of a section's settings (config.hpp), in the table's order,
// with the table's help; each value is checked as the config file's is,
// and kept as given in flags, to win over the config file and the
// environment once they are read (Settings::apply).
void add_setting_flags(CLI::App& command, std::string_view section, std::vector<FlagValue>& flags);

// --format auto|text|json, shared by the commands that print.
void add_format_option(CLI::App& command, OutputFormat& format);
// --flow, --rest and --rounds.
void add_override_options(CLI::App& command, OverrideOptions& overrides);
// --minutes and --area.
void add_fit_options(CLI::App& command, FitOptions& fit);
// The options start and resume share, and the keys in the footer.
void add_session_options(CLI::App& command, SessionOptions& options);

// The history of every machine, with a warning for each line that could not
// be read.
History load_history_or_warn(Context& context);
// The sessions within --since and --until, shared by history and stats.
std::vector<HistoryRecord> records_in(const DateRangeOptions& range, Context& context);
// --since and --until.
void add_date_range_options(CLI::App& command, DateRangeOptions& range);

}  // namespace stretch
