#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stretch/busy/sources.hpp"
#include "stretch/commands/context.hpp"
#include "stretch/platform/config.hpp"
#include "stretch/platform/terminal.hpp"
#include "stretch/remind/remind.hpp"
#include "stretch/routine/catalog.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/sinks/history_files.hpp"
#include "stretch/sinks/session_files.hpp"

// The commands, one source file each under src/commands/: an options
// struct, filled in from the command line, and run_x(options, context),
// which returns the exit code or throws Error (or EndedBySignal).
namespace stretch {

enum class OutputFormat { automatic, text, json };

// --flow, --rest and --rounds: values for every stretch of the routine.
struct OverrideOptions {
  std::optional<double> flow_seconds;
  std::optional<double> rest_seconds;
  std::optional<int> rounds;
};

// --area and --minutes: a session built from the library to fit the time.
struct FitOptions {
  std::string areas;  // "neck,shoulders"; empty: those stretched least recently
  std::optional<double> minutes;
};

// The routine named on the command line, found, loaded and with the
// overrides applied. A routine that the overrides make too long is a usage
// error.
FoundRoutine find_routine_for(const std::string& name_or_path, const OverrideOptions& overrides,
                              const Context& context);

// Where this machine's history is, and every machine's it reads, by the
// settings (history.shared_dir, history.machine) and the host name.
HistoryStore history_store_of(const Context& context);

// The routine named, or with --minutes one built to fit from the library
// and the history; a usage error for neither or both.
FoundRoutine routine_for(const std::string& name_or_path, const OverrideOptions& overrides,
                         const FitOptions& fit, const Context& context);

struct ListOptions {
  OutputFormat format = OutputFormat::automatic;
  std::string areas;        // "neck,shoulders": only routines that work one of them
  bool names_only = false;  // for shell completion
};
int run_list(const ListOptions& options, Context& context);

struct RoutineSummary {
  RoutineEntry entry;
  std::optional<RoutineOverview> overview;  // empty when the file does not load
  std::string problem;                      // why it does not load
};
// The `list` table, columns sized to fit their contents.
std::string format_routine_table(const std::vector<RoutineSummary>& routines);

struct ShowOptions {
  std::string routine;
  OutputFormat format = OutputFormat::automatic;
  OverrideOptions overrides;
  FitOptions fit;
};
int run_show(const ShowOptions& options, Context& context);

// The `show` text: each stretch, its instructions, phases and durations.
std::string format_plan(const Routine& routine, const Timeline& timeline, const RoutineEntry& from);

// How a session runs and shows itself: what start and resume share. The
// command line fills in dry_run, speed and the flags; the rest comes from
// the settings, flags winning (resolve_session_options).
struct SessionOptions {
  bool dry_run = false;
  double speed = 1.0;
  std::vector<FlagValue> flags;  // [start] settings given on the command line

  OutputFormat format = OutputFormat::automatic;
  ColorChoice color = ColorChoice::automatic;
  bool bell = false;
  bool say = false;
  std::string say_command;  // empty: the first speech program found
  bool no_history = false;
  std::string status_file;
  ClockTime hook_timeout{};
};

// The options with the [start] settings and the hooks' time limit filled
// in from the config file, the environment and the flags.
SessionOptions resolve_session_options(SessionOptions options, const Context& context);

struct StartOptions {
  std::string routine;
  OverrideOptions overrides;
  FitOptions fit;
  SessionOptions session;
};
int run_start(const StartOptions& options, Context& context);

struct ResumeOptions {
  SessionOptions session;
};
int run_resume(const ResumeOptions& options, Context& context);

// Runs a loaded routine from resume.phase_at (a phase's plan offset) on, as
// options say; records history and where to resume (resume names the
// routine and its overrides). Returns 0, or throws EndedBySignal for a
// session that a signal, a hang-up or a closed output ended.
int run_routine(const FoundRoutine& found, const SessionOptions& options, ResumeState resume,
                Context& context);

// --since and --until: local days, YYYY-MM-DD, both ends included.
struct DateRangeOptions {
  std::string since;
  std::string until;
};

enum class HistoryFormat { automatic, text, json, csv, ics };

struct HistoryOptions {
  HistoryFormat format = HistoryFormat::automatic;
  std::optional<int> last;  // default: 20 in the table, all in an export
  DateRangeOptions range;
};
int run_history(const HistoryOptions& options, Context& context);

struct StatsOptions {
  OutputFormat format = OutputFormat::automatic;
  DateRangeOptions range;
};
int run_stats(const StatsOptions& options, Context& context);

// The [remind] settings (config.hpp has their defaults and what each
// means), and instead of reminding, a word to the reminder that runs.
struct RemindOptions {
  ReminderSettings reminder;  // the schedule, snooze, break and max_defer
  std::string routine;
  std::string terminal;
  std::string alert;        // remind.alert: "auto", or channels
  std::string tmux_socket;  // remind.tmux_socket
  ClockTime hook_timeout{};
  BusySettings busy;
  // Instead of reminding, a word to the reminder that runs.
  bool status = false;
  std::string pause;        // a duration
  std::string pause_until;  // a time of day
  bool resume = false;
  bool now = false;
  bool skip = false;
  // What a tmux popup runs: the popup's text, then the key pressed is the
  // answer.
  std::string ask;
  std::vector<FlagValue> flags;  // [remind] settings given on the command line
};
int run_remind(const RemindOptions& options, Context& context);
// The options with every [remind] setting not given on the command line
// taken from the config file and the environment.
RemindOptions resolve_remind_options(RemindOptions options, const Context& context);

enum class StatusFormat { text, json, waybar };
struct StatusOptions {
  StatusFormat format = StatusFormat::text;
};
int run_status(const StatusOptions& options, Context& context);

struct ValidateOptions {
  std::vector<std::string> files;
  std::string language;  // also report what its translation into this language lacks
};

int run_validate(const ValidateOptions& options, Context& context);

struct NewOptions {
  std::string name;
  bool config = false;  // a starter config file instead of a routine
};

struct ConfigOptions {
  bool path = false;  // only the config file's path
  OutputFormat format = OutputFormat::automatic;
};
int run_config(const ConfigOptions& options, Context& context);
int run_new(const NewOptions& options, Context& context);

}  // namespace stretch
