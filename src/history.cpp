#include "stretch/history.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
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
#include "stretch/i18n.hpp"

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

namespace {

constexpr std::array<std::pair<StretchOutcome, std::string_view>, 5> stretch_outcome_names{{
    {StretchOutcome::done, "done"},
    {StretchOutcome::skipped, "skipped"},
    {StretchOutcome::stopped, "stopped"},
    {StretchOutcome::not_reached, "not-reached"},
    {StretchOutcome::done_earlier, "done-earlier"},
}};

double seconds(Millis time) {
  return static_cast<double>(time) / 1000.0;
}

Millis millis(double seconds) {
  return static_cast<Millis>(std::llround(seconds * 1000.0));
}

}  // namespace

std::string_view stretch_outcome_name(StretchOutcome outcome) {
  for (const auto& [known, name] : stretch_outcome_names) {
    if (known == outcome) {
      return name;
    }
  }
  return "";
}

std::optional<StretchOutcome> parse_stretch_outcome(std::string_view name) {
  for (const auto& [outcome, known] : stretch_outcome_names) {
    if (known == name) {
      return outcome;
    }
  }
  return std::nullopt;
}

Millis HistoryRecord::real_time() const {
  return static_cast<Millis>(std::llround(static_cast<double>(done) / speed));
}

WallTime HistoryRecord::end() const {
  return {start.epoch + (wall + 500) / 1000, start.utc_offset};
}

std::string format_history_line(const HistoryRecord& record) {
  nlohmann::ordered_json json;
  json["start"] = format_iso8601(record.start);
  json["routine"] = record.routine;
  json["source"] = record.source;
  json["planned"] = seconds(record.planned);
  json["done"] = seconds(record.done);
  json["stretches_done"] = record.stretches_done;
  json["stretches"] = record.stretches;
  json["outcome"] = record.outcome;
  json["speed"] = record.speed;
  json["wall"] = seconds(record.wall);
  nlohmann::ordered_json stretches = nlohmann::ordered_json::array();
  for (const StretchRecord& stretch : record.stretch_records) {
    stretches.push_back({{"id", stretch.id}, {"outcome", stretch_outcome_name(stretch.outcome)}});
  }
  json["stretch_outcomes"] = std::move(stretches);
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
    record.planned = millis(json.at("planned").get<double>());
    record.done = millis(json.at("done").get<double>());
    record.stretches_done = json.at("stretches_done").get<int>();
    record.stretches = json.at("stretches").get<int>();
    record.outcome = json.at("outcome").get<std::string>();
    // Lines from before these fields were kept: speed 1, and the time gone
    // through is the best guess at the time taken.
    record.speed = json.value("speed", 1.0);
    if (!(record.speed > 0)) {
      return std::nullopt;
    }
    record.wall = json.contains("wall") ? millis(json.at("wall").get<double>()) : record.done;
    for (const nlohmann::json& stretch : json.value("stretch_outcomes", nlohmann::json::array())) {
      const std::optional<StretchOutcome> outcome =
          parse_stretch_outcome(stretch.at("outcome").get<std::string>());
      if (!outcome) {
        return std::nullopt;
      }
      record.stretch_records.push_back({stretch.at("id").get<std::string>(), *outcome});
    }
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void append_history(const std::filesystem::path& file, const HistoryRecord& record) {
  const auto fail = [&](int error) {
    // TRANSLATORS: {0} is a file, {1} the system's reason.
    throw Error(ExitCode::io, fmt::format(fmt::runtime(tr("cannot write {0}: {1}")),
                                          quote_untrusted(file.string()), std::strerror(error)));
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
      history.warnings.push_back(
          fmt::format(fmt::runtime(tr("{0}:{1}: not a history record; skipped")),
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

std::vector<HistoryRecord> records_between(std::vector<HistoryRecord> records,
                                           std::optional<LocalDate> since,
                                           std::optional<LocalDate> until) {
  std::erase_if(records, [&](const HistoryRecord& record) {
    const LocalDate day = local_date(record.start.epoch);
    return (since && day < *since) || (until && day > *until);
  });
  return records;
}

Stats compute_stats(const std::vector<HistoryRecord>& records, LocalDate today, int first_weekday) {
  Stats stats;
  const std::int64_t today_number = day_number(today);
  // 1970-01-01 was a Thursday, weekday 4 counting from Sunday.
  const std::int64_t week_start = today_number - ((today_number + 4 - first_weekday) % 7 + 7) % 7;
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
    const std::int64_t day = day_number(local_date(record.start.epoch));
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
  return fmt::format(fmt::runtime(tr("{:.0f} min")), static_cast<double>(time) / 60'000.0);
}

unsigned long count(int number) {
  return static_cast<unsigned long>(std::max(number, 0));
}

}  // namespace

std::string format_stats(const Stats& stats, LocalDate today, bool unicode) {
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
  const LocalDate first = local_date((day_number(today) - 27) * 86400 + 43200);
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

std::string format_history_table(const std::vector<HistoryRecord>& records) {
  // TRANSLATORS: the history table's column headers: STARTED, ROUTINE, DONE
  // and OUTCOME fit 26, 20, 8 and any number of characters.
  std::string out = fmt::format("{:<26} {:<20} {:<8} {}\n", tr("STARTED"), tr("ROUTINE"),
                                tr("DONE"), tr("OUTCOME"));
  for (const HistoryRecord& record : records) {
    const std::string speed =
        record.speed == 1.0
            ? ""
            // TRANSLATORS: after a session's outcome when it ran faster, e.g. " (at 100x)".
            : fmt::format(fmt::runtime(tr(" (at {:g}x)")), record.speed);
    out += fmt::format("{:<26} {:<20} {:>8} {}{}\n", format_iso8601(record.start),
                       truncate_to_width(record.routine, 20),
                       format_duration(record.done) + "/" + format_duration(record.planned),
                       record.outcome, speed);
  }
  return out;
}

namespace {

int count_stretches(const HistoryRecord& record, StretchOutcome outcome) {
  return static_cast<int>(std::count_if(
      record.stretch_records.begin(), record.stretch_records.end(),
      [outcome](const StretchRecord& stretch) { return stretch.outcome == outcome; }));
}

// A field quoted when it holds a separator, a quote or a line break, with
// its quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c == '"' ? "\"\"" : std::string(1, c);
  }
  return quoted + "\"";
}

}  // namespace

std::string format_history_csv(const std::vector<HistoryRecord>& records) {
  std::string out =
      "start,end,routine,source,planned_seconds,done_seconds,real_seconds,wall_seconds,speed,"
      "stretches,stretches_done,stretches_skipped,outcome\r\n";
  for (const HistoryRecord& record : records) {
    out += fmt::format("{},{},{},{},{:g},{:g},{:g},{:g},{:g},{},{},{},{}\r\n",
                       format_iso8601(record.start), format_iso8601(record.end()),
                       csv_field(record.routine), csv_field(record.source), seconds(record.planned),
                       seconds(record.done), seconds(record.real_time()), seconds(record.wall),
                       record.speed, record.stretches, record.stretches_done,
                       count_stretches(record, StretchOutcome::skipped), csv_field(record.outcome));
  }
  return out;
}

namespace {

std::string ics_time(std::int64_t epoch) {
  const auto time = static_cast<std::time_t>(epoch);
  std::tm fields{};
  ::gmtime_r(&time, &fields);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", fields.tm_year + 1900, fields.tm_mon + 1,
                     fields.tm_mday, fields.tm_hour, fields.tm_min, fields.tm_sec);
}

// TEXT values escape backslash, semicolon, comma and line breaks; other
// control characters have no place in a calendar and are left out.
std::string ics_text(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
      escaped += c;
    }
  }
  return escaped;
}

// A content line folded at 75 octets, never inside a UTF-8 sequence, each
// continuation starting with a space; CRLF ends every line.
std::string ics_line(std::string_view line) {
  std::string out;
  std::size_t limit = 75;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
  return out;
}

}  // namespace

std::string format_history_ics(const std::vector<HistoryRecord>& records) {
  std::string out = ics_line("BEGIN:VCALENDAR") + ics_line("VERSION:2.0") +
                    ics_line("PRODID:-//stretch//history export//EN") +
                    ics_line("CALSCALE:GREGORIAN");
  for (const HistoryRecord& record : records) {
    const std::int64_t end = std::max(record.end().epoch, record.start.epoch + 1);
    const std::string description = fmt::format(
        "{} of {} stretched, {} of {} stretches, {}.", format_duration(record.real_time()),
        format_duration(record.planned), record.stretches_done, record.stretches, record.outcome);
    out += ics_line("BEGIN:VEVENT");
    // Unique as long as no two sessions start in the same second with the
    // same routine, which one person cannot do.
    out += ics_line(fmt::format("UID:{}-{}@stretch.history", ics_time(record.start.epoch),
                                ics_text(record.routine)));
    out += ics_line("DTSTAMP:" + ics_time(end));
    out += ics_line("DTSTART:" + ics_time(record.start.epoch));
    out += ics_line("DTEND:" + ics_time(end));
    out += ics_line("SUMMARY:" + ics_text("Stretch: " + record.routine));
    out += ics_line("DESCRIPTION:" + ics_text(description));
    out += ics_line("END:VEVENT");
  }
  return out + ics_line("END:VCALENDAR");
}

HistorySink::HistorySink(std::filesystem::path file, HistoryRecord started, Clock& clock,
                         Output& warnings)
    : file_(std::move(file)),
      record_(std::move(started)),
      clock_(clock),
      started_at_(clock.now()),
      warnings_(warnings) {}

StretchRecord* HistorySink::current() {
  if (stretch_ < 1 || static_cast<std::size_t>(stretch_) > record_.stretch_records.size()) {
    return nullptr;
  }
  return &record_.stretch_records[static_cast<std::size_t>(stretch_ - 1)];
}

void HistorySink::on_event(const Event& event) {
  std::visit(
      Overloaded{
          [&](const StretchStarted& started) {
            if (StretchRecord* previous = current();
                previous && previous->outcome == StretchOutcome::stopped) {
              previous->outcome = StretchOutcome::done;
            }
            // A resumed session starts past the stretches done before.
            for (int earlier = stretch_ + 1; stretch_ == 0 && earlier < started.number; ++earlier) {
              record_.stretch_records[static_cast<std::size_t>(earlier - 1)].outcome =
                  StretchOutcome::done_earlier;
            }
            stretch_ = started.number;
            if (StretchRecord* now = current()) {
              now->outcome = StretchOutcome::stopped;  // until it is seen through
            }
          },
          [&](const PhaseStarted& phase) { in_flow_ = phase.phase == PhaseKind::flow; },
          [&](const Skipped&) {
            if (StretchRecord* now = current(); now && in_flow_) {
              now->outcome = StretchOutcome::skipped;
            }
          },
          [&](const SessionEnded& end) {
            record_.done = end.active;
            record_.stretches_done = end.stretches_done;
            if (StretchRecord* last = current();
                last && end.outcome == Outcome::done && last->outcome == StretchOutcome::stopped) {
              last->outcome = StretchOutcome::done;
            }
            write(end.outcome);
          },
          [](const auto&) {},
      },
      event.data);
}

void HistorySink::write(Outcome outcome) {
  if (written_) {
    return;
  }
  written_ = true;
  record_.outcome = outcome_name(outcome);
  record_.wall =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - started_at_).count();
  try {
    append_history(file_, record_);
  } catch (const Error& error) {
    write_warning(warnings_, fmt::format(fmt::runtime(tr("history not saved: {}")), error.what()));
  }
}

}  // namespace stretch
