#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../scratch_dir.hpp"
#include "../test_paths.hpp"
#include "stretch/sinks/history.hpp"
#include "stretch/sinks/history_export.hpp"
#include "stretch/sinks/history_stats.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

// A history file of a test's own.
struct ScratchFile {
  ScratchDir dir{"history"};
  fs::path path = dir / "history.jsonl";
};

HistoryRecord session_at(std::string_view start, Millis done = 60'000,
                         std::string routine = "lower-back") {
  HistoryRecord record;
  record.start = *parse_iso8601(start);
  record.routine = std::move(routine);
  record.source = "built-in";
  record.planned = 175'000;
  record.done = done;
  record.stretches = 2;
  record.outcome = "done";
  return record;
}

// London: GMT until summer time began at 01:00 UTC on 2026-03-29, BST
// after.
class London final : public stretch::TimeZone {
 public:
  int utc_offset(std::int64_t epoch) const override {
    return epoch < parse_iso8601("2026-03-29T01:00:00+00:00")->epoch ? 0 : 3600;
  }
};

}  // namespace

TEST_CASE("a history record is one JSON line that reads back as it was") {
  const HistoryRecord record = session_at("2026-03-01T08:15:00+00:00", 90'500);
  const std::string line = format_history_line(record);
  CHECK(line ==
        R"({"start":"2026-03-01T08:15:00+00:00","routine":"lower-back","source":"built-in",)"
        R"("planned":175.0,"done":90.5,"stretches_done":0,"stretches":2,"outcome":"done",)"
        R"("speed":1.0,"wall":0.0,"stretch_outcomes":[]})"
        "\n");
  const auto back = parse_history_line(line.substr(0, line.size() - 1));
  REQUIRE(back.has_value());
  CHECK(back->done == 90'500);
  CHECK(back->start.epoch == record.start.epoch);
}

TEST_CASE("corrupt and cut-off lines are skipped with a warning, the rest is read") {
  ScratchFile file;
  const std::string good = format_history_line(session_at("2026-03-01T08:15:00+00:00"));
  std::ofstream(file.path) << good << "not json at all\n"
                           << "{\"start\": 5}\n"
                           << "\n"
                           << good << good.substr(0, good.size() / 2);  // a crash mid-write
  const History history = read_history(file.path);
  CHECK(history.records.size() == 2);
  REQUIRE(history.warnings.size() == 3);
  CHECK(history.warnings[0] == file.path.string() + ":2: not a history record; skipped");
  CHECK(history.warnings[2].find(":6:") != std::string::npos);
  CHECK(read_history(file.path.string() + ".missing").records.empty());
}

TEST_CASE("two processes appending 1,000 records each leave 2,000 whole lines") {
  ScratchFile file;
  const auto writer = [&](const char* routine) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      for (int i = 0; i < 1000; ++i) {
        append_history(file.path, session_at("2026-03-01T08:15:00+00:00", i + 1, routine));
      }
      ::_exit(0);
    }
    return pid;
  };
  const pid_t first = writer("first-writer");
  const pid_t second = writer("second-writer");
  int status = 0;
  REQUIRE(::waitpid(first, &status, 0) == first);
  CHECK(WEXITSTATUS(status) == 0);
  REQUIRE(::waitpid(second, &status, 0) == second);
  CHECK(WEXITSTATUS(status) == 0);
  const History history = read_history(file.path);
  CHECK(history.warnings.empty());
  REQUIRE(history.records.size() == 2000);
  int firsts = 0;
  for (const HistoryRecord& record : history.records) {
    firsts += record.routine == "first-writer" ? 1 : 0;
  }
  CHECK(firsts == 1000);
}

TEST_CASE("streaks run over month and year boundaries") {
  const std::vector<HistoryRecord> records{
      session_at("2025-12-30T09:00:00+00:00"), session_at("2025-12-31T09:00:00+00:00"),
      session_at("2026-01-01T09:00:00+00:00"), session_at("2026-01-01T18:00:00+00:00"),
      session_at("2026-01-31T09:00:00+00:00"), session_at("2026-02-01T09:00:00+00:00")};
  const Stats stats = compute_stats(records, {2026, 2, 1}, 1);
  CHECK(stats.longest_streak == 3);
  CHECK(stats.current_streak == 2);
  CHECK(stats.sessions == 6);
  CHECK(compute_stats(records, {2026, 2, 2}, 1).current_streak == 2);  // alive until today ends
  CHECK(compute_stats(records, {2026, 2, 3}, 1).current_streak == 0);
}

TEST_CASE("a week starts on Monday and the last 28 days end today") {
  // 2026-11-23 is a Monday.
  const std::vector<HistoryRecord> records{session_at("2026-11-22T09:00:00+00:00", 120'000),
                                           session_at("2026-11-23T09:00:00+00:00", 180'000),
                                           session_at("2026-11-24T09:00:00+00:00", 60'000)};
  const Stats stats = compute_stats(records, {2026, 11, 24}, 1);
  CHECK(stats.sessions_this_week == 2);
  CHECK(stats.time_this_week == 240'000);
  CHECK(stats.last_28_days[27] == 60'000);
  CHECK(stats.last_28_days[26] == 180'000);
  CHECK(stats.last_28_days[25] == 120'000);
  CHECK(stats.per_routine.at("lower-back") == 3);
}

TEST_CASE("days are local days, right across a change to summer time") {
  const London london;
  // Clocks went forward at 01:00 UTC on 2026-03-29. 23:30 UTC on the 29th
  // is 00:30 on the 30th in London: the 30th, not the 29th, as the session
  // recorded it.
  const std::vector<HistoryRecord> records{session_at("2026-03-28T23:30:00+00:00"),
                                           session_at("2026-03-30T00:30:00+01:00")};
  CHECK(local_date(london, records[0].start.epoch) == CalendarDate{2026, 3, 28});
  CHECK(local_date(london, records[1].start.epoch) == CalendarDate{2026, 3, 30});
  CHECK(local_day(records[1].start) == day_number({2026, 3, 30}));
  const Stats stats = compute_stats(records, {2026, 3, 30}, 1);
  CHECK(stats.longest_streak == 1);  // the 28th and the 30th: not in a row
  CHECK(stats.current_streak == 1);
}

TEST_CASE("the chart scales to the busiest day, in blocks or ASCII") {
  Stats stats;
  stats.last_28_days[27] = 600'000;
  stats.last_28_days[26] = 300'000;
  const std::string unicode = format_stats(stats, {2026, 11, 24}, true);
  CHECK(unicode.find("|                          ▄█|") != std::string::npos);
  const std::string ascii = format_stats(stats, {2026, 11, 24}, false);
  CHECK(ascii.find("|                          :#|") != std::string::npos);
  CHECK(ascii.find("10-28") != std::string::npos);
}

TEST_CASE("a session that ends by a hang-up is recorded once, with the time stretched") {
  ScratchFile file;
  StringOutput warnings;
  VirtualClock clock;
  HistorySink sink(file.path, session_at("2026-03-01T08:15:00+00:00", 0), clock, warnings);
  sink.on_event({0, StretchStarted{1, 2, "a", "A"}});
  sink.on_event({52'000, SessionEnded{Outcome::hangup, 1, 2, 175'000, 50'000}});
  sink.on_event({52'000, SessionEnded{Outcome::hangup, 1, 2, 175'000, 50'000}});
  const History history = read_history(file.path);
  REQUIRE(history.records.size() == 1);
  CHECK(history.records[0].outcome == "hangup");
  CHECK(history.records[0].done == 50'000);
  CHECK(history.records[0].stretches_done == 1);
  CHECK(warnings.text().empty());
}

TEST_CASE("an unwritable history is one warning") {
  StringOutput warnings;
  VirtualClock clock;
  HistorySink sink("/proc/stretch/history.jsonl", session_at("2026-03-01T08:15:00+00:00"), clock,
                   warnings);
  sink.on_event({1'000, SessionEnded{Outcome::done, 1, 1, 1'000, 1'000}});
  // An end heard twice (a signal during the summary) is not told twice.
  sink.on_event({1'000, SessionEnded{Outcome::interrupted, 1, 1, 1'000, 1'000}});
  CHECK(warnings.text() ==
        "stretch: warning: history not saved: /proc/stretch: No such file or directory\n");
}

namespace {

// The events a HistorySink hears of a session of three stretches, up to
// the given point, on a clock that has moved on by wall_seconds.
struct RecordedSession {
  ScratchFile file;
  StringOutput warnings;
  VirtualClock clock;
  std::unique_ptr<HistorySink> sink;

  explicit RecordedSession(double speed = 1.0) {
    HistoryRecord record = session_at("2026-03-01T08:15:00+00:00", 0);
    record.speed = speed;
    record.stretches = 3;
    for (const char* id : {"a", "b", "c"}) {
      record.stretch_records.push_back({id, StretchOutcome::not_reached});
    }
    sink = std::make_unique<HistorySink>(file.path, record, clock, warnings);
  }
  void stretch(int number) {
    sink->on_event({0, StretchStarted{number, 3, std::string(1, char('a' + number - 1)), "X"}});
  }
  void phase(PhaseKind kind) { sink->on_event({0, PhaseStarted{kind, 30'000}}); }
  HistoryRecord end(Outcome outcome, int wall_seconds) {
    clock.wait_until(clock.now() + std::chrono::seconds(wall_seconds));
    sink->on_event({0, SessionEnded{outcome, 1, 3, 175'000, 60'000}});
    const History history = read_history(file.path);
    REQUIRE(history.records.size() == 1);
    return history.records[0];
  }
};

std::vector<StretchOutcome> outcomes(const HistoryRecord& record) {
  std::vector<StretchOutcome> all;
  for (const StretchRecord& stretch : record.stretch_records) {
    all.push_back(stretch.outcome);
  }
  return all;
}

}  // namespace

TEST_CASE("each stretch's outcome is recorded: done, skipped, stopped during, not reached") {
  using enum StretchOutcome;
  RecordedSession session;
  session.stretch(1);
  session.phase(PhaseKind::setup);
  session.sink->on_event({0, Skipped{5'000}});  // skipping the setup is not skipping the stretch
  session.phase(PhaseKind::flow);
  session.stretch(2);
  session.phase(PhaseKind::flow);
  session.sink->on_event({0, Skipped{20'000}});
  session.phase(PhaseKind::rest);
  session.stretch(3);
  session.phase(PhaseKind::flow);
  const HistoryRecord record = session.end(Outcome::stopped, 95);
  CHECK(outcomes(record) == std::vector{done, skipped, stopped});
  CHECK(record.stretch_records[1].id == "b");
  CHECK(record.wall == 95'000);

  RecordedSession early;
  early.stretch(1);
  CHECK(outcomes(early.end(Outcome::interrupted, 10)) ==
        std::vector{stopped, not_reached, not_reached});

  RecordedSession finished;
  for (int number = 1; number <= 3; ++number) {
    finished.stretch(number);
    finished.phase(PhaseKind::flow);
  }
  CHECK(outcomes(finished.end(Outcome::done, 180)) == std::vector{done, done, done});

  RecordedSession resumed;  // taken up again at the second stretch
  resumed.stretch(2);
  resumed.phase(PhaseKind::flow);
  CHECK(outcomes(resumed.end(Outcome::hangup, 30)) ==
        std::vector{done_earlier, stopped, not_reached});
}

TEST_CASE("a session at another speed records it, and counts for its real time only") {
  RecordedSession fast(100);
  fast.stretch(1);
  const HistoryRecord record = fast.end(Outcome::done, 2);
  CHECK(record.speed == 100);
  CHECK(record.wall == 2'000);
  CHECK(record.done == 60'000);
  CHECK(record.real_time() == 600);
  CHECK(record.end().epoch == record.start.epoch + 2);
  HistoryRecord slow = session_at("2026-03-01T09:00:00+00:00", 60'000);
  const Stats stats = compute_stats({record, slow}, {2026, 3, 1}, 1);
  CHECK(stats.time == 60'600);
  CHECK(stats.sessions == 2);
}

TEST_CASE("history written before speed and outcomes were kept reads as it was meant") {
  const History history =
      read_history(fs::path(test_paths::fixtures) / "history/before-speed.jsonl");
  CHECK(history.warnings.empty());
  REQUIRE(history.records.size() == 2);
  const HistoryRecord& stopped = history.records[1];
  CHECK(stopped.routine == "desk-break");
  CHECK(stopped.speed == 1.0);
  CHECK(stopped.done == 47'500);
  CHECK(stopped.wall == 47'500);
  CHECK(stopped.real_time() == 47'500);
  CHECK(stopped.stretch_records.empty());
  CHECK(stopped.outcome == "stopped");
  const Stats stats = compute_stats(history.records, {2026, 11, 21}, 1);
  CHECK(stats.time == 222'500);
  CHECK(stats.stretches_done == 0);  // not known for old sessions
}

TEST_CASE("stats count stretches done against skipped") {
  HistoryRecord record = session_at("2026-03-01T09:00:00+00:00");
  record.stretch_records = {{"a", StretchOutcome::done},
                            {"b", StretchOutcome::skipped},
                            {"c", StretchOutcome::done},
                            {"d", StretchOutcome::not_reached}};
  const Stats stats = compute_stats({record, record}, {2026, 3, 1}, 1);
  CHECK(stats.stretches_done == 4);
  CHECK(stats.stretches_skipped == 2);
  CHECK(format_stats(stats, {2026, 3, 1}, false).find("Stretches   4 done, 2 skipped\n") !=
        std::string::npos);
}

TEST_CASE("a history line with a bad speed or stretch outcome is not a record") {
  const std::string line = format_history_line(session_at("2026-03-01T08:15:00+00:00"));
  std::string zero = line;
  zero.replace(zero.find("\"speed\":1.0"), 11, "\"speed\":0");
  CHECK_FALSE(parse_history_line(zero).has_value());
  std::string unknown = line;
  unknown.replace(unknown.find("[]"), 2, R"([{"id":"a","outcome":"napped"}])");
  CHECK_FALSE(parse_history_line(unknown).has_value());
}

TEST_CASE("a date range keeps the local days between its ends, both included") {
  // Recorded in Berlin, in winter time.
  const std::vector<HistoryRecord> records{session_at("2026-11-20T00:30:00+01:00"),
                                           session_at("2026-11-21T13:00:00+01:00"),
                                           session_at("2026-11-22T23:59:59+01:00")};
  CHECK(records_between(records, CalendarDate{2026, 11, 20}, CalendarDate{2026, 11, 22}).size() ==
        3);
  CHECK(records_between(records, CalendarDate{2026, 11, 21}, std::nullopt).size() == 2);
  CHECK(records_between(records, std::nullopt, CalendarDate{2026, 11, 21}).size() == 2);
  CHECK(records_between(records, CalendarDate{2026, 11, 23}, std::nullopt).empty());
}

TEST_CASE("ICS lines are folded at 75 octets, never inside a character, and end in CRLF") {
  HistoryRecord record = session_at("2026-03-01T08:15:00+00:00");
  record.routine = "Ölçüm; rücken, " + std::string(80, 'x') + "äöü";
  record.wall = 175'000;
  const std::string ics = format_history_ics({record});
  std::size_t begin = 0;
  while (begin < ics.size()) {
    const std::size_t end = ics.find("\r\n", begin);
    REQUIRE(end != std::string::npos);
    CHECK(end - begin <= 75);
    const std::string next = ics.substr(end + 2, 1);
    if (!next.empty() && next[0] == ' ') {
      // A continuation never starts with a UTF-8 continuation byte.
      CHECK((static_cast<unsigned char>(ics[end + 3]) & 0xC0) != 0x80);
    }
    begin = end + 2;
  }
  CHECK(ics.find("SUMMARY:Stretch: Ölçüm\\; rücken\\, xxx") != std::string::npos);
  CHECK(ics.find("DTSTART:20260301T081500Z\r\nDTEND:20260301T081755Z\r\n") != std::string::npos);
}

TEST_CASE("a week may start on Sunday, as some locales have it") {
  // 2026-11-22 is a Sunday, the 24th a Tuesday.
  const std::vector<HistoryRecord> records{session_at("2026-11-21T09:00:00+00:00"),
                                           session_at("2026-11-22T09:00:00+00:00"),
                                           session_at("2026-11-24T09:00:00+00:00")};
  CHECK(compute_stats(records, {2026, 11, 24}, 0).sessions_this_week == 2);
  CHECK(compute_stats(records, {2026, 11, 24}, 1).sessions_this_week == 1);
  CHECK(compute_stats(records, {2026, 11, 22}, 0).sessions_this_week == 1);
}

TEST_CASE("a session across midnight belongs to the day it started, in every report") {
  // 23:58 to 00:03 in Berlin's winter time, then one the next evening.
  HistoryRecord late = session_at("2026-11-20T23:58:00+01:00", 300'000);
  late.wall = 300'000;
  REQUIRE(late.end().epoch - late.start.epoch == 300);
  const std::vector<HistoryRecord> records{late, session_at("2026-11-21T20:00:00+01:00")};
  CHECK(records_between(records, CalendarDate{2026, 11, 20}, CalendarDate{2026, 11, 20}).size() ==
        1);
  CHECK(records_between(records, CalendarDate{2026, 11, 21}, std::nullopt).size() == 1);
  const Stats stats = compute_stats(records, {2026, 11, 21}, 1);
  CHECK(stats.last_28_days[26] == 300'000);  // the 20th
  CHECK(stats.last_28_days[27] == 60'000);   // the 21st
  CHECK(stats.current_streak == 2);
  CHECK(format_history_table({late}).find("2026-11-20T23:58:00+01:00") != std::string::npos);
}

TEST_CASE(
    "a record after a line cut short starts a line of its own, in a file of the user's alone") {
  ScratchFile file;
  const std::string good = format_history_line(session_at("2026-03-01T08:15:00+00:00"));
  std::ofstream(file.path) << good << good.substr(0, good.size() / 2);  // a disk gone full
  fs::permissions(file.path, fs::perms::owner_read | fs::perms::owner_write |
                                 fs::perms::group_read | fs::perms::others_read);
  fs::permissions(file.dir.path(), fs::perms::all);
  CHECK(append_history(file.path, session_at("2026-03-02T08:15:00+00:00")));
  const History history = read_history(file.path);
  REQUIRE(history.records.size() == 2);
  CHECK(history.records[1].start.epoch == parse_iso8601("2026-03-02T08:15:00+00:00")->epoch);
  REQUIRE(history.warnings.size() == 1);
  CHECK(history.warnings[0] == file.path.string() + ":2: not a history record; skipped");
  CHECK((fs::status(file.path).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK((fs::status(file.dir.path()).permissions() & fs::perms::all) == fs::perms::owner_all);
}

TEST_CASE("a FIFO in the history's place is never waited on, to read or to write") {
  ScratchFile file;
  REQUIRE(::mkfifo(file.path.c_str(), 0600) == 0);
  const History history = read_history(file.path);
  CHECK(history.records.empty());
  CHECK(history.warnings ==
        std::vector<std::string>{"cannot read " + file.path.string() + ": not a regular file"});
  CHECK_THROWS_WITH(append_history(file.path, session_at("2026-03-01T08:15:00+00:00")),
                    "cannot read " + file.path.string() + ": not a regular file");
}

TEST_CASE("a writer that cannot have the lock in time writes anyway, and says so") {
  ScratchFile file;
  std::ofstream(file.path).close();
  // Another process holding the lock and never letting go: flock is held by
  // an open file description, so a second open is another holder.
  const int holder = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(::flock(holder, LOCK_EX) == 0);
  CHECK_FALSE(append_history(file.path, session_at("2026-03-01T08:15:00+00:00")));
  CHECK(read_history(file.path).records.size() == 1);

  StringOutput warnings;
  VirtualClock clock;
  HistorySink sink(file.path, session_at("2026-03-02T08:15:00+00:00"), clock, warnings);
  sink.on_event({0, SessionEnded{Outcome::done, 0, 0}});
  ::close(holder);
  CHECK(read_history(file.path).records.size() == 2);
  CHECK(warnings.text() == "stretch: warning: " + file.path.string() +
                               ": another process held the lock for over 2s; written without "
                               "it\n");
}

TEST_CASE("text read back from a tampered history is quoted in the table, the exports and stats") {
  ScratchFile file;
  // A clipboard write, a C1 control and a right-to-left override.
  const std::string hostile = "x\x1b]52;c;aGk=\x07\xc2\x85\xe2\x80\xae";
  nlohmann::json line =
      nlohmann::json::parse(format_history_line(session_at("2026-03-01T08:15:00+00:00")));
  line["routine"] = hostile;
  line["source"] = "/home/u/" + hostile + "/r.json";
  line["outcome"] = hostile;
  std::ofstream(file.path) << line.dump() << "\n";
  const History history = read_history(file.path);
  REQUIRE(history.records.size() == 1);
  const std::string quoted = "x^[]52;c;aGk=^G<U+0085><U+202E>";
  CHECK(history.records[0].routine == quoted);
  CHECK(history.records[0].source == "/home/u/" + quoted + "/r.json");
  const FixedTimeZone utc(0);
  const CalendarDate today{2026, 3, 1};
  for (const std::string& shown :
       {format_history_table(history.records), format_history_csv(history.records),
        format_history_ics(history.records),
        format_stats(compute_stats(history.records, today, 1), today, true)}) {
    INFO(shown);
    CHECK(shown.find('\x1b') == std::string::npos);
    CHECK(shown.find("\xc2\x85") == std::string::npos);
    CHECK(shown.find("\xe2\x80\xae") == std::string::npos);
  }
}
