#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/sinks/history.hpp"
#include "stretch/sinks/history_stats.hpp"

namespace stretch {

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
