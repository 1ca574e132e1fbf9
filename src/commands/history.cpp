#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/sinks/history.hpp"
#include "stretch/sinks/history_export.hpp"
#include "stretch/sinks/history_stats.hpp"

namespace stretch {
namespace {

History load_history_or_warn(Context& context) {
  History history = read_merged_history(history_store_of(context));
  for (const std::string& warning : history.warnings) {
    write_warning(context.err, warning);
  }
  return history;
}

std::optional<CalendarDate> parse_date(const std::string& text, std::string_view option) {
  if (text.empty()) {
    return std::nullopt;
  }
  CalendarDate date;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &date.year, &date.month, &date.day, &extra) != 3 ||
      date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) {
    throw Error(ExitCode::usage,
                fmt::format(fmt::runtime(tr("{0}: \"{1}\" is not a date like 2026-11-24")), option,
                            quote_untrusted(text)));
  }
  return date;
}

// The sessions in the range asked for, and a warning for each line of the
// file that could not be read.
std::vector<HistoryRecord> records_in(const DateRangeOptions& range, Context& context) {
  const std::optional<CalendarDate> since = parse_date(range.since, "--since");
  const std::optional<CalendarDate> until = parse_date(range.until, "--until");
  if (since && until && *until < *since) {
    throw Error(ExitCode::usage, fmt::format(fmt::runtime(tr("--until {0} is before --since {1}")),
                                             range.until, range.since));
  }
  return records_between(load_history_or_warn(context).records, since, until);
}

void add_date_range_options(CLI::App& command, DateRangeOptions& range) {
  // TRANSLATORS: a placeholder in --help for a date: year, month, day.
  const char* date_word = tr("YYYY-MM-DD");
  command.add_option("--since", range.since, tr("Only sessions from this day on (local time)"))
      ->option_text(date_word)
      ->type_name(date_word);
  command.add_option("--until", range.until, tr("Only sessions up to this day, itself included"))
      ->option_text(date_word)
      ->type_name(date_word);
}

}  // namespace

void add_history_command(CommandLine& cli) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* command =
      cli.add("history", tr("List past sessions, the latest last"),
              [options](Context& context) { return run_history(*options, context); });
  add_choice_option(*command, "--format", options->format,
                    {{"auto", HistoryFormat::automatic},
                     {"text", HistoryFormat::text},
                     {"json", HistoryFormat::json},
                     {"csv", HistoryFormat::csv},
                     {"ics", HistoryFormat::ics}},
                    tr("auto and text: a table; json: the records as JSON lines; csv: a "
                       "spreadsheet; ics: a calendar, one event per session"));
  command
      ->add_option("-n,--last", options->last,
                   tr("How many sessions to list (default: 20 in the table, all in an export)"))
      ->check(whole_number_between(1, 1'000'000))
      ->option_text("N")
      ->type_name("N");
  add_date_range_options(*command, options->range);
}

int run_history(const HistoryOptions& options, Context& context) {
  std::vector<HistoryRecord> records = records_in(options.range, context);
  const bool machines = several_machines(records);
  const bool table =
      options.format == HistoryFormat::automatic || options.format == HistoryFormat::text;
  const std::size_t last = static_cast<std::size_t>(options.last.value_or(table ? 20 : 0));
  if (last > 0 && records.size() > last) {
    records.erase(records.begin(), records.end() - static_cast<std::ptrdiff_t>(last));
  }
  Output& out = context.out;
  if (options.format == HistoryFormat::json) {
    std::string lines;
    for (const HistoryRecord& record : records) {
      lines += format_history_line(record);
    }
    out.write(lines);
  } else if (options.format == HistoryFormat::csv) {
    out.write(format_history_csv(records));
  } else if (options.format == HistoryFormat::ics) {
    out.write(format_history_ics(records));
  } else if (records.empty()) {
    out.write(std::string(tr("No sessions yet. `stretch start lower-back` makes the first.")) +
              "\n");
  } else {
    out.write(format_history_table(records, machines));
  }
  return 0;
}

void add_stats_command(CommandLine& cli) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* command = cli.add(
      "stats", tr("Sessions and minutes this week and in all, streaks, and the last 28 days"),
      [options](Context& context) { return run_stats(*options, context); });
  add_format_option(*command, options->format);
  add_date_range_options(*command, options->range);
}

int run_stats(const StatsOptions& options, Context& context) {
  const TimeZone& zone = *context.time_zone;
  const CalendarDate today = local_date(zone, context.wall_clock().epoch);
  const Stats stats =
      compute_stats(records_in(options.range, context), today, context.locale_time.first_weekday);
  Output& out = context.out;
  if (options.format == OutputFormat::json) {
    nlohmann::ordered_json json;
    json["sessions_this_week"] = stats.sessions_this_week;
    json["minutes_this_week"] = in_minutes(stats.time_this_week);
    json["sessions"] = stats.sessions;
    json["minutes"] = in_minutes(stats.time);
    json["current_streak"] = stats.current_streak;
    json["longest_streak"] = stats.longest_streak;
    json["stretches_done"] = stats.stretches_done;
    json["stretches_skipped"] = stats.stretches_skipped;
    json["per_routine"] = stats.per_routine;
    nlohmann::ordered_json days = nlohmann::ordered_json::array();
    for (const Millis day : stats.last_28_days) {
      days.push_back(in_minutes(day));
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
