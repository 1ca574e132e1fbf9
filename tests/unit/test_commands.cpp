// Every command run in-process through the command line, as main runs it,
// with a Context of strings, a scratch HOME and the virtual clock: output
// compared as exact text.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "../test_paths.hpp"
#include "builtin_overviews.hpp"
#include "scripted_tmux.hpp"
#include "stretch/cli/cli.hpp"
#include "stretch/commands/commands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/routine/catalog.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/sinks/history.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

std::string expected(const std::string& name) {
  return read_file(fs::path(test_paths::expected) / name);
}

// Keys and signals scripted on the virtual clock, in place of a keyboard.
class ScriptedInput final : public LiveInput {
 public:
  explicit ScriptedInput(std::vector<VirtualClock::ScriptedWake> script)
      : clock_(std::move(script)) {}
  Clock& clock() override { return clock_; }
  bool has_keys() const override { return true; }

 private:
  VirtualClock clock_;
};

struct Ran {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// A user with an empty home of their own, at a fixed moment.
class User {
 public:
  User() {
    environment_.set("HOME", home_.path().string());
    environment_.set("PATH", "/nonexistent");
  }

  const fs::path& home() const { return home_.path(); }
  void set_environment(std::string name, std::string value) {
    environment_.set(std::move(name), std::move(value));
  }
  std::vector<VirtualClock::ScriptedWake> keys;
  std::shared_ptr<const stretch::TimeZone> time_zone = std::make_shared<FixedTimeZone>(3600);
  fs::path proc_root;  // none: no process is looked at
  LocaleTime locale_time;
  std::function<bool(pid_t)> process_runs = [](pid_t) { return true; };
  // Run from a terminal: what is written to it, and how often it was asked.
  bool in_terminal = false;
  std::string terminal_bytes;
  int terminal_asked = 0;

  Ran run(std::vector<std::string> args) {
    args.insert(args.begin(), "stretch");
    StringOutput out;
    StringOutput err;
    Context context{out, err, environment_};
    context.time_zone = time_zone;
    context.proc_root = proc_root;
    context.locale_time = locale_time;
    context.process_runs = process_runs;
    context.in_is_terminal = in_terminal;
    context.open_terminal = [this]() -> std::unique_ptr<Output> {
      return in_terminal ? std::make_unique<SharedOutput>(terminal_bytes) : nullptr;
    };
    context.ask_terminal = [this](std::string_view, const std::function<bool(std::string_view)>&,
                                  std::chrono::milliseconds) {
      ++terminal_asked;
      return std::string();
    };
    ScriptedInput* input = nullptr;
    context.open_live_input = [this, &input]() -> std::unique_ptr<LiveInput> {
      auto opened = std::make_unique<ScriptedInput>(keys);
      input = opened.get();
      return opened;
    };
    // 2026-11-18T11:06:40Z, 12:06:40 in the user's zone, and on as the
    // scripted clock goes.
    context.wall_clock = [&input, zone = time_zone] {
      const std::int64_t passed =
          input != nullptr
              ? std::chrono::duration_cast<std::chrono::seconds>(input->clock().now()).count()
              : 0;
      return wall_time(1'795'000'000 + passed, *zone);
    };
    const int exit_code = run_command_line(args, context);
    return {exit_code, out.text(), err.text()};
  }

 private:
  ScratchDir home_{"unit"};
  Environment environment_;
};

std::string error_of(User& user, std::vector<std::string> args) {
  try {
    user.run(std::move(args));
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("help for stretch and every command, as written in expected/help") {
  User user;
  for (const std::string command : {"", "list", "show", "start", "resume", "history", "stats",
                                    "remind", "status", "validate", "new", "config"}) {
    INFO(command);
    const Ran help = command.empty() ? user.run({"--help"}) : user.run({command, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.err.empty());
    CHECK(help.out == expected("help/" + (command.empty() ? "stretch" : command) + ".txt"));
  }
}

TEST_CASE("list, show and a dry run print exactly what a user sees") {
  User user;
  CHECK(user.run({"list"}).out == expected("list.txt"));
  CHECK(user.run({"show", "lower-back"}).out == expected("show-lower-back.txt"));
  CHECK(user.run({"start", "lower-back", "--dry-run"}).out == expected("start-lower-back.txt"));
  CHECK(user.run({"start", "lower-back", "--dry-run", "--format", "json"}).out ==
        expected("start-lower-back.jsonl"));
  CHECK(user.run({"list", "--names"}).out.starts_with("chest-upper-back\ndesk-break\n"));
}

TEST_CASE("a session stopped with q is recorded, and there is then nothing to resume") {
  User user;
  user.keys = {{std::chrono::seconds(20), Wake{Wake::Kind::key, 'q', 0}}};
  const Ran session = user.run({"start", "lower-back", "--format", "text"});
  CHECK(session.exit_code == 0);
  CHECK(
      session.out.ends_with("00:15 cue 3s Cat: lower back up\n"
                            "00:18 cue 3s Cow: hips sink, back arches\n"
                            "00:20 end stopped 0/2 0:20\n"));
  CHECK(user.run({"history"}).out ==
        "STARTED                    ROUTINE              DONE     OUTCOME\n"
        "2026-11-18T12:06:40+01:00  lower-back           0:20/2:55 stopped\n");
  CHECK(user.run({"resume"}).out ==
        "Nothing to resume: the last session ended, or none was interrupted.\n");
}

TEST_CASE("the file of --status-file gets its folder, as a new user's ~/.cache may be missing") {
  User user;
  const fs::path file = user.home() / ".cache/stretch.json";
  const Ran ran = user.run({"start", "eyes", "--format", "text", "--status-file", file.string()});
  CHECK(ran.exit_code == 0);
  CHECK(ran.err.empty());
  CHECK(fs::is_directory(file.parent_path()));
  CHECK_FALSE(fs::exists(file));  // removed at the end
}

TEST_CASE("an interrupted session ends by its signal and resumes where it was") {
  User user;
  user.keys = {{std::chrono::seconds(50), Wake{Wake::Kind::signal, 0, SIGINT}}};
  try {
    user.run({"start", "lower-back", "--format", "text"});
    FAIL("no EndedBySignal");
  } catch (const EndedBySignal& ended) {
    CHECK(ended.signal() == SIGINT);
  }
  user.keys.clear();
  const Ran resumed = user.run({"resume", "--format", "text"});
  CHECK(resumed.out.find("00:45 phase rest 15s 1/2 forearm-cat-cow\n") != std::string::npos);
  CHECK(resumed.out.find("00:15 phase") == std::string::npos);  // not from the start
  CHECK(resumed.out.ends_with("02:55 end done 2/2 2:10\n"));
}

TEST_CASE("a session built to fit the time: shown, run, recorded, and resumed as it was") {
  User user;
  const Ran shown = user.run({"show", "--minutes", "5", "--area", "neck,shoulders"});
  CHECK(
      shown.out.starts_with("5 minutes: neck and shoulders (fit-5m, fitted)\n"
                            "Built from the routine library to fit 5 minutes.\n"
                            "Areas: neck, shoulders, "));
  // A few stretches for the neck and shoulders, with full holds and rounds,
  // fill the time.
  CHECK(shown.out.find("\nTotal 4:39: 4 stretches.\n") != std::string::npos);
  CHECK(shown.err.empty());
  // The library has less than 5 minutes for the eyes: it says so.
  const Ran eyes = user.run({"show", "--minutes", "5", "--area", "eyes"});
  CHECK(eyes.exit_code == 0);
  CHECK(eyes.out.ends_with("\nTotal 3:38: 3 stretches.\n"));
  CHECK(eyes.err ==
        "stretch: warning: the session lasts 3:38, 1:22 short of 5 minutes: every stretch in the "
        "library for eyes is in it, with full holds and all its rounds\n");
  user.keys = {{std::chrono::seconds(40), Wake{Wake::Kind::signal, 0, SIGTERM}}};
  CHECK_THROWS_AS(user.run({"start", "--minutes", "5", "--area", "neck,shoulders"}), EndedBySignal);
  user.keys.clear();
  const Ran resumed = user.run({"resume", "--format", "text"});
  CHECK(resumed.out.starts_with("00:00 start fit-5m "));
  CHECK(resumed.out.find(" end done ") != std::string::npos);
  CHECK(resumed.out.find("00:00 phase setup") == std::string::npos);  // from where it stopped
  CHECK(user.run({"history"}).out.find("fit-5m") != std::string::npos);
  CHECK(error_of(user, {"start", "lower-back", "--minutes", "5"}) ==
        "give a routine or --minutes, not both");
  CHECK(error_of(user, {"list", "--area", "nek"}) ==
        "--area: unknown area \"nek\"; did you mean \"neck\"?");
}

TEST_CASE("a fitted session takes first the stretches the history has least recently") {
  User user;
  const auto stretch_ids = [&] {
    const Ran shown =
        user.run({"show", "--minutes", "3", "--area", "shoulders", "--format", "json"});
    const nlohmann::json plan = nlohmann::json::parse(shown.out);
    std::vector<std::string> ids;
    for (const auto& stretch : plan["stretches"]) {
      ids.push_back(stretch["id"].get<std::string>());
    }
    return ids;
  };
  const std::vector<std::string> first = stretch_ids();
  REQUIRE(first.size() >= 3);
  CHECK(stretch_ids() == first);  // the same history, the same session
  HistoryRecord record;
  record.start = {1'795'000'000, 3600};
  record.routine = "fit-shoulders";
  record.source = "fitted";
  record.planned = record.done = 120'000;
  for (const std::string& id : first) {
    record.stretch_records.push_back({id, StretchOutcome::done});
  }
  append_history(user.home() / ".local/state/stretch/history.jsonl", record);
  // The same stretch covers the shoulders; after it come the stretches not
  // done last time, then, as time allows, those that were.
  const std::vector<std::string> second = stretch_ids();
  REQUIRE(second.size() >= 2);
  CHECK(second.front() == first.front());
  const auto done_before = [&](const std::string& id) {
    return std::find(first.begin(), first.end(), id) != first.end();
  };
  CHECK_FALSE(done_before(second[1]));
  CHECK(std::is_partitioned(second.begin() + 1, second.end(),
                            [&](const std::string& id) { return !done_before(id); }));
}

TEST_CASE("a fitted session resumes from the routine file it keeps") {
  User user;
  user.keys = {{std::chrono::seconds(40), Wake{Wake::Kind::signal, 0, SIGTERM}}};
  CHECK_THROWS_AS(user.run({"start", "--minutes", "10"}), EndedBySignal);
  user.keys.clear();
  const Ran resumed = user.run({"resume", "--format", "text"});
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.out.find(" end done ") != std::string::npos);
  const std::string kept = read_file(user.home() / ".local/state/stretch/fitted.json");
  CHECK(parse_routine(kept, "fitted.json", nullptr, RoutineKind::fitted).name == "fit-10m");
}

TEST_CASE("remind offers a session for the areas stretched least recently, or the routine named") {
  User user;
  user.keys = {{std::chrono::minutes(46), Wake{Wake::Kind::key, 'q', 0}}};
  const Ran fitted = user.run({"remind"});
  CHECK(fitted.exit_code == 0);
  const std::string first_line = fitted.out.substr(0, fitted.out.find('\n') + 1);
  CHECK(
      first_line.starts_with("Reminding you every 45m to stand up and stretch. Enter: start \"5 "
                             "minutes: neck, shoulders, upper back and lower back\""));
  // One reminder came in the 46 minutes, offering the same session.
  CHECK(fitted.out.find("Time to stand up and stretch. Enter: start \"5 minutes: ") !=
        std::string::npos);
  const Ran named = user.run({"remind", "desk-break", "--every", "1h"});
  CHECK(named.out ==
        "Reminding you every 1h to stand up and stretch. Enter: start desk-break · q: quit\n");
}

TEST_CASE("remind keeps to its working days") {
  User user;
  // The test's moment is Wednesday 12:06 in the user's zone, UTC+1.
  user.keys = {{std::chrono::minutes(120), Wake{Wake::Kind::key, 'q', 0}}};
  const Ran away_days = user.run({"remind", "desk-break", "--every", "1m", "--days", "mon,tue"});
  CHECK(away_days.exit_code == 0);
  CHECK(away_days.out.find("Time to stand up") == std::string::npos);
  user.keys = {{std::chrono::seconds(90), Wake{Wake::Kind::key, 'q', 0}}};
  const Ran working = user.run({"remind", "desk-break", "--every", "1m", "--days", "wed"});
  CHECK(working.out.find("12:07 Time to stand up and stretch. Enter: start desk-break") !=
        std::string::npos);
  // The same moment is already Thursday 01:06 in UTC+14.
  user.time_zone = std::make_shared<FixedTimeZone>(14 * 3600);
  CHECK(user.run({"remind", "desk-break", "--every", "1m", "--days", "wed"})
            .out.find("Time to stand up") == std::string::npos);
  CHECK(user.run({"remind", "desk-break", "--every", "1m", "--days", "thu"})
            .out.find("01:07 Time to stand up") != std::string::npos);
}

TEST_CASE("remind tells the time on the locale's clock") {
  User user;
  user.locale_time = {1, true, "am", "pm"};
  user.keys = {{std::chrono::seconds(90), Wake{Wake::Kind::key, 'q', 0}}};
  CHECK(user.run({"remind", "desk-break", "--every", "1m"})
            .out.find("\a12:07 pm Time to stand up and stretch.") != std::string::npos);
}

TEST_CASE("a session in the history restarts the reminder's countdown from its real end") {
  User user;
  // A 5-minute session that started as the reminder did, in another
  // terminal: the first reminder comes 45 minutes after its end.
  const fs::path history = user.home() / ".local/state/stretch/history.jsonl";
  HistoryRecord stretched;
  stretched.start = {1'795'000'000, 3600};
  stretched.routine = "desk-break";
  stretched.source = "built-in";
  stretched.planned = 300'000;
  stretched.done = 100'000;
  stretched.wall = 100'000;
  // Less than half its planned length: it counts for nothing.
  append_history(history, stretched);
  user.keys = {{std::chrono::minutes(46), Wake{Wake::Kind::key, 'q', 0}}};
  CHECK(user.run({"remind", "desk-break"}).out.find("12:51 Time to stand up") != std::string::npos);
  stretched.done = 300'000;
  stretched.wall = 300'000;
  append_history(history, stretched);
  CHECK(user.run({"remind", "desk-break"}).out.find("Time to stand up") == std::string::npos);
  user.keys = {{std::chrono::minutes(51), Wake{Wake::Kind::key, 'q', 0}}};
  CHECK(user.run({"remind", "desk-break"}).out.find("12:56 Time to stand up") != std::string::npos);

  // At ten times the speed the same plan took 30 real seconds: the
  // countdown runs from the real end, not from the plan's.
  stretched.start = {1'795'000'000 + 600, 3600};
  stretched.speed = 10;
  stretched.wall = 30'000;
  append_history(history, stretched);
  user.keys = {{std::chrono::minutes(55), Wake{Wake::Kind::key, 'q', 0}}};
  CHECK(user.run({"remind", "desk-break"}).out.find("Time to stand up") == std::string::npos);
  user.keys = {{std::chrono::minutes(56), Wake{Wake::Kind::key, 'q', 0}}};
  CHECK(user.run({"remind", "desk-break"}).out.find("13:02 Time to stand up") != std::string::npos);
}

TEST_CASE("stretch status is empty when nothing runs") {
  User user;
  CHECK(user.run({"status"}).out.empty());
  CHECK(user.run({"status", "--format", "json"}).out == "{\"state\":\"none\",\"text\":\"\"}\n");
  CHECK(user.run({"status", "--format", "waybar"}).out ==
        "{\"text\":\"\",\"tooltip\":\"No reminder is running\",\"class\":\"none\","
        "\"percentage\":0}\n");
  CHECK(error_of(user, {"remind", "--status"}).starts_with("no reminder is running"));
}

TEST_CASE("stretch status shows a paused session while the process it names runs") {
  User user;
  const fs::path runtime = user.home() / "run";
  user.set_environment("XDG_RUNTIME_DIR", runtime.string());
  fs::create_directories(runtime / "stretch");
  fs::permissions(runtime, fs::perms::owner_all, fs::perm_options::replace);
  fs::permissions(runtime / "stretch", fs::perms::owner_all, fs::perm_options::replace);
  std::ofstream(runtime / "stretch" / "session.json")
      << R"({"routine":"lower-back","stretch":"Forearm Cat-Cow","phase":"flow","round":1,)"
         R"("rounds":2,"cue":"","seconds_left":20,"paused":true,"pid":4242})"
         "\n";
  std::vector<pid_t> asked;
  user.process_runs = [&](pid_t pid) {
    asked.push_back(pid);
    return true;
  };
  CHECK(user.run({"status"}).out == "Forearm Cat-Cow · flow · 0:20 · paused\n");
  CHECK(asked == std::vector<pid_t>{4242});
  // Killed, it left its file behind: nothing runs.
  user.process_runs = [](pid_t) { return false; };
  CHECK(user.run({"status"}).out.empty());
}

TEST_CASE("history and stats with nothing recorded") {
  User user;
  CHECK(user.run({"history"}).out ==
        "No sessions yet. `stretch start lower-back` makes the first.\n");
  CHECK(user.run({"history", "--format", "json"}).out.empty());
  const Ran stats = user.run({"stats", "--format", "json"});
  CHECK(stats.out.find("\"sessions\": 0") != std::string::npos);
}

TEST_CASE("stats and history put a session on the day it was lived, weeks from the locale") {
  User user;
  const fs::path history = user.home() / ".local/state/stretch/history.jsonl";
  HistoryRecord record;
  record.routine = "desk-break";
  record.source = "built-in";
  record.planned = 60'000;
  record.done = 60'000;
  // Sunday the 15th, Monday the 16th and just after midnight on Wednesday
  // the 18th, recorded in the user's zone (UTC+1); the test's moment is
  // Wednesday the 18th.
  for (const char* start :
       {"2026-11-15T12:00:00+01:00", "2026-11-16T12:00:00+01:00", "2026-11-18T00:30:00+01:00"}) {
    record.start = *parse_iso8601(start);
    append_history(history, record);
  }
  const auto this_week = [&user] {
    const nlohmann::json stats = nlohmann::json::parse(user.run({"stats", "--format", "json"}).out);
    return stats.at("sessions_this_week").get<int>();
  };
  const auto since_today = [&user] {
    const std::string out = user.run({"history", "--since", "2026-11-18", "--format", "json"}).out;
    return std::count(out.begin(), out.end(), '\n');
  };
  CHECK(this_week() == 2);  // Monday first
  CHECK(since_today() == 1);
  user.locale_time.first_weekday = 0;  // Sunday first
  CHECK(this_week() == 3);
  // Read after a flight to UTC-5, where 00:30 in Berlin was still the
  // 17th: the session stays on the day it was lived, as the table shows it.
  user.time_zone = std::make_shared<FixedTimeZone>(-5 * 3600);
  CHECK(since_today() == 1);
}

TEST_CASE("validate reports each file, new writes a routine once") {
  User user;
  const Ran created = user.run({"new", "mine"});
  const fs::path file = user.home() / ".config/stretch/routines/mine.json";
  CHECK(created.out == "Wrote " + file.string() + "\nEdit it, check it with `stretch validate " +
                           file.string() + "`, and run it with `stretch start mine`.\n");
  CHECK(user.run({"validate", file.string()}).out == file.string() + ": ok, 2 stretches, 2:23\n");
  // By name, as start finds it: the file new wrote, or a built-in one.
  CHECK(user.run({"validate", "mine", "lower-back"}).out ==
        "mine: ok, 2 stretches, 2:23\nlower-back: ok, 2 stretches, 2:55\n");
  std::ofstream(file) << "{\"schema\": 1}";
  const Ran broken = user.run({"validate", "mine"});
  CHECK(broken.exit_code == 65);
  CHECK(broken.out.starts_with(file.string() + ":1:1: "));
  const Ran unknown = user.run({"validate", "mien"});
  CHECK(unknown.exit_code == 66);
  CHECK(unknown.err == "stretch: error: no routine named \"mien\"; did you mean \"mine\"?\n");
  CHECK(error_of(user, {"new", "mine"}) == file.string() + " already exists; not overwriting it");
  const Ran missing = user.run({"validate", "/nonexistent.json"});
  CHECK(missing.exit_code == 66);
  CHECK(missing.err == "stretch: error: /nonexistent.json: no such file\n");
}

TEST_CASE("the starter routine keeps the rules of the built-in library") {
  User user;
  user.run({"new", "mine"});
  const Routine starter =
      load_routine_file(user.home() / ".config/stretch/routines/mine.json", nullptr);
  CHECK(starter.safety.find("see a doctor or a physical therapist first") != std::string::npos);
  CHECK(starter.safety.find("Stop if anything hurts") != std::string::npos);
  for (const Stretch& stretch : starter.stretches) {
    INFO(stretch.id);
    CHECK(stretch.position.has_value());
    Millis cycle = 0;
    for (const Cue& cue : stretch.cues) {
      cycle += cue.duration;
    }
    REQUIRE(cycle > 0);
    CHECK(stretch.flow % cycle == 0);
  }
  CHECK_FALSE(starter.stretches.at(1).caution.empty());
}

TEST_CASE("usage errors: plain words, the command's help named, exit 64") {
  User user;
  const Ran speed = user.run({"start", "lower-back", "--speed", "0"});
  CHECK(speed.exit_code == 64);
  CHECK(speed.err ==
        "stretch: error: --speed: 0 is not between 0.01 and 1000\n"
        "Run `stretch start --help` for usage.\n");
  CHECK(user.run({"show", "lower-back", "--rest", "700"}).err ==
        "stretch: error: --rest: 700 is not between 0 and 600\n"
        "Run `stretch show --help` for usage.\n");
  CHECK(user.run({}).err == "stretch: error: no command given\nRun `stretch --help` for usage.\n");
  CHECK(error_of(user, {"strat"}) == "unknown command \"strat\"; did you mean \"start\"?");
  // A setting's flag is checked as the config file's value is, while the
  // command line is read.
  const auto remind_usage = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "remind");
    const Ran ran = user.run(std::move(args));
    CHECK(ran.exit_code == 64);
    const std::string usage = "\nRun `stretch remind --help` for usage.\n";
    CHECK(ran.err.starts_with("stretch: error: "));
    CHECK(ran.err.ends_with(usage));
    return ran.err.substr(16, ran.err.size() - 16 - usage.size());
  };
  CHECK(remind_usage({"--every", "45"}) ==
        "--every: \"45\" is not a duration like 90s, 45m or 1h30m");
  CHECK(remind_usage({"--hours", "9:00-25:00"}) ==
        "--hours: \"9:00-25:00\" is not a range of times like 9:00-17:30");
  CHECK(remind_usage({"--hours", "9:00-9:00"}) ==
        "--hours: \"9:00-9:00\" is not a range of times like 9:00-17:30");
  CHECK(remind_usage({"--days", "mon-sunday"}) ==
        "--days: \"mon-sunday\" is not days like mon-fri or mon,wed,fri");
  CHECK(remind_usage({"--at", "10:30,3pm"}) ==
        "--at: \"10:30,3pm\" is not times of day like 10:30,15:00");
  CHECK(remind_usage({"--break", "0s"}) ==
        "--break: \"0s\" is not a duration like 90s, 45m or 1h30m");
  CHECK(user.run({"start", "x", "--color", "blue"}).err ==
        "stretch: error: --color: \"blue\" is not one of auto, always, never\n"
        "Run `stretch start --help` for usage.\n");
  CHECK(error_of(user, {"remind", "--pause", "soon"}) ==
        "--pause: \"soon\" is not a duration like 90s, 45m or 1h30m");
  CHECK(error_of(user, {"remind", "--pause", "1h", "--resume"}) ==
        "give one of --status, --pause, --pause-until, --resume, --now, --skip and --ask");
  CHECK(error_of(user, {"remind", "desk-break", "--now"}) ==
        "a routine goes with a new reminder, not with a word to one");
  CHECK(error_of(user, {"start", "lower-bak"}) ==
        "no routine named \"lower-bak\"; did you mean \"lower-back\"?");
}

TEST_CASE("list --names gives the names of the routines --area keeps") {
  User user;
  const Ran eyes = user.run({"list", "--area", "eyes", "--names"});
  CHECK(eyes.exit_code == 0);
  CHECK(eyes.out == "eyes\n");
  const Ran all = user.run({"list", "--names"});
  CHECK(all.out.find("lower-back\n") != std::string::npos);
  CHECK(all.out.find("eyes\n") != std::string::npos);
  CHECK(error_of(user, {"list", "--area", "toes", "--names"}).starts_with("--area: "));
}

TEST_CASE("the routine table aligns columns and lists broken files with their error") {
  Routine routine{"lower-back", "Lower back", "", "Careful.", {}};
  routine.stretches.push_back({.id = "a",
                               .title = "A",
                               .instructions = {"Do."},
                               .setup = 10'000,
                               .flow = 30'000,
                               .cues = {{"Go", 3'000}},
                               .rest = 15'000,
                               .rounds = 2});
  const std::vector<RoutineSummary> routines{
      {{"lower-back", Origin::builtin, {}, false}, overview_of(routine), {}},
      {{"mine", Origin::user, "/home/u/.config/stretch/routines/mine.json", true},
       std::nullopt,
       "mine.json:1:1: expected a value"},
  };
  CHECK(format_routine_table(routines) ==
        "NAME        STRETCHES   TIME  TITLE                                      AREAS  SOURCE\n"
        "lower-back          1   1:25  Lower back                                        built-in\n"
        "mine                -      -  (broken: mine.json:1:1: expected a value)  -      "
        "/home/u/.config/stretch/routines/mine.json (hides another of this name)\n");
}

TEST_CASE("the built-in overviews made at build time are those of the routines, in each language") {
  std::size_t compared = 0;
  for (const RoutineEntry& entry : list_routines({})) {
    const Routine routine = load_entry(entry, {});
    std::vector<std::string> languages = routine_languages(routine);
    languages.insert(languages.begin(), "en");
    for (const std::string& language : languages) {
      CAPTURE(entry.name, language);
      const Environment environment{{"LANG", "en_US.UTF-8"}, {"LANGUAGE", language}};
      const std::optional<RoutineOverview> overview =
          builtin_overview(entry.name, environment, false);
      REQUIRE(overview);
      CHECK(*overview == overview_of(in_user_language(routine, environment)));
      ++compared;
    }
  }
  CHECK(compared == builtin_overviews().size());
  CHECK_FALSE(builtin_overview("mine", {}, false));
}

TEST_CASE("list loads a built-in that uses a routine the user's routine of that name hides") {
  User user;
  const fs::path routines = user.home() / ".config/stretch/routines";
  fs::create_directories(routines);
  // lower-back-quick takes two stretches of lower-back; the user's
  // lower-back gives one of them longer to get into position.
  nlohmann::json lower_back =
      nlohmann::json::parse(read_file(fs::path(test_paths::routines) / "lower-back.json"));
  for (nlohmann::json& stretch : lower_back["stretches"]) {
    if (stretch["id"] == "forearm-cat-cow") {
      stretch["setup"] = stretch["setup"].get<double>() + 15;
    }
  }
  std::ofstream(routines / "lower-back.json") << lower_back.dump();
  const Environment environment{{"HOME", user.home().string()}};
  const Millis expected_length =
      routine_length(load_entry({"lower-back-quick"}, SearchDirs::from(environment)));
  REQUIRE(expected_length != builtin_overview("lower-back-quick", {}, false)->length);
  const nlohmann::json listed = nlohmann::json::parse(user.run({"list", "--format", "json"}).out);
  const auto quick = std::find_if(listed.begin(), listed.end(), [](const nlohmann::json& item) {
    return item["name"] == "lower-back-quick";
  });
  REQUIRE(quick != listed.end());
  CHECK((*quick)["total"].get<double>() == static_cast<double>(expected_length) / 1000.0);
}

TEST_CASE("config ends with how a reminder started here reaches you now, and why not otherwise") {
  User user;
  user.set_environment("TERM", "xterm-kitty");
  CHECK(user.run({"config"})
            .out.ends_with("\nAlerts now: none but the reminder's line.\n"
                           "Not now: desktop (no session bus), terminal (the reminder has no "
                           "terminal), tmux (no tmux "
                           "server), bell (the reminder has no terminal).\n"));
  user.in_terminal = true;
  CHECK(user.run({"config"})
            .out.ends_with(
                "\nAlerts now: terminal (OSC 99 for kitty), bell.\n"
                "Not now: desktop (no session bus), tmux (not needed: the terminal shows it).\n"));
  const auto json = nlohmann::json::parse(user.run({"config", "--format", "json"}).out);
  CHECK(json["remind.alert"]["value"] == "auto");
  CHECK(json["remind.alert"]["now"][1] == nlohmann::json::parse(R"({"channel":"terminal",
      "live":true,"reason":"sequences","sequences":["osc99"],"terminal":"kitty","through":""})"));
  user.set_environment("STRETCH_ALERT", "bell");
  CHECK(user.run({"config"})
            .out.ends_with("\nAlerts now: bell.\n"
                           "Not now: desktop (left out by remind.alert), terminal (left out by "
                           "remind.alert), tmux "
                           "(left out by remind.alert).\n"));
  // Nothing is sent, and the terminal is not asked its name.
  CHECK(user.terminal_bytes.empty());
  CHECK(user.terminal_asked == 0);
}

TEST_CASE("config: the file, the environment and flags, each winning over the last") {
  User user;
  const fs::path file = user.home() / ".config/stretch/config.toml";
  CHECK(user.run({"config", "--path"}).out == file.string() + "\n");
  const Ran wrote = user.run({"new", "--config"});
  CHECK(wrote.out.starts_with("Wrote " + file.string() + "\n"));
  CHECK(error_of(user, {"new", "--config"}) ==
        file.string() + " already exists; not overwriting it");
  std::ofstream(file) << "[start]\nformat = \"json\"\nbell = true\n";
  CHECK(user.run({"start", "desk-break", "--dry-run"}).out.starts_with("{\"event\":\"start\","));
  const Ran config = user.run({"config"});
  CHECK(config.out.starts_with("start.bell             true    " + file.string() + ":3\n"));
  CHECK(config.out.find("\nstart.format           \"json\"  " + file.string() + ":2\n") !=
        std::string::npos);
  user.set_environment("STRETCH_FORMAT", "text");
  CHECK(user.run({"start", "desk-break", "--dry-run"}).out.starts_with("00:00 start desk-break"));
  CHECK(user.run({"config"})
            .out.find("\nstart.format           \"text\"  environment STRETCH_FORMAT\n") !=
        std::string::npos);
  CHECK(user.run({"start", "desk-break", "--dry-run", "--format", "json"})
            .out.starts_with("{\"event\":\"start\","));
  const Ran json = user.run({"config", "--format", "json"});
  CHECK(json.out.find("\"start.bell\": {\n    \"value\": true,\n    \"source\": \"" +
                      file.string() + ":3\"\n  }") != std::string::npos);
  std::ofstream(file) << "[start]\nbel = true\n";
  try {
    user.run({"start", "desk-break", "--dry-run"});
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::config);
    CHECK(std::string(error.what()) ==
          file.string() + ":2:1: unknown key \"bel\" in [start]; did you mean \"bell\"?");
  }
  user.set_environment("STRETCH_CONFIG", "/dev/null");
  CHECK(user.run({"start", "desk-break", "--dry-run"}).exit_code == 0);
  CHECK(error_of(user, {"new", "--config", "x"}) == "give a routine name or --config, not both");
}

TEST_CASE("the history flags win over the setting, either way") {
  User user;
  user.keys = {{std::chrono::seconds(5), Wake{Wake::Kind::key, 'q', 0}}};
  user.set_environment("STRETCH_NO_HISTORY", "1");
  user.run({"start", "desk-break", "--format", "text"});
  CHECK(user.run({"history", "--format", "json"}).out.empty());
  user.run({"start", "desk-break", "--format", "text", "--history"});
  CHECK(user.run({"history", "--format", "json"}).out.find("\"desk-break\"") != std::string::npos);
}

TEST_CASE(
    "remind takes its settings from the config file, flags winning, and runs the reminder "
    "hook") {
  User user;
  const fs::path config = user.home() / ".config/stretch/config.toml";
  const fs::path hooks = user.home() / ".config/stretch/hooks";
  fs::create_directories(hooks);
  std::ofstream(config) << "[remind]\nevery = \"1m\"\nroutine = \"desk-break\"\ndays = \"wed\"\n";
  const fs::path seen = user.home() / "reminded";
  // Shell builtins only: the test's PATH has nothing on it.
  std::ofstream(hooks / "reminder") << "#!/bin/sh\nread -r line\nprintf '%s %s' \"$STRETCH_EVENT\" "
                                       "\"$line\" > '"
                                    << seen.string() << "'\n";
  fs::permissions(hooks / "reminder", fs::perms::owner_all);
  user.keys = {{std::chrono::seconds(90), Wake{Wake::Kind::key, 'q', 0}}};
  const Ran reminded = user.run({"remind"});
  CHECK(reminded.out.starts_with(
      "Reminding you every 1m to stand up and stretch. Enter: start desk-break · q: quit\n"));
  CHECK(reminded.out.find("Time to stand up and stretch. Enter: start desk-break · s: snooze 5m · "
                          "q: quit\n") != std::string::npos);
  // The runner waits for its hooks before remind returns.
  CHECK(read_file(seen).starts_with(
      "reminder {\"event\":\"reminder\",\"routine\":\"desk-break\",\"at\":\"2026-11-18T12:"));
  const Ran flagged = user.run({"remind", "--every", "2h", "--days", "mon"});
  CHECK(flagged.out.starts_with("Reminding you every 2h to stand up and stretch."));
  CHECK(flagged.out.find("Time to stand up") == std::string::npos);  // not on a Wednesday
}

TEST_CASE("a terminal reminder held by a camera in use comes after max-defer, without the bell") {
  User user;
  // A made-up proc tree: one of the user's processes holds /dev/video0.
  user.proc_root = user.home() / "proc";
  fs::create_directories(user.proc_root / "4242/fd");
  fs::create_symlink("/dev/video0", user.proc_root / "4242/fd/7");
  user.set_environment("STRETCH_MAX_DEFER", "3m");
  user.keys = {{std::chrono::seconds(270), Wake{Wake::Kind::key, 'q', 0}}};
  const Ran held = user.run({"remind", "desk-break", "--every", "1m"});
  // Due at 12:07, held until 12:10, and then without the bell.
  CHECK(held.out.find("12:07 Time to stand up") == std::string::npos);
  CHECK(held.out.find("\n12:10 Time to stand up and stretch. Enter: start desk-break") !=
        std::string::npos);
  CHECK(held.out.find('\a') == std::string::npos);
  // Without the camera the reminder rings at 12:07.
  fs::remove(user.proc_root / "4242/fd/7");
  const Ran free = user.run({"remind", "desk-break", "--every", "1m"});
  CHECK(free.out.find("\a12:07 Time to stand up and stretch.") != std::string::npos);
}
