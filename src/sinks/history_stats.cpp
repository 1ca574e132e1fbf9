#include "stretch/sinks/history_stats.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {

std::vector<HistoryRecord> records_between(std::vector<HistoryRecord> records,
                                           std::optional<CalendarDate> since,
                                           std::optional<CalendarDate> until) {
  if (!since && !until) {
    return records;  // years of them, each a day to work out for nothing
  }
  std::erase_if(records, [&](const HistoryRecord& record) {
    const CalendarDate day = date_of_day(local_day(record.start));
    return (since && day < *since) || (until && day > *until);
  });
  return records;
}

Stats compute_stats(const std::vector<HistoryRecord>& records, CalendarDate today,
                    int first_weekday) {
  Stats stats;
  const std::int64_t today_number = day_number(today);
  const std::int64_t week_start = today_number - (weekday(today_number) - first_weekday + 7) % 7;
  std::vector<std::int64_t> active_days;
  for (const HistoryRecord& record : records) {
    for (const StretchRecord& stretch : record.stretch_records) {
      stats.stretches_done += stretch.outcome == StretchOutcome::done ? 1 : 0;
      stats.stretches_skipped += stretch.outcome == StretchOutcome::skipped ? 1 : 0;
    }
    const Millis time = record.real_time();
    if (time <= 0) {
      continue;
    }
    const std::int64_t day = local_day(record.start);
    ++stats.sessions;
    stats.time += time;
    ++stats.per_routine[record.routine];
    if (day >= week_start && day <= today_number) {
      ++stats.sessions_this_week;
      stats.time_this_week += time;
    }
    const std::int64_t days_ago = today_number - day;
    if (days_ago >= 0 && days_ago < 28) {
      stats.last_28_days[static_cast<std::size_t>(27 - days_ago)] += time;
    }
    active_days.push_back(day);
  }
  std::sort(active_days.begin(), active_days.end());
  active_days.erase(std::unique(active_days.begin(), active_days.end()), active_days.end());
  int run = 0;
  for (std::size_t i = 0; i < active_days.size(); ++i) {
    run = i > 0 && active_days[i] == active_days[i - 1] + 1 ? run + 1 : 1;
    stats.longest_streak = std::max(stats.longest_streak, run);
  }
  // A streak is still alive on a day not yet stretched if yesterday was.
  if (!active_days.empty() && active_days.back() >= today_number - 1 &&
      active_days.back() <= today_number) {
    stats.current_streak = run;
  }
  return stats;
}

namespace {

std::string minutes(Millis time) {
  // TRANSLATORS: minutes of stretching, e.g. "12 min".
  return fmt::format(fmt::runtime(tr("{:.0f} min")), in_minutes(time));
}

unsigned long count(int number) {
  return static_cast<unsigned long>(std::max(number, 0));
}

}  // namespace

std::string format_stats(const Stats& stats, CalendarDate today, bool unicode) {
  // Labels in a column as wide as the widest, values after them.
  const std::array<std::pair<std::string, std::string>, 4> rows{{
      {tr("This week"), fmt::format(fmt::runtime(trn("{0} session, {1}", "{0} sessions, {1}",
                                                     count(stats.sessions_this_week))),
                                    stats.sessions_this_week, minutes(stats.time_this_week))},
      {tr("In total"), fmt::format(fmt::runtime(trn("{0} session, {1}", "{0} sessions, {1}",
                                                    count(stats.sessions))),
                                   stats.sessions, minutes(stats.time))},
      {tr("Streak"), fmt::format(fmt::runtime(trn("{0} day now, {1} at the longest",
                                                  "{0} days now, {1} at the longest",
                                                  count(stats.current_streak))),
                                 stats.current_streak, stats.longest_streak)},
      // TRANSLATORS: stretches done against stretches skipped with n.
      {tr("Stretches"), fmt::format(fmt::runtime(tr("{0} done, {1} skipped")), stats.stretches_done,
                                    stats.stretches_skipped)},
  }};
  std::size_t label_width = 0;
  for (const auto& [label, value] : rows) {
    label_width = std::max(label_width, display_width(label));
  }
  std::string out;
  for (const auto& [label, value] : rows) {
    out += label;
    out.append(label_width - display_width(label) + 3, ' ');
    out += value;
    out += '\n';
  }
  if (!stats.per_routine.empty()) {
    out += fmt::format("\n{}\n", tr("By routine"));
    for (const auto& [routine, sessions] : stats.per_routine) {
      out += fmt::format("  {:<20} {}\n", routine, sessions);
    }
  }
  // Eight levels a column, scaled to the busiest day.
  const Millis busiest = *std::max_element(stats.last_28_days.begin(), stats.last_28_days.end());
  static constexpr std::array<std::string_view, 9> blocks{" ", "▁", "▂", "▃", "▄",
                                                          "▅", "▆", "▇", "█"};
  static constexpr std::array<std::string_view, 9> ascii{" ", ".", ".", ":", ":",
                                                         "|", "|", "#", "#"};
  std::string bars;
  for (const Millis day : stats.last_28_days) {
    const auto level =
        busiest == 0 ? 0 : static_cast<std::size_t>((day * 8 + busiest - 1) / busiest);
    bars += (unicode ? blocks : ascii)[level];
  }
  const CalendarDate first = date_of_day(day_number(today) - 27);
  // TRANSLATORS: {} is the busiest day's minutes, e.g. "12 min".
  out += "\n" + fmt::format(fmt::runtime(tr("Minutes a day, last 28 days (busiest: {})")),
                            minutes(busiest));
  // TRANSLATORS: under the chart's last column; at most 24 characters.
  const std::string today_label = tr("today");
  out += fmt::format("\n  |{}|\n  {:02}-{:02}{}{}\n", bars, first.month, first.day,
                     std::string(24 - std::min<std::size_t>(24, display_width(today_label)), ' '),
                     today_label);
  return out;
}

}  // namespace stretch
