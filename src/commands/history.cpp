#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "stretch/history.hpp"

namespace stretch {
namespace {

History load_history_or_warn(Context& context) {
  const std::optional<std::filesystem::path> file = context.paths().history_file();
  if (!file) {
    return {};
  }
  History history = read_history(*file);
  for (const std::string& warning : history.warnings) {
    write_warning(context.err, warning);
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

void add_history_command(CommandLine& cli) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* command =
      cli.add("history", "List past sessions, the latest last",
              [options](Context& context) { return run_history(*options, context); });
  add_format_option(*command, options->format);
  command->add_option("-n,--last", options->last, "How many sessions to list (default 20)")
      ->check(whole_number_between(1, 1'000'000))
      ->option_text("N")
      ->type_name("N");
  command->add_option("--since", options->since, "Only sessions from this day on")
      ->option_text("YYYY-MM-DD")
      ->type_name("YYYY-MM-DD");
}

int run_history(const HistoryOptions& options, Context& context) {
  std::vector<HistoryRecord> records = load_history_or_warn(context).records;
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
  Output& out = context.out;
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

void add_stats_command(CommandLine& cli) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* command =
      cli.add("stats", "Sessions and minutes this week and in all, streaks, and the last 28 days",
              [options](Context& context) { return run_stats(*options, context); });
  add_format_option(*command, options->format);
}

int run_stats(const StatsOptions& options, Context& context) {
  const History history = load_history_or_warn(context);
  const LocalDate today = local_date(context.wall_clock().epoch);
  const Stats stats = compute_stats(history.records, today);
  Output& out = context.out;
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
  // Block characters wherever the locale can show them, piped or not: the
  // chart is for people either way.
  out.write(format_stats(stats, today, locale_is_utf8(context.environment)));
  return 0;
}

}  // namespace stretch
