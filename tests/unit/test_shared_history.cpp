// One history across machines: the shared folder's file names, the merge
// of every machine's file, the lines only half synced, the fast reader
// against nlohmann_json, and the reminder's watch on the folders.
#include <filesystem>
#include <fstream>
#include <set>

#include <poll.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../e2e/process.hpp"
#include "../scratch_dir.hpp"
#include "stretch/platform/error.hpp"
#include "stretch/remind/history_watch.hpp"
#include "stretch/sinks/history_export.hpp"
#include "stretch/sinks/history_files.hpp"
#include "stretch/sinks/history_stats.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

HistoryRecord session(std::string machine, std::string_view start, std::string routine = "neck",
                      bool with_id = true) {
  HistoryRecord record;
  record.id = with_id ? new_record_id() : "";
  record.machine = with_id ? std::move(machine) : "";
  const std::optional<WallTime> at = parse_iso8601(start);
  REQUIRE(at.has_value());
  record.start = *at;
  record.routine = std::move(routine);
  record.source = "built-in";
  record.planned = 120'000;
  record.done = 120'000;
  record.wall = 121'000;
  record.stretches = 2;
  record.stretches_done = 2;
  record.outcome = "done";
  record.stretch_records = {{"neck-tilt", StretchOutcome::done},
                            {"chin-tuck", StretchOutcome::done}};
  return record;
}

void append_text(const fs::path& file, std::string_view text) {
  std::ofstream(file, std::ios::app) << text;
}

void append_line(const fs::path& file, const HistoryRecord& record) {
  append_text(file, format_history_line(record));
}

// Two machines' homes and the folder they share, as three folders of a
// scratch directory.
struct TwoMachines {
  ScratchDir scratch{"shared"};
  fs::path shared = scratch / "Sync/stretch";
  HistoryStore laptop{scratch / "laptop/history.jsonl", shared, "laptop"};
  HistoryStore desktop{scratch / "desktop/history.jsonl", shared, "desktop"};

  TwoMachines() {
    fs::create_directories(shared);
    fs::permissions(shared, fs::perms::owner_all);
    fs::create_directories(scratch / "laptop");
    fs::create_directories(scratch / "desktop");
  }
};

std::vector<std::string> routines_of(const History& history) {
  std::vector<std::string> routines;
  for (const HistoryRecord& record : history.records) {
    routines.push_back(record.routine);
  }
  return routines;
}

}  // namespace

TEST_CASE("the shared folder's files: a machine's own, and each sync tool's conflict copies") {
  const auto name = [](std::string_view file) {
    const std::optional<SharedFileName> read = shared_file_name(file);
    return read ? read->machine + (read->conflict_copy ? " (copy)" : "") : "-";
  };
  CHECK(name("laptop.jsonl") == "laptop");
  CHECK(name("home.box.jsonl") == "home.box");
  CHECK(name("laptop.sync-conflict-20261205-120000-ABCDEFG.jsonl") == "laptop (copy)");
  CHECK(name("laptop (conflicted copy 2026-12-05).jsonl") == "laptop (copy)");
  CHECK(name("laptop (conflicted copy 2026-12-05 120000).jsonl") == "laptop (copy)");
  CHECK(name("laptop (machine's conflicted copy).jsonl") == "laptop (copy)");
  CHECK(name("laptop (Sam's conflicted copy 2026-12-05).jsonl") == "laptop (copy)");
  // Not a copy: a name with brackets of its own.
  CHECK(name("laptop (old).jsonl") == "laptop (old)");
  // Not history: a sync tool's hidden files on their way, other files.
  CHECK(name(".syncthing.laptop.jsonl.tmp") == "-");
  CHECK(name(".laptop.jsonl") == "-");
  CHECK(name("laptop.jsonl.tmp") == "-");
  CHECK(name("notes.txt") == "-");
  CHECK(name(".jsonl") == "-");

  const HistoryStore store{"/state/history.jsonl", "/sync", "laptop"};
  CHECK(store.own_file() == fs::path("/sync/laptop.jsonl"));
  const HistoryStore alone{"/state/history.jsonl", std::nullopt, "laptop"};
  CHECK(alone.own_file() == fs::path("/state/history.jsonl"));
}

TEST_CASE(
    "the store from the settings: ~ is the home folder, a relative folder or no name is "
    "refused") {
  const Paths paths = Paths::from(Environment{{"HOME", "/home/sam"}});
  const Environment environment{{"HOME", "/home/sam"}};
  Settings settings("Sams-Laptop");
  HistoryStore store = history_store(settings, paths, environment, "Sams-Laptop");
  CHECK_FALSE(store.shared_dir.has_value());
  CHECK(store.machine == "sams-laptop");
  CHECK(store.own_file() == fs::path("/home/sam/.local/state/stretch/history.jsonl"));

  settings.set("history.shared_dir", "~/Sync/stretch", "test");
  store = history_store(settings, paths, environment, "Sams-Laptop");
  CHECK(store.shared_dir == fs::path("/home/sam/Sync/stretch"));
  CHECK(store.own_file() == fs::path("/home/sam/Sync/stretch/sams-laptop.jsonl"));
  CHECK(store.local == fs::path("/home/sam/.local/state/stretch/history.jsonl"));

  settings.set("history.machine", "desk", "test");
  CHECK(history_store(settings, paths, environment, "Sams-Laptop").own_file() ==
        fs::path("/home/sam/Sync/stretch/desk.jsonl"));

  settings.set("history.shared_dir", "Sync/stretch", "test");
  CHECK_THROWS_WITH(history_store(settings, paths, environment, ""),
                    "history.shared_dir: \"Sync/stretch\" is not a folder: give its whole path, "
                    "or one that starts with ~/");
  settings.set("history.shared_dir", "/srv/sync", "test");
  settings.set("history.machine", "", "test");
  try {
    history_store(settings, paths, environment, "");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::config);
    CHECK(std::string(error.what()) ==
          "history.machine: this machine has no name (its host name gives none); set one, "
          "e.g. STRETCH_MACHINE=laptop");
  }
}

TEST_CASE("every machine's file merged by start time, each record once, however many copies") {
  TwoMachines machines;
  const HistoryRecord first = session("laptop", "2026-12-01T08:00:00+01:00", "one");
  const HistoryRecord second = session("desktop", "2026-12-01T09:00:00+01:00", "two");
  const HistoryRecord third = session("laptop", "2026-12-01T10:00:00+01:00", "three");
  const HistoryRecord fourth = session("desktop", "2026-12-02T07:30:00+01:00", "four");
  // An old line, from before ids: in the laptop's own history, and copied
  // by hand into the shared folder as well.
  const HistoryRecord old = session("", "2026-11-30T18:00:00+01:00", "old", false);
  append_line(*machines.laptop.local, old);
  append_line(machines.shared / "laptop.jsonl", first);
  append_line(machines.shared / "laptop.jsonl", third);
  append_line(machines.shared / "desktop.jsonl", second);
  append_line(machines.shared / "desktop.jsonl", fourth);
  append_line(machines.shared / "from-before.jsonl", old);
  // Conflict copies, in each sync tool's naming, of what is there already,
  // with one session that only a copy holds.
  const HistoryRecord only_in_copy = session("desktop", "2026-12-01T12:00:00+01:00", "copied");
  append_line(machines.shared / "laptop.sync-conflict-20261201-100500-ABCDEFG.jsonl", first);
  append_line(machines.shared / "desktop (conflicted copy 2026-12-01 120000).jsonl", second);
  append_line(machines.shared / "desktop (conflicted copy 2026-12-01 120000).jsonl", only_in_copy);
  append_line(machines.shared / "laptop (sam's conflicted copy).jsonl", third);
  append_line(machines.shared / "laptop (sam's conflicted copy).jsonl", old);
  // Files that hold no history.
  append_line(machines.shared / ".syncthing.desktop.jsonl.tmp",
              session("x", "2026-12-03T08:00:00+00:00"));
  append_text(machines.shared / "README.txt", "not history\n");

  for (const HistoryStore& store : {machines.laptop, machines.desktop}) {
    INFO(store.machine);
    const History history = read_merged_history(store);
    CHECK(history.warnings.empty());
    CHECK(routines_of(history) ==
          std::vector<std::string>{"old", "one", "two", "three", "copied", "four"});
    std::vector<std::string> ran_on;
    for (const HistoryRecord& record : history.records) {
      ran_on.push_back(record.machine);
    }
    // The old line belongs to the machine whose file holds it: for the
    // laptop its own history, for the desktop the copy in the folder.
    CHECK(ran_on == std::vector<std::string>{store.machine == "laptop" ? "laptop" : "from-before",
                                             "laptop", "desktop", "laptop", "desktop", "desktop"});
    CHECK(several_machines(history.records));
    const Stats stats = compute_stats(history.records, {2026, 12, 2}, 1);
    CHECK(stats.sessions == 6);
    CHECK(stats.time == 6 * 120'000);
    CHECK(stats.current_streak == 3);  // 30 November to 2 December, on either machine
  }

  // The laptop's table has a column for the machine, and the exports carry it.
  const History history = read_merged_history(machines.laptop);
  const std::string table = format_history_table(history.records, true);
  CHECK(table.starts_with("STARTED                    MACHINE ROUTINE "));
  CHECK(table.find("2026-12-01T09:00:00+01:00  desktop two ") != std::string::npos);
  CHECK(format_history_table(history.records).find("desktop") == std::string::npos);
  const std::string csv = format_history_csv(history.records);
  CHECK(csv.find(",outcome,machine,id\r\n") != std::string::npos);
  CHECK(csv.find(",done,desktop," + second.id + "\r\n") != std::string::npos);
  CHECK(format_history_ics(history.records).find("UID:" + second.id + "@stretch.history") !=
        std::string::npos);
}

TEST_CASE("a half-synced file of another machine is read to its last whole line, silently") {
  TwoMachines machines;
  const std::string whole = format_history_line(session("desktop", "2026-12-01T09:00:00+00:00"));
  const std::string cut = format_history_line(session("desktop", "2026-12-01T10:00:00+00:00"));
  append_text(machines.shared / "desktop.jsonl", whole + cut.substr(0, cut.size() / 2));
  append_text(machines.shared / "desktop (conflicted copy 2026-12-01).jsonl",
              whole + cut.substr(0, 10));
  const fs::path own = machines.shared / "laptop.jsonl";
  append_text(own, whole + cut.substr(0, 20));
  const auto before = fs::last_write_time(machines.shared / "desktop.jsonl");

  // The desktop's own file with a line cut short is a fault worth telling;
  // the laptop sees the same bytes as a line still on its way.
  History history = read_merged_history(machines.laptop);
  CHECK(history.records.size() == 1);
  CHECK(history.warnings ==
        std::vector<std::string>{own.string() + ":2: not a history record; skipped"});
  history = read_merged_history(machines.desktop);
  CHECK(history.records.size() == 1);
  REQUIRE(history.warnings.size() == 1);
  CHECK(history.warnings[0].starts_with((machines.shared / "desktop.jsonl").string() + ":2:"));
  CHECK(fs::last_write_time(machines.shared / "desktop.jsonl") == before);

  // Once the rest arrives, the line counts.
  append_text(machines.shared / "desktop.jsonl", cut.substr(cut.size() / 2));
  CHECK(read_merged_history(machines.laptop).records.size() == 2);

  // Lines of another machine's that are not records are told once a file.
  append_text(machines.shared / "desktop.jsonl", "garbage\nmore garbage\n{}\n");
  history = read_merged_history(machines.laptop);
  CHECK(history.records.size() == 2);
  CHECK(history.warnings ==
        std::vector<std::string>{
            own.string() + ":2: not a history record; skipped",
            (machines.shared / "desktop.jsonl").string() +
                ": 3 lines are not history records, the first at line 3; skipped"});
}

TEST_CASE(
    "this machine's sessions go to its own file in the shared folder, and the old one stays") {
  TwoMachines machines;
  const HistoryRecord old = session("", "2026-11-30T18:00:00+01:00", "old", false);
  append_line(*machines.laptop.local, old);
  const std::string before = format_history_line(old);
  const HistoryRecord now = session("laptop", "2026-12-01T08:00:00+01:00", "now");
  fs::remove_all(machines.shared);  // not made yet by the sync tool
  CHECK(append_history(*machines.laptop.own_file(), now));
  CHECK((fs::status(machines.shared).permissions() & fs::perms::all) == fs::perms::owner_all);
  std::ifstream local(*machines.laptop.local);
  CHECK(std::string(std::istreambuf_iterator<char>(local), {}) == before);
  CHECK(routines_of(read_merged_history(machines.laptop)) ==
        std::vector<std::string>{"old", "now"});
  CHECK(routines_of(read_merged_history(machines.desktop)) == std::vector<std::string>{"now"});
}

TEST_CASE("the fast reader and nlohmann_json read every line alike") {
  const std::string written = format_history_line(session("laptop", "2026-12-01T08:00:00+01:00"));
  const std::vector<std::string> lines{
      written.substr(0, written.size() - 1),
      // Whitespace, other orders, integers, exponents, missing optional fields.
      R"( { "routine" : "a" , "start":"2026-12-01T08:00:00+00:00","source":"built-in","planned":1.5e2,)"
      R"("done":60,"stretches_done":1,"stretches":2,"outcome":"stopped" } )",
      // Escapes and text beyond ASCII: the full parser's.
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"caf\u00e9 \"x\"","source":"/home/s\u00e9/r.json",)"
      R"("planned":10,"done":10,"stretches_done":0,"stretches":0,"outcome":"done","machine":"b\u00fcro"})",
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"é","source":"built-in","planned":10,)"
      R"("done":10,"stretches_done":0,"stretches":0,"outcome":"done"})",
      // A field of a later version, ignored by both.
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a","source":"b","planned":10,"done":10,)"
      R"("stretches_done":0,"stretches":0,"outcome":"done","mood":{"x":[1,2]}})",
      // A count written as a fraction.
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a","source":"b","planned":10,"done":10,)"
      R"("stretches_done":1.0,"stretches":2,"outcome":"done"})",
      // Not records.
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a"})",
      R"({"start":"yesterday","routine":"a","source":"b","planned":10,"done":10,)"
      R"("stretches_done":0,"stretches":0,"outcome":"done"})",
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a","source":"b","planned":"10","done":10,)"
      R"("stretches_done":0,"stretches":0,"outcome":"done"})",
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a","source":"b","planned":10,"done":10,)"
      R"("stretches_done":0,"stretches":0,"outcome":"done","speed":0})",
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a","source":"b","planned":01,"done":10,)"
      R"("stretches_done":0,"stretches":0,"outcome":"done"})",
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a","source":"b","planned":10,"done":10,)"
      R"("stretches_done":0,"stretches":0,"outcome":"done"} trailing)",
      R"({"start":"2026-12-01T08:00:00+00:00","routine":"a","source":"b","planned":10,"done":10,)"
      R"("stretches_done":0,"stretches":0,"outcome":"done","stretch_outcomes":[{"id":"x"}]})",
      "[]",
      "",
  };
  for (const std::string& line : lines) {
    INFO(line);
    const std::optional<HistoryRecord> read = parse_history_line(line);
    const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
    bool record = json.is_object() && json.contains("stretches_done");
    try {
      record = record && parse_iso8601(json.at("start").get<std::string>()).has_value() &&
               json.at("planned").is_number() && json.value("speed", 1.0) > 0 &&
               json.at("routine").is_string() && json.at("outcome").is_string() &&
               json.at("stretches").is_number() && json.at("done").is_number() &&
               json.at("source").is_string();
      const nlohmann::json stretches = json.value("stretch_outcomes", nlohmann::json::array());
      record = record && std::all_of(stretches.begin(), stretches.end(),
                                     [](const nlohmann::json& s) { return s.contains("outcome"); });
    } catch (const nlohmann::json::exception&) {
      record = false;
    }
    REQUIRE(read.has_value() == record);
    if (!read) {
      continue;
    }
    CHECK(read->routine == json.at("routine").get<std::string>());
    CHECK(read->source == json.at("source").get<std::string>());
    CHECK(read->machine == json.value("machine", ""));
    CHECK(read->id == json.value("id", ""));
    CHECK(read->planned == millis_from_seconds(json.at("planned").get<double>()));
    CHECK(read->done == millis_from_seconds(json.at("done").get<double>()));
    CHECK(read->wall == millis_from_seconds(json.value("wall", json.at("done").get<double>())));
    CHECK(read->speed == json.value("speed", 1.0));
    CHECK(read->stretches_done == json.at("stretches_done").get<int>());
    CHECK(read->stretch_records.size() ==
          json.value("stretch_outcomes", nlohmann::json::array()).size());
    CHECK(format_history_line(*read) ==
          format_history_line(*parse_history_line(format_history_line(*read))));
  }
}

TEST_CASE("times as the fast reader reads them are the times nlohmann_json reads") {
  const std::string written = format_history_line(session("laptop", "2026-12-01T08:00:00+00:00"));
  for (const std::string_view seconds :
       {"0.175", "66.5", "121.0", "0.1", "1234.567", "0.001", "-0.0", "3599.999", "175",
        "0.30000000000000004", "123456789012.345", "1e2", "2.5E-1", "9007199254740993"}) {
    INFO(seconds);
    std::string line = written.substr(0, written.size() - 1);
    const std::string field = R"("planned":120.0)";
    line.replace(line.find(field), field.size(),
                 std::string(R"("planned":)") + std::string(seconds));
    const std::optional<HistoryRecord> read = parse_history_line(line);
    REQUIRE(read.has_value());
    CHECK(read->planned ==
          millis_from_seconds(nlohmann::json::parse(line).at("planned").get<double>()));
  }
}

TEST_CASE("each new record has an id of its own, a version 4 UUID") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_record_id();
    REQUIRE(id.size() == 36);
    CHECK(id[8] == '-');
    CHECK(id[14] == '4');
    CHECK(std::string("89ab").find(id[19]) != std::string::npos);
    ids.insert(id);
  }
  CHECK(ids.size() == 1000);
  // Old lines are keyed by what they say, which no id can look like.
  const HistoryRecord old = session("", "2026-11-30T18:00:00+01:00", "old", false);
  HistoryRecord later = old;
  later.done = 60'000;
  CHECK(record_key(old) == record_key(session("", "2026-11-30T18:00:00+01:00", "old", false)));
  CHECK(record_key(old) != record_key(later));
  CHECK(record_key(old).starts_with('\n'));
}

namespace {

bool readable(int fd, double seconds) {
  pollfd watched{fd, POLLIN, 0};
  return ::poll(&watched, 1, static_cast<int>(seconds * 1000)) == 1;
}

const std::function<ReminderStatus(const ReminderCommand&)> no_commands =
    [](const ReminderCommand&) { return ReminderStatus{}; };

}  // namespace

TEST_CASE(
    "the reminder's watch wakes for another machine's session, and reads what was "
    "appended") {
  TwoMachines machines;
  const fs::path desktop = machines.shared / "desktop.jsonl";
  const HistoryRecord early = session("desktop", "2026-12-01T08:00:00+00:00");
  append_line(desktop, early);
  HistoryWatch watch(machines.laptop, machines.scratch / "run");
  REQUIRE(watch.fd() >= 0);
  CHECK(watch.last_end() == early.end().epoch);
  CHECK_FALSE(readable(watch.fd(), 0));

  // A session ends on the desktop: the folder tells, and it counts.
  const HistoryRecord later = session("desktop", "2026-12-01T09:00:00+00:00");
  append_line(desktop, later);
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == later.end().epoch);

  // What was read is not read again: a line before the end changed in
  // place goes unseen, and only what is appended after it is read.
  const std::string first_line = format_history_line(early);
  const std::string rewritten =
      format_history_line(session("desktop", "2026-12-01T11:00:00+00:00"));
  REQUIRE(rewritten.size() == first_line.size());
  {
    std::fstream in_place(desktop, std::ios::in | std::ios::out);
    in_place.seekp(0);
    in_place << rewritten;
  }
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == later.end().epoch);

  // Half a line from the sync tool waits for its end.
  const HistoryRecord latest = session("desktop", "2026-12-01T10:00:00+00:00");
  const std::string line = format_history_line(latest);
  append_text(desktop, line.substr(0, 40));
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == later.end().epoch);
  append_text(desktop, line.substr(40));
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == latest.end().epoch);

  // A session too short to count as a break does not restart the countdown.
  HistoryRecord short_one = session("laptop", "2026-12-01T12:00:00+00:00");
  short_one.done = 10'000;
  append_line(machines.shared / "laptop.jsonl", short_one);
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == latest.end().epoch);
}

TEST_CASE(
    "the watch follows a file a sync tool replaces, a conflict copy, and a folder made "
    "late") {
  TwoMachines machines;
  fs::remove_all(machines.shared);
  HistoryWatch watch(machines.laptop, machines.scratch / "run");
  CHECK_FALSE(watch.last_end().has_value());

  // The folder comes with the sync tool: the folder above it tells.
  CHECK_FALSE(readable(watch.fd(), 0));
  fs::create_directories(machines.shared);
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  const fs::path desktop = machines.shared / "desktop.jsonl";
  const HistoryRecord first = session("desktop", "2026-12-01T08:00:00+00:00");
  append_line(desktop, first);
  CHECK(watch.last_end() == first.end().epoch);

  // Syncthing writes a new copy and renames it over the old one: the same
  // lines and one more.
  const HistoryRecord second = session("desktop", "2026-12-01T09:00:00+00:00");
  const fs::path temporary = machines.shared / ".syncthing.desktop.jsonl.tmp";
  append_line(temporary, first);
  append_line(temporary, second);
  fs::rename(temporary, desktop);
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == second.end().epoch);

  // A file written anew, shorter than what was read: read whole again.
  const HistoryRecord third = session("desktop", "2026-12-01T10:00:00+00:00");
  std::ofstream(desktop, std::ios::trunc) << format_history_line(third);
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == third.end().epoch);

  // A conflict copy holds a session no other file has.
  const HistoryRecord fourth = session("desktop", "2026-12-01T11:00:00+00:00");
  append_line(machines.shared / "desktop.sync-conflict-20261201-110500-ABCDEFG.jsonl", fourth);
  REQUIRE(readable(watch.fd(), patience_seconds));
  watch.ready(no_commands);
  CHECK(watch.last_end() == fourth.end().epoch);
}

TEST_CASE("the reminder's own folder is looked at, not watched, so its status never wakes it") {
  TwoMachines machines;
  // Without XDG_RUNTIME_DIR the reminder keeps its status in the state
  // folder, beside the local history.
  const fs::path state = machines.laptop.local->parent_path();
  HistoryWatch watch({machines.laptop.local, std::nullopt, "laptop"}, state);
  CHECK_FALSE(watch.last_end().has_value());
  std::ofstream(state / "remind.json") << "{}\n";
  CHECK_FALSE(readable(watch.fd(), 0));
  // A session that ends here is still seen, at the next turn of the loop.
  const HistoryRecord here = session("laptop", "2026-12-01T08:00:00+00:00");
  append_line(*machines.laptop.local, here);
  CHECK(watch.last_end() == here.end().epoch);
}
