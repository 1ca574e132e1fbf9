#include "stretch/sinks/history.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/platform/words.hpp"
#include "stretch/sinks/history_files.hpp"

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
  if (!record.id.empty()) {
    json["id"] = record.id;
  }
  if (!record.machine.empty()) {
    json["machine"] = record.machine;
  }
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

namespace {

// Reads a line as stretch writes it, without building a JSON tree: years
// of history on several machines are tens of thousands of lines, which
// nlohmann_json's tree takes ten times as long to read. Anything it was
// not made for (escapes, bytes outside ASCII, a field it does not know, a
// number out of range) it leaves to the full parser, which has the last
// word on every line, so both read a line alike.
class FastLineReader {
 public:
  explicit FastLineReader(std::string_view line) : line_(line) {}

  std::optional<HistoryRecord> read() {
    HistoryRecord record;
    unsigned seen = 0;
    if (!object([&](std::string_view key) { return field(key, record, seen); })) {
      return std::nullopt;
    }
    skip_space();
    if (at_ < line_.size() || (seen & required) != required || !(record.speed > 0)) {
      return std::nullopt;
    }
    if ((seen & (1U << field_index("wall"))) == 0) {
      record.wall = record.done;
    }
    return record;
  }

 private:
  std::string_view line_;
  std::size_t at_ = 0;

  // Each field's bit in what has been seen.
  static constexpr std::array<std::string_view, 13> fields{
      "id",   "machine",        "start",     "routine", "source", "planned",         "done",
      "wall", "stretches_done", "stretches", "outcome", "speed",  "stretch_outcomes"};
  // start to stretches_done, stretches and outcome: the fields every line has.
  static constexpr unsigned required = 0b111'0111'1100;

  // fields.size() for a key that is none of them.
  static std::size_t field_index(std::string_view key) {
    return static_cast<std::size_t>(std::find(fields.begin(), fields.end(), key) - fields.begin());
  }

  void skip_space() {
    while (at_ < line_.size() &&
           (line_[at_] == ' ' || line_[at_] == '\t' || line_[at_] == '\r' || line_[at_] == '\n')) {
      ++at_;
    }
  }

  bool take(char c) {
    skip_space();
    if (at_ < line_.size() && line_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  // A string of printable ASCII without escapes.
  std::optional<std::string_view> plain_string() {
    if (!take('"')) {
      return std::nullopt;
    }
    const std::size_t start = at_;
    while (at_ < line_.size() && line_[at_] != '"') {
      const auto c = static_cast<unsigned char>(line_[at_]);
      if (c < 0x20 || c >= 0x7f || c == '\\') {
        return std::nullopt;
      }
      ++at_;
    }
    if (at_ == line_.size()) {
      return std::nullopt;
    }
    return line_.substr(start, at_++ - start);
  }

  std::optional<std::string> text() {
    const std::optional<std::string_view> value = plain_string();
    return value ? std::optional(std::string(*value)) : std::nullopt;
  }

  // A number as JSON writes one: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?
  std::optional<double> number(bool whole = false) {
    skip_space();
    const std::size_t start = at_;
    const auto digits = [&] {
      const std::size_t first = at_;
      while (at_ < line_.size() && line_[at_] >= '0' && line_[at_] <= '9') {
        ++at_;
      }
      return at_ - first;
    };
    if (at_ < line_.size() && line_[at_] == '-') {
      ++at_;
    }
    const std::size_t integral = at_;
    const std::size_t count = digits();
    if (count == 0 || (count > 1 && line_[integral] == '0')) {
      return std::nullopt;
    }
    if (at_ < line_.size() && line_[at_] == '.') {
      ++at_;
      if (whole || digits() == 0) {
        return std::nullopt;
      }
    }
    const bool exponent = at_ < line_.size() && (line_[at_] == 'e' || line_[at_] == 'E');
    if (exponent) {
      ++at_;
      if (whole) {
        return std::nullopt;
      }
      if (at_ < line_.size() && (line_[at_] == '+' || line_[at_] == '-')) {
        ++at_;
      }
      if (digits() == 0) {
        return std::nullopt;
      }
    }
    // A few digits and no exponent, as stretch writes times: the digits
    // as a whole number over a power of ten, one division, which rounds
    // as from_chars does.
    static constexpr std::array<double, 16> tens{1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    if (!exponent && at_ - start <= tens.size()) {
      std::uint64_t digits_value = 0;
      std::size_t fraction = 0;
      bool point = false;
      for (std::size_t i = start; i < at_; ++i) {
        if (line_[i] == '.') {
          point = true;
        } else if (line_[i] != '-') {
          digits_value = digits_value * 10 + static_cast<std::uint64_t>(line_[i] - '0');
          fraction += point ? 1 : 0;
        }
      }
      const double value = static_cast<double>(digits_value) / tens[fraction];
      return line_[start] == '-' ? -value : value;
    }
    double value = 0;
    const auto [end, error] = std::from_chars(line_.data() + start, line_.data() + at_, value);
    if (error != std::errc() || end != line_.data() + at_ || !std::isfinite(value)) {
      return std::nullopt;
    }
    return value;
  }

  std::optional<int> count() {
    const std::optional<double> value = number(true);
    if (!value || std::abs(*value) > 1e9) {
      return std::nullopt;
    }
    return static_cast<int>(*value);
  }

  // An object whose every member on_key reads, each key once.
  template <class OnKey>
  bool object(OnKey&& on_key) {
    if (!take('{')) {
      return false;
    }
    if (take('}')) {
      return true;
    }
    do {
      const std::optional<std::string_view> key = plain_string();
      if (!key || !take(':') || !on_key(*key)) {
        return false;
      }
    } while (take(','));
    return take('}');
  }

  bool stretch_outcomes(std::vector<StretchRecord>& stretches) {
    if (!take('[')) {
      return false;
    }
    if (take(']')) {
      return true;
    }
    do {
      std::optional<std::string> id;
      std::optional<StretchOutcome> outcome;
      const bool read = object([&](std::string_view key) {
        if (key == "id" && !id) {
          id = text();
          return id.has_value();
        }
        if (key == "outcome" && !outcome) {
          const std::optional<std::string_view> name = plain_string();
          outcome = name ? parse_stretch_outcome(*name) : std::nullopt;
          return outcome.has_value();
        }
        return false;
      });
      if (!read || !id || !outcome) {
        return false;
      }
      stretches.push_back({std::move(*id), *outcome});
    } while (take(','));
    return take(']');
  }

  bool field(std::string_view key, HistoryRecord& record, unsigned& seen) {
    const std::size_t index = field_index(key);
    if (index == fields.size() || (seen & (1U << index)) != 0) {
      return false;
    }
    seen |= 1U << index;
    switch (index) {
      case 0:
        return set_text(record.id);
      case 1:
        return set_text(record.machine);
      case 2: {
        const std::optional<std::string_view> value = plain_string();
        const std::optional<WallTime> start = value ? parse_iso8601(*value) : std::nullopt;
        record.start = start.value_or(WallTime{});
        return start.has_value();
      }
      case 3:
        return set_text(record.routine);
      case 4:
        return set_text(record.source);
      case 5:
        return set_millis(record.planned);
      case 6:
        return set_millis(record.done);
      case 7:
        return set_millis(record.wall);
      case 8:
        return set_count(record.stretches_done);
      case 9:
        return set_count(record.stretches);
      case 10:
        return set_text(record.outcome);
      case 11: {
        const std::optional<double> value = number();
        record.speed = value.value_or(0);
        return value.has_value();
      }
      default:
        return stretch_outcomes(record.stretch_records);
    }
  }

  bool set_text(std::string& into) {
    const std::optional<std::string_view> value = plain_string();
    if (value) {
      into.assign(*value);
    }
    return value.has_value();
  }

  bool set_millis(Millis& into) {
    const std::optional<double> value = number();
    if (value) {
      into = millis_from_seconds(*value);
    }
    return value.has_value();
  }

  bool set_count(int& into) {
    const std::optional<int> value = count();
    if (value) {
      into = *value;
    }
    return value.has_value();
  }
};

std::optional<HistoryRecord> parse_with_json_tree(std::string_view line) {
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
    const auto optional_text = [&](const char* name) {
      return json.contains(name) ? text(json.at(name)) : std::string();
    };
    record.id = optional_text("id");
    record.machine = optional_text("machine");
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

}  // namespace

std::optional<HistoryRecord> parse_history_line(std::string_view line) {
  if (std::optional<HistoryRecord> record = FastLineReader(line).read()) {
    return record;
  }
  return parse_with_json_tree(line);
}

std::string new_record_id() {
  std::array<unsigned char, 16> bytes{};
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t count = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count <= 0) {
      throw Error(ExitCode::io, fmt::format(fmt::runtime(tr("cannot make a record id: {}")),
                                            std::strerror(errno)));
    }
    got += static_cast<std::size_t>(count);
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string id;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      id += '-';
    }
    id += fmt::format("{:02x}", bytes[i]);
  }
  return id;
}

std::string record_key(const HistoryRecord& record) {
  if (!record.id.empty()) {
    return record.id;
  }
  // No id can hold a '\n', so no key made up here meets a real one.
  return fmt::format("\n{}\n{}\n{}\n{}\n{}\n{}\n{}", format_iso8601(record.start), record.routine,
                     record.source, record.planned, record.done, record.wall, record.outcome);
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
  read_history_file({file, {}, true}, history);
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
