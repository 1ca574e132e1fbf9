#include <algorithm>

#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "stretch/commands.hpp"
#include "stretch/error.hpp"
#include "stretch/history.hpp"
#include "stretch/output.hpp"

namespace stretch {
namespace {

History load_history_or_warn() {
  const std::optional<std::filesystem::path> dir = state_dir();
  if (!dir) {
    return {};
  }
  History history = read_history(*dir / "history.jsonl");
  FileOutput err(STDERR_FILENO);
  for (const std::string& warning : history.warnings) {
    err.write(fmt::format("stretch: warning: {}\n", warning));
  }
  return history;
}

std::optional<LocalDate> parse_date(const std::string& text) {
  LocalDate date;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &date.year, &date.month, &date.day, &extra) != 3 ||
      date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) {
    return std::nullopt;
  }
  return date;
}

}  // namespace

CLI::App* add_history_command(CLI::App& app, HistoryOptions& options) {
  CLI::App* command = app.add_subcommand("history", "List past sessions, the latest last");
  add_format_option(*command, options.format);
  command->add_option("-n,--last", options.last, "How many sessions to list")
      ->check(CLI::Range(1, 1'000'000));
  command->add_option("--since", options.since, "Only sessions from this day on (YYYY-MM-DD)");
  return command;
}

int run_history(const HistoryOptions& options) {
  std::vector<HistoryRecord> records = load_history_or_warn().records;
  if (!options.since.empty()) {
    const std::optional<LocalDate> since = parse_date(options.since);
    if (!since) {
      throw Error(ExitCode::usage, fmt::format("--since: \"{}\" is not a date like 2026-11-24",
                                               quote_untrusted(options.since)));
    }
    std::erase_if(records, [&](const HistoryRecord& record) {
      return local_date(record.start.epoch) < *since;
    });
  }
  if (records.size() > static_cast<std::size_t>(options.last)) {
    records.erase(records.begin(), records.end() - options.last);
  }
  FileOutput out(STDOUT_FILENO);
  if (options.format == OutputFormat::json) {
    std::string lines;
    for (const HistoryRecord& record : records) {
      lines += format_history_line(record);
    }
    out.write(lines);
  } else if (records.empty()) {
    out.write("No sessions yet. `stretch start lower-back` makes the first.\n");
  } else {
    out.write(format_history_table(records));
  }
  return 0;
}

CLI::App* add_stats_command(CLI::App& app, StatsOptions& options) {
  CLI::App* command = app.add_subcommand(
      "stats", "Sessions and minutes this week and in all, streaks, and the last 28 days");
  add_format_option(*command, options.format);
  return command;
}

int run_stats(const StatsOptions& options) {
  const History history = load_history_or_warn();
  const LocalDate today = local_date(WallTime::now().epoch);
  const Stats stats = compute_stats(history.records, today);
  FileOutput out(STDOUT_FILENO);
  if (options.format == OutputFormat::json) {
    nlohmann::ordered_json json;
    json["sessions_this_week"] = stats.sessions_this_week;
    json["minutes_this_week"] = static_cast<double>(stats.time_this_week) / 60'000.0;
    json["sessions"] = stats.sessions;
    json["minutes"] = static_cast<double>(stats.time) / 60'000.0;
    json["current_streak"] = stats.current_streak;
    json["longest_streak"] = stats.longest_streak;
    json["per_routine"] = stats.per_routine;
    nlohmann::ordered_json days = nlohmann::ordered_json::array();
    for (const Millis day : stats.last_28_days) {
      days.push_back(static_cast<double>(day) / 60'000.0);
    }
    json["minutes_last_28_days"] = days;
    out.write(json.dump(2) + "\n");
    return 0;
  }
  const bool unicode =
      isatty(STDOUT_FILENO) == 1 &&
      locale_is_utf8(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"));
  out.write(format_stats(stats, today, unicode));
  return 0;
}

}  // namespace stretch
