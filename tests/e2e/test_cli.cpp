// End-to-end tests on the built binary: what a user or a script sees.
#include <csignal>

#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../read_file.hpp"
#include "../test_paths.hpp"
#include "process.hpp"
#include "sandbox.hpp"

namespace fs = std::filesystem;

namespace {

std::string expected(const std::string& name) {
  return read_file(fs::path(test_paths::expected) / name);
}

std::string fixture(const std::string& name) {
  return (fs::path(test_paths::fixtures) / name).string();
}

constexpr double lower_back_seconds = 175;

}  // namespace

TEST_CASE("list shows the built-in routines") {
  const ProcessResult result = Sandbox().run({"list"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == expected("list.txt"));
}

TEST_CASE("list --format json gives an array of routines") {
  const ProcessResult result = Sandbox().run({"list", "--format", "json"});
  REQUIRE(result.exit_code == 0);
  const auto list = nlohmann::json::parse(result.out);
  REQUIRE(list.is_array());
  const auto lower_back = std::find_if(
      list.begin(), list.end(), [](const auto& item) { return item["name"] == "lower-back"; });
  REQUIRE(lower_back != list.end());
  CHECK(lower_back->at("total") == lower_back_seconds);
  CHECK(lower_back->at("stretches") == 2);
  CHECK(lower_back->at("origin") == "built-in");
  CHECK(lower_back->at("file") == "");
}

TEST_CASE("show prints the whole plan") {
  const ProcessResult result = Sandbox().run({"show", "lower-back"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == expected("show-lower-back.txt"));
}

TEST_CASE("show --format json gives each stretch's phases") {
  const ProcessResult result = Sandbox().run({"show", "lower-back", "--format", "json"});
  REQUIRE(result.exit_code == 0);
  const auto plan = nlohmann::json::parse(result.out);
  CHECK(plan.at("total") == lower_back_seconds);
  CHECK(plan.at("stretches").size() == 2);
  CHECK(plan.at("stretches").at(0).at("phases").size() == 4);
  CHECK(plan.at("stretches").at(0).at("position") == "kneeling");
  CHECK(plan.at("stretches").at(1).at("caution") == "Rock only as far as stays pain-free.");
}

TEST_CASE("a dry run prints the whole session as text lines") {
  const ProcessResult result = Sandbox().run({"start", "lower-back", "--dry-run"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == expected("start-lower-back.txt"));
}

TEST_CASE("a dry run in JSON: one parseable object per line, offsets never decrease") {
  const ProcessResult result =
      Sandbox().run({"start", "lower-back", "--dry-run", "--format", "json"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == expected("start-lower-back.jsonl"));
  double previous = 0;
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() > 10);
  for (const std::string& line : lines) {
    const auto event = nlohmann::json::parse(line);
    REQUIRE(event.contains("event"));
    const double t = event.at("t").get<double>();
    CHECK(t >= previous);
    previous = t;
  }
  CHECK(nlohmann::json::parse(lines.back()).at("event") == "end");
  CHECK(previous == lower_back_seconds);
}

TEST_CASE("a misspelt routine name exits 66 with a suggestion") {
  const ProcessResult result = Sandbox().run({"start", "lower-bak"});
  CHECK(result.exit_code == 66);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "stretch: error: no routine named \"lower-bak\"; did you mean \"lower-back\"?\n");
}

TEST_CASE("a broken routine file exits 65 naming line and column") {
  const ProcessResult result =
      Sandbox().run({"start", fixture("bad/syntax-missing-comma.json"), "--dry-run"});
  CHECK(result.exit_code == 65);
  CHECK(result.out.empty());
  CHECK(result.err == fmt::format("stretch: error: {}:5:3: expected ',' or '}}' after an object "
                                  "member, found '\"'\n",
                                  fixture("bad/syntax-missing-comma.json")));
}

TEST_CASE("a routine file with several errors reports each on its own line") {
  const ProcessResult result = Sandbox().run({"show", fixture("bad/several-errors.json")});
  CHECK(result.exit_code == 65);
  CHECK(lines_of(result.err).size() == 2);
}

TEST_CASE("a missing routine file exits 66") {
  const ProcessResult result = Sandbox().run({"start", "no-such-file.json"});
  CHECK(result.exit_code == 66);
  CHECK(result.err == "stretch: error: no-such-file.json: no such file\n");
}

TEST_CASE("a routine given as a path runs") {
  const ProcessResult result = Sandbox().run({"start", fixture("good/minimal.json"), "--dry-run"});
  CHECK(result.exit_code == 0);
  CHECK(lines_of(result.out).back() == "00:14 end done 1/1 0:14");
}

TEST_CASE("usage errors exit 64 and say what was wrong") {
  Sandbox sandbox;
  const auto check_usage = [&](std::vector<std::string> args, const std::string& says) {
    INFO(fmt::format("{}", fmt::join(args, " ")));
    const ProcessResult result = sandbox.run(std::move(args));
    CHECK(result.exit_code == 64);
    CHECK(result.out.empty());
    CHECK(result.err.starts_with("stretch: error: "));
    CHECK(result.err.find(says) != std::string::npos);
  };
  check_usage({"start", "../x"}, "\"../x\" is not a routine name");
  check_usage({"start", "lower-back", "--speed", "0"}, "--speed");
  check_usage({"list", "--format", "xml"}, "xml");
  check_usage({}, "no command given");
  check_usage({"start", "lower-back", "--speed", "0"}, "--speed: 0 is not between 0.01 and 1000");
  check_usage({"start", "lower-back", "--format", "2"},
              "--format: \"2\" is not one of auto, text, json");
  check_usage({"start", "lower-back", "--rounds", "1.5"}, "--rounds: 1.5 is not a whole number");
  check_usage({"start", "lower-back", "--speed"}, "--speed needs a value");
  check_usage({"start", "lower-back", "--sped", "2"},
              "unknown option --sped; did you mean \"--speed\"?");
  check_usage({"list", "extra"}, "unexpected argument \"extra\"");
  check_usage({"begin"}, "unknown command \"begin\"");
  check_usage({"strat"}, "did you mean \"start\"?");
  check_usage({"start"}, "routine");
}

TEST_CASE("version, and help on every command") {
  Sandbox sandbox;
  const ProcessResult version = sandbox.run({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == "stretch 0.1.0\n");
  // Alone, it is answered before the command line is built; with more
  // arguments, by CLI11: in the same words.
  const ProcessResult parsed = sandbox.run({"--version", "list"});
  CHECK(parsed.exit_code == 0);
  CHECK(parsed.out == version.out);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"list", "--help"}, {"show", "--help"}, {"start", "--help"}}) {
    const ProcessResult help = sandbox.run(args);
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Usage:") != std::string::npos);
  }
}

TEST_CASE("routines are found in STRETCH_PATH and the user directory before built-ins") {
  Sandbox sandbox;
  const fs::path user_dir = sandbox.home() / ".config" / "stretch" / "routines";
  const fs::path path_dir = sandbox.home() / "shared-routines";
  fs::create_directories(user_dir);
  fs::create_directories(path_dir);
  std::string minimal = read_file(fixture("good/minimal.json"));
  std::ofstream(user_dir / "minimal.json") << minimal;
  std::ofstream(path_dir / "lower-back.json") << minimal;
  sandbox.set_environment("STRETCH_PATH", path_dir.string());

  std::map<std::string, nlohmann::json> by_name;
  for (const auto& item : nlohmann::json::parse(sandbox.run({"list", "--format", "json"}).out)) {
    by_name[item.at("name")] = item;
  }
  REQUIRE(by_name.size() == 14);  // the 13 built-ins and minimal
  CHECK(by_name["lower-back"].at("origin") == "STRETCH_PATH");
  CHECK(by_name["lower-back"].at("file") == (path_dir / "lower-back.json").string());
  CHECK(by_name["lower-back"].at("hides_another") == true);
  CHECK(by_name["minimal"].at("origin") == "user");
  CHECK(by_name["hip-flexors"].at("origin") == "built-in");
  CHECK(by_name["hip-flexors"].at("hides_another") == false);

  const ProcessResult started = sandbox.run({"start", "minimal", "--dry-run"});
  CHECK(started.exit_code == 0);
  CHECK(lines_of(started.out).front() == "00:00 start minimal 0:14 1 Minimal");
}

TEST_CASE("at --speed 60 the session takes at least its planned time / 60 on the real clock") {
  const ProcessResult result =
      Sandbox().run({"start", "lower-back", "--speed", "60", "--format", "json"});
  REQUIRE(result.exit_code == 0);
  const double planned = lower_back_seconds / 60;
  INFO("took " << result.seconds << " s, planned " << planned << " s");
  // Never early. How late it may be on a busy machine is for make bench,
  // which measures each cue's lateness.
  CHECK(result.seconds > planned * 0.95);
  // The same events and offsets as a dry run.
  CHECK(result.out == expected("start-lower-back.jsonl"));
}

TEST_CASE("a reader that stops early ends the session quietly") {
  const ProcessResult result = Sandbox().shell(
      "set -o pipefail; \"$0\" start lower-back --speed 60 | head -n 3; echo \"status $?\" >&2");
  CHECK(lines_of(result.out).size() == 3);
  // Nothing but the shell's own report: stretch died of SIGPIPE, silently,
  // as Unix filters do.
  CHECK(result.err == fmt::format("status {}\n", 128 + SIGPIPE));
}

TEST_CASE("SIGTERM ends the session with a summary, then kills it by the same signal") {
  // The signal goes as soon as the first event is out: the session is then
  // surely running, with no guess at how long starting takes.
  Sandbox sandbox;
  const ProcessResult result = sandbox.shell(fmt::format(
      "( /bin/sh -c 'echo $$ > \"$1\"; exec \"$0\" start lower-back --format json' \"$0\" "
      "'{}' ) | {{ IFS= read -r first; echo \"$first\"; kill -TERM \"$(cat '{}')\"; cat; }}; "
      "echo \"status ${{PIPESTATUS[0]}}\" >&2",
      (sandbox.home() / "pid").string(), (sandbox.home() / "pid").string()));
  const auto lines = lines_of(result.out);
  REQUIRE_FALSE(lines.empty());
  const auto end = nlohmann::json::parse(lines.back());
  CHECK(end.at("event") == "end");
  CHECK(end.at("outcome") == "interrupted");
  CHECK(result.err == fmt::format("status {}\n", 128 + SIGTERM));
}

TEST_CASE("every built-in routine validates and runs to its end") {
  Sandbox sandbox;
  const auto list = nlohmann::json::parse(sandbox.run({"list", "--format", "json"}).out);
  REQUIRE(list.size() == 13);
  for (const auto& routine : list) {
    const std::string name = routine.at("name");
    INFO(name);
    const ProcessResult run = sandbox.run({"start", name, "--dry-run", "--format", "json"});
    CHECK(run.exit_code == 0);
    const auto end = nlohmann::json::parse(lines_of(run.out).back());
    CHECK(end.at("outcome") == "done");
    CHECK(end.at("t") == routine.at("total"));
  }
}

TEST_CASE("validate prints every problem of every file and exits 65") {
  const ProcessResult result =
      Sandbox().run({"validate", fixture("good/minimal.json"), fixture("bad/several-errors.json"),
                     fixture("bad/unknown-field-typo.json")});
  CHECK(result.exit_code == 65);
  const auto lines = lines_of(result.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == fixture("good/minimal.json") + ": ok, 1 stretch, 0:14");
  CHECK(lines[1].starts_with(fixture("bad/several-errors.json") + ":11:7: /stretches/0/flow"));
  CHECK(lines[2].starts_with(fixture("bad/several-errors.json") + ":12:7: /stretches/0/rounds"));
  CHECK(lines[3].ends_with("did you mean \"setup\"?"));
}

TEST_CASE("validate exits 0 when every file is valid, 66 for a missing one") {
  Sandbox sandbox;
  CHECK(sandbox.run({"validate", fixture("good/minimal.json"), fixture("good/one-sided.json")})
            .exit_code == 0);
  const ProcessResult missing = sandbox.run({"validate", "missing.json"});
  CHECK(missing.exit_code == 66);
  CHECK(missing.err == "stretch: error: missing.json: no such file\n");
}

TEST_CASE("new writes a starter routine that validates and runs, and never overwrites") {
  Sandbox sandbox;
  const ProcessResult created = sandbox.run({"new", "my-break"});
  REQUIRE(created.exit_code == 0);
  const fs::path file = sandbox.home() / ".config" / "stretch" / "routines" / "my-break.json";
  CHECK(created.out.starts_with("Wrote " + file.string() + "\n"));
  CHECK(sandbox.run({"validate", file.string()}).exit_code == 0);
  CHECK(sandbox.run({"start", "my-break", "--dry-run"}).exit_code == 0);

  const std::string before = read_file(file);
  const ProcessResult again = sandbox.run({"new", "my-break"});
  CHECK(again.exit_code == 73);
  CHECK(again.err == "stretch: error: " + file.string() + " already exists; not overwriting it\n");
  CHECK(read_file(file) == before);
  CHECK(sandbox.run({"new", "Not A Name"}).exit_code == 64);
}

TEST_CASE(
    "overrides --flow, --rest and --rounds change the plan, and out of range are usage errors") {
  Sandbox sandbox;
  const auto plan = nlohmann::json::parse(
      sandbox.run({"show", "lower-back", "--format", "json", "--rounds", "1", "--flow", "20"}).out);
  CHECK(plan.at("total") == 15 + 20 + 10 + 20);
  const auto started =
      sandbox.run({"start", "lower-back", "--dry-run", "--rest", "5", "--format", "json"});
  CHECK(nlohmann::json::parse(lines_of(started.out).back()).at("t") == lower_back_seconds - 20);
  CHECK(sandbox.run({"start", "lower-back", "--flow", "0"}).exit_code == 64);
  CHECK(sandbox.run({"start", "lower-back", "--rest", "601"}).exit_code == 64);
  CHECK(sandbox.run({"show", "lower-back", "--rounds", "11"}).exit_code == 64);
  CHECK(sandbox.run({"show", "lower-back", "--rounds", "two"}).exit_code == 64);
}

TEST_CASE("a broken user routine is listed with its first error and breaks nothing else") {
  Sandbox sandbox;
  const fs::path user_dir = sandbox.home() / ".config" / "stretch" / "routines";
  fs::create_directories(user_dir);
  std::ofstream(user_dir / "broken.json") << "{\"schema\": 1,";
  const ProcessResult list = sandbox.run({"list"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("(broken: " + (user_dir / "broken.json").string() +
                      ":1:14: expected a quoted key, found end of file)") != std::string::npos);
  CHECK(list.out.find("lower-back") != std::string::npos);
  CHECK(sandbox.run({"start", "broken"}).exit_code == 65);
}

TEST_CASE("hostile routine files: escape codes never reach the terminal") {
  Sandbox sandbox;
  const fs::path file = sandbox.home() / "evil.json";
  std::string text = read_file(fixture("good/minimal.json"));
  text.replace(text.find("\"Minimal\""), 9, "\"\\u001b]0;pwned\\u0007\\u001b[2J\"");
  std::ofstream(file) << text;
  const ProcessResult result = sandbox.run({"start", file.string()});
  CHECK(result.exit_code == 65);
  CHECK(result.err.find('\x1b') == std::string::npos);
  CHECK(result.err.find(": \"^[]0;pwned^") != std::string::npos);

  const fs::path named = sandbox.home() / "\x1b[31mred.json";
  std::ofstream(named) << "{";
  const ProcessResult badly_named = sandbox.run({"validate", named.string()});
  CHECK(badly_named.out.find('\x1b') == std::string::npos);
  CHECK(badly_named.out.find("^[[31mred.json:1:2:") != std::string::npos);
}

TEST_CASE("a directory or a FIFO instead of a routine file: a clear error, no hang") {
  Sandbox sandbox;
  const fs::path dir = sandbox.home() / "dir.json";
  fs::create_directories(dir);
  const ProcessResult directory = sandbox.run({"start", dir.string()});
  CHECK(directory.exit_code == 66);
  CHECK(directory.err.ends_with("dir.json: is a directory, not a routine file\n"));

  const fs::path fifo = sandbox.home() / "fifo.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const ProcessResult pipe = sandbox.run({"start", fifo.string()});
  CHECK(pipe.exit_code == 66);
  CHECK(pipe.err.ends_with("fifo.json: is not a regular file\n"));
}

TEST_CASE("every real session is recorded in the history, dry runs and --no-history are not") {
  Sandbox sandbox;
  CHECK(sandbox.run({"start", fixture("good/minimal.json"), "--speed", "100"}).exit_code == 0);
  CHECK(sandbox.run({"start", fixture("good/minimal.json"), "--dry-run"}).exit_code == 0);
  CHECK(sandbox.run({"start", fixture("good/minimal.json"), "--speed", "100", "--no-history"})
            .exit_code == 0);
  sandbox.set_environment("STRETCH_NO_HISTORY", "1");
  CHECK(sandbox.run({"start", fixture("good/minimal.json"), "--speed", "100"}).exit_code == 0);
  sandbox.unset_environment("STRETCH_NO_HISTORY");
  const ProcessResult history = sandbox.run({"history", "--format", "json"});
  CHECK(history.exit_code == 0);
  const auto lines = lines_of(history.out);
  REQUIRE(lines.size() == 1);
  const auto record = nlohmann::json::parse(lines[0]);
  CHECK(record.at("routine") == "minimal");
  CHECK(record.at("outcome") == "done");
  CHECK(record.at("done") == 14.0);
  CHECK(record.at("source") == fixture("good/minimal.json"));
  const ProcessResult stats = sandbox.run({"stats", "--format", "json"});
  CHECK(nlohmann::json::parse(stats.out).at("sessions") == 1);
}

TEST_CASE("an unwritable state directory is one warning and the session still runs") {
  Sandbox sandbox;
  sandbox.set_environment("XDG_STATE_HOME", "/proc/no-such-dir");
  const ProcessResult result =
      sandbox.run({"start", fixture("good/minimal.json"), "--speed", "100"});
  CHECK(result.exit_code == 0);
  CHECK(lines_of(result.out).back() == "00:14 end done 1/1 0:14");
  const auto warnings = lines_of(result.err);
  REQUIRE_FALSE(warnings.empty());
  for (const std::string& warning : warnings) {
    CHECK(warning.starts_with("stretch: warning: "));
  }
}

TEST_CASE("a session killed with SIGKILL leaves a readable history and can be resumed") {
  Sandbox sandbox;
  // Killed at the first cue of the first flow (15 s into the plan): every
  // sink has had the flow's start by then, the resume state included. Its
  // own pid, not a pattern: other suites may be running the same command.
  const std::string pid_file = (sandbox.home() / "pid").string();
  const ProcessResult killed = sandbox.shell(fmt::format(
      "( /bin/sh -c 'echo $$ > \"$1\"; exec \"$0\" start lower-back --speed 20 --format json' "
      "\"$0\" '{}' ) | {{ while IFS= read -r line; do case $line in *'\"event\":\"cue\"'*) "
      "break;; esac; done; kill -KILL \"$(cat '{}')\"; }}",
      pid_file, pid_file));
  (void)killed;
  const ProcessResult history = sandbox.run({"history"});
  CHECK(history.exit_code == 0);
  CHECK(history.err.empty());
  const ProcessResult resumed = sandbox.run({"resume", "--dry-run"});
  CHECK(resumed.exit_code == 0);
  const auto lines = lines_of(resumed.out);
  const auto first_phase = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.find(" phase ") != std::string::npos;
  });
  REQUIRE(first_phase != lines.end());
  CHECK(*first_phase == "00:15 phase flow 30s 1/2 forearm-cat-cow");
}

TEST_CASE("resume says plainly when there is nothing to resume") {
  const ProcessResult result = Sandbox().run({"resume"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "Nothing to resume: the last session ended, or none was interrupted.\n");
}

TEST_CASE("the status file is never seen half-written and is gone at the end") {
  Sandbox sandbox;
  const fs::path status = sandbox.home() / "status.json";
  std::atomic<bool> running{true};
  int reads = 0;
  int unparsable = 0;
  std::thread reader([&] {
    while (running) {
      std::ifstream in(status);
      if (!in) {
        continue;
      }
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      ++reads;
      if (!nlohmann::json::accept(text)) {
        ++unparsable;
      }
    }
  });
  const ProcessResult result = sandbox.run(
      {"start", fixture("good/one-sided.json"), "--speed", "20", "--status-file", status.string()});
  running = false;
  reader.join();
  CHECK(result.exit_code == 0);
  CHECK(reads > 100);
  CHECK(unparsable == 0);
  CHECK_FALSE(fs::exists(status));
}

TEST_CASE("remind refuses a duration without a unit and an unknown routine") {
  Sandbox sandbox;
  const ProcessResult bad_every = sandbox.run({"remind", "--every", "45"});
  CHECK(bad_every.exit_code == 64);
  CHECK(bad_every.err ==
        "stretch: error: --every: \"45\" is not a duration like 90s, 45m or 1h30m\n"
        "Run `stretch remind --help` for usage.\n");
  CHECK(sandbox.run({"remind", "lower-bak"}).exit_code == 66);
}

TEST_CASE("a routine started by a relative path resumes from any directory") {
  Sandbox sandbox;
  fs::create_directories(sandbox.home() / "routines");
  std::ofstream(sandbox.home() / "routines" / "mine.json")
      << read_file(fixture("good/minimal.json"));
  // Interrupted by SIGTERM once its flow has begun, started from routines/.
  sandbox.shell(
      "cd \"$HOME/routines\" && ( /bin/sh -c 'echo $$ > \"$HOME/pid\"; exec \"$0\" start "
      "./mine.json --speed 20 --format json' \"$0\" ) | { while IFS= read -r line; do case $line "
      "in *'\"phase\":\"flow\"'*) break;; esac; done; kill -TERM \"$(cat \"$HOME/pid\")\"; }");
  const ProcessResult resumed = sandbox.shell("cd / && \"$0\" resume --dry-run");
  CHECK(resumed.exit_code == 0);
  const auto lines = lines_of(resumed.out);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.front() == "00:00 start minimal 0:14 1 Minimal");
  CHECK(lines.back() == "00:14 end done 1/1 0:04");
}

TEST_CASE("closing the terminal mid-session records a hang-up, keeps resume, dies by SIGHUP") {
  // As a controlling terminal, closing it sends SIGHUP as well; otherwise
  // stretch finds out from its reads and writes alone.
  const bool controlling = GENERATE(true, false);
  CAPTURE(controlling);
  Sandbox sandbox;
  const auto session = sandbox.on_terminal({"start", "lower-back", "--speed", "10"}, controlling);
  REQUIRE(session->read_until("Cat: lower back up"));  // the first flow has begun, 15 s in
  session->hang_up();
  const ProcessResult ended = session->wait();
  CHECK(ended.signal == SIGHUP);
  // Nothing to say on a terminal that is gone, and nowhere else to say it.
  const ProcessResult history = sandbox.run({"history", "--format", "json"});
  REQUIRE(history.exit_code == 0);
  const auto lines = lines_of(history.out);
  REQUIRE(lines.size() == 1);
  const auto record = nlohmann::json::parse(lines[0]);
  CHECK(record.at("outcome") == "hangup");
  CHECK(record.at("done").get<double>() >= 15.0);
  CHECK(record.at("done").get<double>() < lower_back_seconds);
  const ProcessResult resumed = sandbox.run({"resume", "--dry-run"});
  CHECK(resumed.exit_code == 0);
  CHECK(resumed.out.find("phase flow 30s 1/2 forearm-cat-cow") != std::string::npos);
}
