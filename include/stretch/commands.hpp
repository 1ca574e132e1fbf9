#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "stretch/catalog.hpp"
#include "stretch/plan.hpp"
#include "stretch/terminal.hpp"

namespace stretch {

enum class OutputFormat { automatic, text, json };

// --format auto|text|json, shared by the commands that print.
void add_format_option(CLI::App& command, OutputFormat& format);

// --flow, --rest and --rounds: values for every stretch of the routine.
struct OverrideOptions {
  std::optional<double> flow_seconds;
  std::optional<double> rest_seconds;
  std::optional<int> rounds;
};
void add_override_options(CLI::App& command, OverrideOptions& overrides);
// The routine named on the command line, found, loaded and with the
// overrides applied. A routine that the overrides make too long is a usage
// error.
FoundRoutine find_routine_for(const std::string& name_or_path, const OverrideOptions& overrides);

struct ListOptions {
  OutputFormat format = OutputFormat::automatic;
  bool names_only = false;  // for shell completion
};
CLI::App* add_list_command(CLI::App& app, ListOptions& options);
int run_list(const ListOptions& options);

struct RoutineSummary {
  RoutineEntry entry;
  std::optional<Routine> routine;  // empty when the file does not load
  std::string problem;             // why it does not load
};
// The `list` table, columns sized to fit their contents.
std::string format_routine_table(const std::vector<RoutineSummary>& routines);

struct ShowOptions {
  std::string routine;
  OutputFormat format = OutputFormat::automatic;
  OverrideOptions overrides;
};
CLI::App* add_show_command(CLI::App& app, ShowOptions& options);
int run_show(const ShowOptions& options);

// The `show` text: each stretch, its instructions, phases and durations.
std::string format_plan(const Routine& routine, const Timeline& timeline, const RoutineEntry& from);

struct StartOptions {
  std::string routine;
  OutputFormat format = OutputFormat::automatic;
  bool dry_run = false;
  double speed = 1.0;
  OverrideOptions overrides;
  ColorChoice color = ColorChoice::automatic;
  bool bell = false;
  bool say = false;
  std::string say_command;  // empty: the first speech program found
  bool no_history = false;
  std::string status_file;
};
CLI::App* add_start_command(CLI::App& app, StartOptions& options);
int run_start(const StartOptions& options);

// How a session runs and shows itself: what start and resume share.
void add_session_options(CLI::App& command, StartOptions& options);
// Runs a loaded routine as options say, from resume_from (a phase's plan
// offset) on; records history and where to resume. Returns the exit code,
// or ends the process by the signal that ended the session.
int run_routine(const FoundRoutine& found, const StartOptions& options, Millis resume_from = 0);

CLI::App* add_resume_command(CLI::App& app, StartOptions& options);
int run_resume(const StartOptions& options);

struct HistoryOptions {
  OutputFormat format = OutputFormat::automatic;
  int last = 20;
  std::string since;  // YYYY-MM-DD, local time
};
CLI::App* add_history_command(CLI::App& app, HistoryOptions& options);
int run_history(const HistoryOptions& options);

struct StatsOptions {
  OutputFormat format = OutputFormat::automatic;
};
CLI::App* add_stats_command(CLI::App& app, StatsOptions& options);
int run_stats(const StatsOptions& options);

struct RemindOptions {
  std::string every = "45m";
  std::string snooze = "5m";
  std::string routine = "desk-break";
};
CLI::App* add_remind_command(CLI::App& app, RemindOptions& options);
int run_remind(const RemindOptions& options);

struct ValidateOptions {
  std::vector<std::string> files;
};
CLI::App* add_validate_command(CLI::App& app, ValidateOptions& options);
int run_validate(const ValidateOptions& options);

struct NewOptions {
  std::string name;
};
CLI::App* add_new_command(CLI::App& app, NewOptions& options);
int run_new(const NewOptions& options);

}  // namespace stretch
