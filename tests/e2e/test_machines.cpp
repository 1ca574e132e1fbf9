// One history across machines, end to end: two users' homes, each with its
// own config and state, sharing one folder as a sync tool would keep it,
// and the built binary run on each.
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "../test_paths.hpp"
#include "process.hpp"
#include "sandbox.hpp"

namespace fs = std::filesystem;

namespace {

std::string minimal() {
  return (fs::path(test_paths::fixtures) / "good/minimal.json").string();
}

// The folder both machines' sync tool keeps.
struct Shared {
  ScratchDir dir{"sync"};
  fs::path folder = dir / "stretch";
};

// A machine of the user's: a home of its own (config, state), and the
// shared folder set in its config file as a user would.
class Machine : public Sandbox {
 public:
  Machine(const Shared& shared, const std::string& name) : Sandbox("machine-" + name) {
    fs::create_directories(home() / ".config/stretch");
    std::ofstream(home() / ".config/stretch/config.toml") << fmt::format(
        "[history]\nshared_dir = \"{}\"\nmachine = \"{}\"\n", shared.folder.string(), name);
  }

  // A real session, recorded: over a second long at this speed, so that
  // no two start in the same second and their order is the order they ran.
  void stretch(const std::string& routine = "lower-back") const {
    const ProcessResult ran = run({"start", routine, "--speed", "100", "--format", "text"});
    REQUIRE(ran.exit_code == 0);
    REQUIRE(ran.err.empty());
  }

  std::vector<nlohmann::json> records() const {
    const ProcessResult listed = run({"history", "--format", "json"});
    REQUIRE(listed.exit_code == 0);
    CHECK(listed.err.empty());
    std::vector<nlohmann::json> records;
    for (const std::string& line : lines_of(listed.out)) {
      records.push_back(nlohmann::json::parse(line));
    }
    return records;
  }
};

std::vector<std::string> field_of(const std::vector<nlohmann::json>& records, const char* name) {
  std::vector<std::string> values;
  for (const nlohmann::json& record : records) {
    values.push_back(record.at(name).get<std::string>());
  }
  return values;
}

}  // namespace

TEST_CASE("two machines sharing a folder: interleaved sessions, one history, stats and exports") {
  Shared shared;
  const Machine laptop(shared, "laptop");
  const Machine desktop(shared, "desktop");
  laptop.stretch("neck-shoulders");
  desktop.stretch("lower-back");
  laptop.stretch("eyes");
  desktop.stretch("wrists-forearms");

  // Each machine wrote its own file only.
  CHECK(lines_of(read_file(shared.folder / "laptop.jsonl")).size() == 2);
  CHECK(lines_of(read_file(shared.folder / "desktop.jsonl")).size() == 2);
  CHECK_FALSE(fs::exists(laptop.home() / ".local/state/stretch/history.jsonl"));

  for (const Machine* machine : {&laptop, &desktop}) {
    const std::vector<nlohmann::json> records = machine->records();
    CHECK(field_of(records, "routine") ==
          std::vector<std::string>{"neck-shoulders", "lower-back", "eyes", "wrists-forearms"});
    CHECK(field_of(records, "machine") ==
          std::vector<std::string>{"laptop", "desktop", "laptop", "desktop"});
    const std::vector<std::string> ids = field_of(records, "id");
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 4);

    const ProcessResult table = machine->run({"history"});
    REQUIRE(table.exit_code == 0);
    const std::vector<std::string> rows = lines_of(table.out);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].starts_with("STARTED                    MACHINE ROUTINE"));
    CHECK(rows[1].find(" laptop  neck-shoulders ") != std::string::npos);
    CHECK(rows[2].find(" desktop lower-back ") != std::string::npos);

    const ProcessResult stats = machine->run({"stats", "--format", "json"});
    REQUIRE(stats.exit_code == 0);
    const nlohmann::json figures = nlohmann::json::parse(stats.out);
    CHECK(figures.at("sessions") == 4);
    CHECK(figures.at("current_streak") == 1);
    CHECK(figures.at("per_routine").size() == 4);

    const ProcessResult csv = machine->run({"history", "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(lines_of(csv.out)[0].ends_with(",outcome,machine,id\r"));
    CHECK(lines_of(csv.out)[2].find(",desktop," + ids[1] + "\r") != std::string::npos);
    const ProcessResult ics = machine->run({"history", "--format", "ics"});
    CHECK(ics.out.find("UID:" + ids[3] + "@stretch.history\r\n") != std::string::npos);
  }
  // Narrowed to one day, either machine sees the same.
  const ProcessResult today = laptop.run({"history", "--format", "json", "--since", "1970-01-01"});
  CHECK(lines_of(today.out).size() == 4);
}

TEST_CASE(
    "conflict copies in Syncthing's, Nextcloud's and Dropbox's naming count each session "
    "once") {
  Shared shared;
  const Machine laptop(shared, "laptop");
  const Machine desktop(shared, "desktop");
  laptop.stretch();
  desktop.stretch();
  const std::string laptop_lines = read_file(shared.folder / "laptop.jsonl");
  const std::string desktop_lines = read_file(shared.folder / "desktop.jsonl");
  // Copies of what is there, and one of them with a session of its own that
  // the sync tool kept only there: the laptop's run of eyes.
  const Machine elsewhere(shared, "laptop-old");
  elsewhere.stretch("eyes");
  const std::string eyes_line = read_file(shared.folder / "laptop-old.jsonl");
  fs::remove(shared.folder / "laptop-old.jsonl");
  std::ofstream(shared.folder / "laptop.sync-conflict-20261205-120000-ABCDEFG.jsonl")
      << laptop_lines;
  std::ofstream(shared.folder / "desktop (conflicted copy 2026-12-05).jsonl")
      << desktop_lines << eyes_line;
  std::ofstream(shared.folder / "laptop (machine's conflicted copy).jsonl")
      << laptop_lines << eyes_line;

  for (const Machine* machine : {&laptop, &desktop}) {
    const std::vector<nlohmann::json> records = machine->records();
    CHECK(field_of(records, "routine") ==
          std::vector<std::string>{"lower-back", "lower-back", "eyes"});
    const ProcessResult stats = machine->run({"stats", "--format", "json"});
    CHECK(nlohmann::json::parse(stats.out).at("sessions") == 3);
  }
  // Nothing was written to any copy, or to the other machine's file.
  CHECK(read_file(shared.folder / "desktop.jsonl") == desktop_lines);
  CHECK(read_file(shared.folder / "laptop.sync-conflict-20261205-120000-ABCDEFG.jsonl") ==
        laptop_lines);
}

TEST_CASE("a half-synced file from another machine is read to its last whole line, quietly") {
  Shared shared;
  const Machine laptop(shared, "laptop");
  const Machine desktop(shared, "desktop");
  desktop.stretch();
  desktop.stretch("eyes");
  const std::string whole = read_file(shared.folder / "desktop.jsonl");
  const std::string cut = whole.substr(0, whole.size() - 30);
  std::ofstream(shared.folder / "desktop.jsonl", std::ios::trunc) << cut;
  const ProcessResult listed = laptop.run({"history", "--format", "json"});
  CHECK(listed.err.empty());
  CHECK(lines_of(listed.out).size() == 1);
  laptop.stretch();
  CHECK(read_file(shared.folder / "desktop.jsonl") == cut);
  std::ofstream(shared.folder / "desktop.jsonl", std::ios::trunc) << whole;
  CHECK(laptop.records().size() == 3);
}

TEST_CASE("twenty sessions at once on two machines: every one recorded, none lost") {
  Shared shared;
  const Machine laptop(shared, "laptop");
  const Machine desktop(shared, "desktop");
  // Running at once, each a second or so long, so that they end together.
  std::vector<std::unique_ptr<BackgroundProcess>> sessions;
  for (int i = 0; i < 20; ++i) {
    const Machine& machine = i % 2 == 0 ? laptop : desktop;
    sessions.push_back(std::make_unique<BackgroundProcess>(
        std::vector<std::string>{test_paths::stretch, "start", minimal(), "--speed", "10",
                                 "--format", "text"},
        machine.environment(), (machine.home() / fmt::format("session-{}.out", i)).string()));
  }
  for (const std::unique_ptr<BackgroundProcess>& session : sessions) {
    const ProcessResult ended = session->wait();
    CHECK(ended.exit_code == 0);
    CHECK(session->output().find("warning") == std::string::npos);
  }
  for (const Machine* machine : {&laptop, &desktop}) {
    const std::vector<nlohmann::json> records = machine->records();
    REQUIRE(records.size() == 20);
    const std::vector<std::string> ids = field_of(records, "id");
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 20);
    const std::vector<std::string> machines = field_of(records, "machine");
    CHECK(std::count(machines.begin(), machines.end(), "laptop") == 10);
    for (const nlohmann::json& record : records) {
      CHECK(record.at("outcome") == "done");
    }
  }
  for (const char* file : {"laptop.jsonl", "desktop.jsonl"}) {
    const std::string text = read_file(shared.folder / file);
    CHECK(lines_of(text).size() == 10);
    CHECK(text.ends_with("\n"));
  }
}

TEST_CASE("the history from before sharing is kept as it was and read as this machine's") {
  Shared shared;
  Sandbox before("machine-before");
  const fs::path local = before.home() / ".local/state/stretch/history.jsonl";
  fs::create_directories(local.parent_path());
  fs::permissions(local.parent_path(), fs::perms::owner_all);
  fs::copy_file(fs::path(test_paths::fixtures) / "history/before-speed.jsonl", local);
  const std::string old = read_file(local);
  // The same user, now with the folder set.
  fs::create_directories(before.home() / ".config/stretch");
  std::ofstream(before.home() / ".config/stretch/config.toml") << fmt::format(
      "[history]\nshared_dir = \"{}\"\nmachine = \"laptop\"\n", shared.folder.string());
  const ProcessResult ran =
      before.run({"start", "lower-back", "--speed", "1000", "--format", "text"});
  REQUIRE(ran.exit_code == 0);
  CHECK(read_file(local) == old);
  CHECK(lines_of(read_file(shared.folder / "laptop.jsonl")).size() == 1);

  const ProcessResult listed = before.run({"history", "--format", "json"});
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.err.empty());
  const std::vector<std::string> lines = lines_of(listed.out);
  REQUIRE(lines.size() == 3);
  for (const std::string& line : lines) {
    CHECK(nlohmann::json::parse(line).at("machine") == "laptop");
  }
  // Another machine sees what was shared.
  const Machine desktop(shared, "desktop");
  CHECK(desktop.records().size() == 1);
}

TEST_CASE("a machine name outside a-z, 0-9, '.', '_' and '-' is refused, naming the setting") {
  Shared shared;
  Machine laptop(shared, "laptop");
  laptop.set_environment("STRETCH_MACHINE", "Work Laptop");
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"start", "lower-back", "--speed", "1000"}, {"history"}, {"stats"}, {"config"}}) {
    INFO(command[0]);
    const ProcessResult refused = laptop.run(command);
    CHECK(refused.exit_code == 78);
    CHECK(refused.err ==
          "stretch: error: STRETCH_MACHINE: \"Work Laptop\" cannot name a machine: use up to 64 "
          "of a-z, 0-9, '.', '_' and '-', not starting with '.'\n");
  }
  laptop.unset_environment("STRETCH_MACHINE");
  std::ofstream(laptop.home() / ".config/stretch/config.toml")
      << "[history]\nshared_dir = \"~/Sync\"\nmachine = \"../desktop\"\n";
  const ProcessResult refused = laptop.run({"start", "lower-back", "--speed", "1000"});
  CHECK(refused.exit_code == 78);
  CHECK(refused.err == fmt::format("stretch: error: {}:3:11: history.machine: \"../desktop\" "
                                   "cannot name a machine: use up to 64 of a-z, 0-9, '.', '_' "
                                   "and '-', not starting with '.'\n",
                                   (laptop.home() / ".config/stretch/config.toml").string()));
  CHECK_FALSE(fs::exists(shared.folder));
  CHECK_FALSE(fs::exists(laptop.home() / "Sync"));
}
