#include "stretch/history.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/error.hpp"

namespace stretch {

WallTime WallTime::now() {
  const std::time_t epoch = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&epoch, &local);
  return {epoch, static_cast<int>(local.tm_gmtoff)};
}

std::string format_iso8601(WallTime time) {
  const std::time_t shifted = static_cast<std::time_t>(time.epoch + time.utc_offset);
  std::tm fields{};
  ::gmtime_r(&shifted, &fields);
  const int offset_minutes = std::abs(time.utc_offset) / 60;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", fields.tm_year + 1900,
                     fields.tm_mon + 1, fields.tm_mday, fields.tm_hour, fields.tm_min,
                     fields.tm_sec, time.utc_offset < 0 ? '-' : '+', offset_minutes / 60,
                     offset_minutes % 60);
}

std::int64_t day_number(LocalDate date) {
  // Days from the civil date, counting years from March so that the leap
  // day falls last.
  const std::int64_t year = date.month <= 2 ? date.year - 1 : date.year;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t month = date.month > 2 ? date.month - 3 : date.month + 9;
  const std::int64_t day_of_year = (153 * month + 2) / 5 + date.day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::optional<WallTime> parse_iso8601(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offset_hours = 0,
      offset_minutes = 0;
  char sign = 0;
  const std::string copy(text);
  if (text.size() != 25 ||
      std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &year, &month, &day, &hour,
                  &minute, &second, &sign, &offset_hours, &offset_minutes) != 9 ||
      (sign != '+' && sign != '-') || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  const int offset = (sign == '-' ? -1 : 1) * (offset_hours * 3600 + offset_minutes * 60);
  const std::int64_t local_seconds =
      day_number({year, month, day}) * 86400 + (std::int64_t{hour} * 60 + minute) * 60 + second;
  return WallTime{local_seconds - offset, offset};
}

std::string format_history_line(const HistoryRecord& record) {
  nlohmann::ordered_json json;
  json["start"] = format_iso8601(record.start);
  json["routine"] = record.routine;
  json["source"] = record.source;
  json["planned"] = static_cast<double>(record.planned) / 1000.0;
  json["done"] = static_cast<double>(record.done) / 1000.0;
  json["stretches_done"] = record.stretches_done;
  json["stretches"] = record.stretches;
  json["outcome"] = record.outcome;
  return json.dump() + "\n";
}

std::optional<HistoryRecord> parse_history_line(std::string_view line) {
  const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_object()) {
    return std::nullopt;
  }
  try {
    const std::optional<WallTime> start = parse_iso8601(json.at("start").get<std::string>());
    if (!start) {
      return std::nullopt;
    }
    HistoryRecord record;
    record.start = *start;
    record.routine = json.at("routine").get<std::string>();
    record.source = json.at("source").get<std::string>();
    record.planned = static_cast<Millis>(json.at("planned").get<double>() * 1000.0);
    record.done = static_cast<Millis>(json.at("done").get<double>() * 1000.0);
    record.stretches_done = json.at("stretches_done").get<int>();
    record.stretches = json.at("stretches").get<int>();
    record.outcome = json.at("outcome").get<std::string>();
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void append_history(const std::filesystem::path& file, const HistoryRecord& record) {
  const auto fail = [&](int error) {
    throw Error(ExitCode::io, fmt::format("cannot write {}: {}", quote_untrusted(file.string()),
                                          std::strerror(error)));
  };
  std::error_code created;
  std::filesystem::create_directories(file.parent_path(), created);
  const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    fail(errno);
  }
  const std::string line = format_history_line(record);
  // The lock keeps readers and other writers from seeing half a line; the
  // single write() keeps the line whole even where flock is not honoured.
  ::flock(fd, LOCK_EX);
  const ssize_t written = ::write(fd, line.data(), line.size());
  const int error = errno;
  ::flock(fd, LOCK_UN);
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    fail(written < 0 ? error : ENOSPC);
  }
}

History read_history(const std::filesystem::path& file) {
  History history;
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) {
      continue;
    }
    if (auto record = parse_history_line(line)) {
      history.records.push_back(std::move(*record));
    } else {
      history.warnings.push_back(fmt::format("{}:{}: not a history record; skipped",
                                             quote_untrusted(file.string()), number));
    }
  }
  return history;
}

LocalDate local_date(std::int64_t epoch) {
  const auto time = static_cast<std::time_t>(epoch);
  std::tm fields{};
  ::localtime_r(&time, &fields);
  return {fields.tm_year + 1900, fields.tm_mon + 1, fields.tm_mday};
}

Stats compute_stats(const std::vector<HistoryRecord>& records, LocalDate today) {
  Stats stats;
  const std::int64_t today_number = day_number(today);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  const std::int64_t monday = today_number - ((today_number + 3) % 7 + 7) % 7;
  std::vector<std::int64_t> active_days;
  for (const HistoryRecord& record : records) {
    if (record.done <= 0) {
      continue;
    }
    const std::int64_t day = day_number(local_date(record.start.epoch));
    ++stats.sessions;
    stats.time += record.done;
    ++stats.per_routine[record.routine];
    if (day >= monday && day <= today_number) {
      ++stats.sessions_this_week;
      stats.time_this_week += record.done;
    }
    const std::int64_t days_ago = today_number - day;
    if (days_ago >= 0 && days_ago < 28) {
      stats.last_28_days[static_cast<std::size_t>(27 - days_ago)] += record.done;
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
  return fmt::format("{:.0f} min", static_cast<double>(time) / 60'000.0);
}

}  // namespace

std::string format_stats(const Stats& stats, LocalDate today, bool unicode) {
  std::string out;
  out += fmt::format("This week   {} session{}, {}\n", stats.sessions_this_week,
                     stats.sessions_this_week == 1 ? "" : "s", minutes(stats.time_this_week));
  out += fmt::format("In total    {} session{}, {}\n", stats.sessions,
                     stats.sessions == 1 ? "" : "s", minutes(stats.time));
  out += fmt::format("Streak      {} day{} now, {} at the longest\n", stats.current_streak,
                     stats.current_streak == 1 ? "" : "s", stats.longest_streak);
  if (!stats.per_routine.empty()) {
    out += "\nBy routine\n";
    for (const auto& [routine, count] : stats.per_routine) {
      out += fmt::format("  {:<20} {}\n", routine, count);
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
  const LocalDate first = local_date((day_number(today) - 27) * 86400 + 43200);
  out += fmt::format("\nMinutes a day, last 28 days (busiest: {})\n  |{}|\n  {:02}-{:02}{:>24}\n",
                     minutes(busiest), bars, first.month, first.day, "today");
  return out;
}

std::string format_history_table(const std::vector<HistoryRecord>& records) {
  std::string out = "STARTED                    ROUTINE              DONE     OUTCOME\n";
  for (const HistoryRecord& record : records) {
    out += fmt::format("{:<26} {:<20} {:>8} {}\n", format_iso8601(record.start),
                       truncate_to_width(record.routine, 20),
                       format_duration(record.done) + "/" + format_duration(record.planned),
                       record.outcome);
  }
  return out;
}

HistorySink::HistorySink(std::filesystem::path file, HistoryRecord started, Output& warnings)
    : file_(std::move(file)), record_(std::move(started)), warnings_(warnings) {}

void HistorySink::on_event(const Event& event) {
  if (const auto* end = std::get_if<SessionEnded>(&event.data)) {
    record_.done = end->active;
    record_.stretches_done = end->stretches_done;
    write(outcome_name(end->outcome));
  }
}

void HistorySink::write(std::string_view outcome) {
  if (written_) {
    return;
  }
  written_ = true;
  record_.outcome = outcome;
  try {
    append_history(file_, record_);
  } catch (const Error& error) {
    write_warning(warnings_, fmt::format("history not saved: {}", error.what()));
  }
}

}  // namespace stretch
