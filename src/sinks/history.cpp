#include "stretch/sinks/history.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

constexpr std::array<std::pair<StretchOutcome, std::string_view>, 5> stretch_outcome_names{{
    {StretchOutcome::done, "done"},
    {StretchOutcome::skipped, "skipped"},
    {StretchOutcome::stopped, "stopped"},
    {StretchOutcome::not_reached, "not-reached"},
    {StretchOutcome::done_earlier, "done-earlier"},
}};

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
  json["planned"] = in_seconds(record.planned);
  json["done"] = in_seconds(record.done);
  json["stretches_done"] = record.stretches_done;
  json["stretches"] = record.stretches;
  json["outcome"] = record.outcome;
  json["speed"] = record.speed;
  json["wall"] = in_seconds(record.wall);
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
    record.planned = millis_from_seconds(json.at("planned").get<double>());
    record.done = millis_from_seconds(json.at("done").get<double>());
    record.stretches_done = json.at("stretches_done").get<int>();
    record.stretches = json.at("stretches").get<int>();
    record.outcome = json.at("outcome").get<std::string>();
    // Lines from before these fields were kept: speed 1, and the time gone
    // through is the best guess at the time taken.
    record.speed = json.value("speed", 1.0);
    if (!(record.speed > 0)) {
      return std::nullopt;
    }
    record.wall =
        json.contains("wall") ? millis_from_seconds(json.at("wall").get<double>()) : record.done;
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
