#include "stretch/sinks/history.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <sstream>

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/platform/words.hpp"

namespace stretch {
namespace {

constexpr WordTable<StretchOutcome, 5> stretch_outcome_words{{{
    {StretchOutcome::done, "done"},
    {StretchOutcome::skipped, "skipped"},
    {StretchOutcome::stopped, "stopped"},
    {StretchOutcome::not_reached, "not-reached"},
    {StretchOutcome::done_earlier, "done-earlier"},
}}};

}  // namespace

std::string_view stretch_outcome_name(StretchOutcome outcome) {
  return stretch_outcome_words.word(outcome);
}

std::optional<StretchOutcome> parse_stretch_outcome(std::string_view name) {
  return stretch_outcome_words.value(name);
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
    // The file is ours, but anything may have written it: its text is
    // quoted as a routine file's is, for every table, export and count.
    const auto text = [&](const nlohmann::json& field) {
      return quote_untrusted(field.get<std::string>());
    };
    HistoryRecord record;
    record.start = *start;
    record.routine = text(json.at("routine"));
    record.source = text(json.at("source"));
    record.planned = millis_from_seconds(json.at("planned").get<double>());
    record.done = millis_from_seconds(json.at("done").get<double>());
    record.stretches_done = json.at("stretches_done").get<int>();
    record.stretches = json.at("stretches").get<int>();
    record.outcome = text(json.at("outcome"));
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
      record.stretch_records.push_back({text(stretch.at("id")), *outcome});
    }
    return record;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

namespace {

// Holds the history's lock, or gives up after history_lock_wait: a session
// that ends must never hang on another process that holds it.
bool lock_within(int fd) {
  const auto deadline = std::chrono::steady_clock::now() + history_lock_wait;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if ((errno != EWOULDBLOCK && errno != EINTR) || std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    // Only while another process holds it, which takes a write's time.
    ::poll(nullptr, 0, 10);
  }
  return true;
}

// A line cut short (a full disk, a crash mid-write) must not swallow the
// next record: it starts on a line of its own.
bool ends_mid_line(int fd) {
  struct stat info {};
  char last = '\n';
  return ::fstat(fd, &info) == 0 && info.st_size > 0 &&
         ::pread(fd, &last, 1, info.st_size - 1) == 1 && last != '\n';
}

}  // namespace

bool append_history(const std::filesystem::path& file, const HistoryRecord& record) {
  const auto fail = [&](int error) {
    // TRANSLATORS: {0} is a file, {1} the system's reason.
    throw Error(ExitCode::io, fmt::format(fmt::runtime(tr("cannot write {0}: {1}")),
                                          quote_untrusted(file.string()), std::strerror(error)));
  };
  const std::shared_ptr<const PrivateDir> dir =
      PrivateDir::open(file.parent_path(), PrivateDir::Parent::unchecked);
  const UniqueFd fd(
      dir->open_file(file.filename().string(), O_RDWR | O_APPEND | O_CREAT | O_NONBLOCK, 0600));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0) {
    fail(errno);
  }
  if (!S_ISREG(info.st_mode)) {
    throw Error(ExitCode::io, fmt::format(fmt::runtime(tr("cannot read {}: not a regular file")),
                                          quote_untrusted(file.string())));
  }
  // Made readable to others by an older stretch: it is the user's alone.
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::fchmod(fd.get(), 0600);
  }
  // The lock keeps readers and other writers from seeing half a line; the
  // single write() keeps the line whole even where flock is not honoured.
  const bool locked = lock_within(fd.get());
  const std::string line = (ends_mid_line(fd.get()) ? "\n" : "") + format_history_line(record);
  const ssize_t written = ::write(fd.get(), line.data(), line.size());
  const int error = errno;
  if (locked) {
    ::flock(fd.get(), LOCK_UN);
  }
  if (written != static_cast<ssize_t>(line.size())) {
    fail(written < 0 ? error : ENOSPC);
  }
  return locked;
}

History read_history(const std::filesystem::path& file) {
  History history;
  const FileText read = read_small_file(file, history_bytes);
  if (read.status == FileText::Status::missing) {
    return history;
  }
  if (read.status != FileText::Status::read || read.text.size() > history_bytes) {
    history.warnings.push_back(
        read.status == FileText::Status::failed
            ? fmt::format(fmt::runtime(tr("cannot read {0}: {1}")), quote_untrusted(file.string()),
                          read.problem)
        : read.status == FileText::Status::read
            ? fmt::format(fmt::runtime(tr("{0}: over {1} bytes; not a history file")),
                          quote_untrusted(file.string()), history_bytes)
            : fmt::format(fmt::runtime(tr("cannot read {}: not a regular file")),
                          quote_untrusted(file.string())));
    return history;
  }
  std::istringstream in(read.text);
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
    if (!append_history(file_, record_)) {
      write_warning(
          warnings_,
          fmt::format(
              fmt::runtime(tr("{0}: another process held the lock for over {1}; "
                              "written without it")),
              quote_untrusted(file_.string()),
              format_interval(
                  std::chrono::duration_cast<std::chrono::seconds>(history_lock_wait).count())));
    }
  } catch (const Error& error) {
    write_warning(warnings_, fmt::format(fmt::runtime(tr("history not saved: {}")), error.what()));
  }
}

}  // namespace stretch
