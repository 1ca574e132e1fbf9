// A session guided by ear: what --say-cmd's program is given, and what a
// real Speech Dispatcher, on a runtime directory of the test's own, says.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../read_file.hpp"
#include "../test_paths.hpp"
#include "process.hpp"
#include "sandbox.hpp"

namespace fs = std::filesystem;

namespace {

// Whether the last line ends with those words. A fast session's last cue
// may be due together with the end, and is then said with it, as one.
bool ends_saying(const std::vector<std::string>& lines, const std::string& words) {
  return !lines.empty() && lines.back().ends_with(words);
}

// A speech program that writes down each run's arguments, one line a run:
// "[--][Step forward.]".
class Speaker {
 public:
  explicit Speaker(const Sandbox& user)
      : program_(user.home() / "speaker"), said_(user.home() / "said.txt") {
    // One write per line, so that a run cut off leaves a line or nothing.
    std::ofstream(program_) << "#!/bin/sh\nfile=$1\nshift\n"
                               "printf '%s\\n' \"$(printf '[%s]' \"$@\")\" >> \"$file\"\n";
    fs::permissions(program_, fs::perms::owner_all);
  }
  // --say-cmd's value.
  std::string command() const { return program_.string() + " '" + said_.string() + "'"; }
  std::vector<std::string> lines() const { return lines_of(read_file(said_)); }
  bool ended_saying(const std::string& words) const { return ends_saying(lines(), words + "]"); }

 private:
  fs::path program_;
  fs::path said_;
};

// "[--][text]": the text, as the program was given it.
std::string said(const std::string& text) {
  return "[--][" + text + "]";
}

// A session's JSON lines, from its dry run.
std::string dry_run(const Sandbox& user, const std::string& routine) {
  const ProcessResult dry = user.run({"start", routine, "--dry-run", "--format", "json"});
  REQUIRE(dry.exit_code == 0);
  return dry.out;
}

// What must be heard whole in a session, in order: the notice, then each
// stretch's title and instructions, from its JSON lines.
std::vector<std::string> whole_texts(const std::string& json_lines) {
  std::vector<std::string> texts;
  for (const std::string& line : lines_of(json_lines)) {
    const nlohmann::json event = nlohmann::json::parse(line);
    const std::string kind = event["event"];
    if (kind == "notice" || kind == "instruction") {
      texts.push_back(event["text"]);
    } else if (kind == "stretch") {
      texts.push_back(event["title"]);
    }
  }
  return texts;
}

// Whether each of wanted is a line of lines, in that order.
bool in_order(const std::vector<std::string>& wanted, const std::vector<std::string>& lines) {
  auto line = lines.begin();
  for (const std::string& text : wanted) {
    line = std::find(line, lines.end(), text);
    if (line == lines.end()) {
      UNSCOPED_INFO("not said, or not in order: " << text);
      return false;
    }
    ++line;
  }
  return true;
}

}  // namespace

TEST_CASE("speech through --say-cmd says every cue in order") {
  Sandbox sandbox;
  const Speaker speaker(sandbox);
  const ProcessResult result =
      sandbox.run({"start", (fs::path(test_paths::fixtures) / "good/one-sided.json").string(),
                   "--speed", "5", "--say-cmd", speaker.command()});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  // The notice, the title and the instructions, each whole, one after the
  // other; then what is due at one moment as one utterance: "Rest. 3". A
  // new cue cuts off a cue still being said, so the speed leaves a speaker
  // time to start (200 ms between the closest cues) even on a loaded
  // machine. The last words may still be on their way when stretch exits.
  std::vector<std::string> expected;
  const auto add = [&](std::initializer_list<const char*> texts) {
    for (const char* text : texts) {
      expected.push_back(said(text));
    }
  };
  const auto both_sides = [&] {
    add({"Left side. Sink", "Sink", "Halfway", "Sink", "Switch sides", "Right side. Sink", "Sink",
         "Halfway", "Sink"});
  };
  add({"Stop if it hurts.", "Lunge", "Step forward.", "Sink down.", "3", "2", "1"});
  both_sides();
  add({"Rest. 3", "2", "1"});
  both_sides();
  std::vector<std::string> lines;
  eventually([&] { return (lines = speaker.lines()).size() > expected.size(); });
  REQUIRE(lines.size() == expected.size() + 1);
  CHECK(std::vector<std::string>(lines.begin(), lines.end() - 1) == expected);
  CHECK(lines.back() == said("All done. Well stretched."));
}

TEST_CASE("start lower-back --say-cmd speaks the notice and every instruction, each whole") {
  Sandbox sandbox;
  const Speaker speaker(sandbox);
  const std::string dry = dry_run(sandbox, "lower-back");
  std::vector<std::string> wanted;
  for (const std::string& text : whole_texts(dry)) {
    wanted.push_back(said(text));
  }
  REQUIRE(wanted.size() == 12);  // the notice, two titles, nine instructions
  // So fast that saying the instructions takes longer than the setups
  // (20 ms) but for the session's holding on to them; the events keep
  // their times all the same.
  const ProcessResult result = sandbox.run({"start", "lower-back", "--speed", "1000", "--format",
                                            "json", "--say-cmd", speaker.command()});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(result.out == dry);
  CHECK(eventually([&] { return speaker.ended_saying("All done. Well stretched."); }));
  CHECK(in_order(wanted, speaker.lines()));
}

TEST_CASE("a cue that starts with -f/ reaches the speech program as text, after --") {
  Sandbox sandbox;
  nlohmann::json routine = nlohmann::json::parse(
      read_file((fs::path(test_paths::fixtures) / "good/minimal.json").string()));
  routine["stretches"][0]["cues"][0]["text"] = "-f/etc/hostname";
  const fs::path file = sandbox.home() / "dash.json";
  std::ofstream(file) << routine.dump();
  const Speaker speaker(sandbox);
  const ProcessResult result =
      sandbox.run({"start", file.string(), "--speed", "5", "--say-cmd", speaker.command()});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(eventually([&] { return speaker.ended_saying("All done. Well stretched."); }));
  CHECK(in_order({said("Reach up."), said("-f/etc/hostname")}, speaker.lines()));
}

TEST_CASE("a speech program that is not there is one warning, not a failure") {
  const ProcessResult result =
      Sandbox().run({"start", (fs::path(test_paths::fixtures) / "good/minimal.json").string(),
                     "--speed", "50", "--say-cmd", "/nonexistent/say"});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "stretch: warning: cannot start /nonexistent/say to speak (No such file or directory); "
        "going on in silence\n");
}

TEST_CASE("speech asked for with no Speech Dispatcher and no program starts neither, and says so") {
  Sandbox sandbox;
  const fs::path runtime = sandbox.home() / "run";
  fs::create_directories(runtime);
  fs::create_directories(sandbox.home() / "bin");
  sandbox.set_environment("XDG_RUNTIME_DIR", runtime.string());
  sandbox.set_environment("PATH", (sandbox.home() / "bin").string());
  const ProcessResult result =
      sandbox.run({"start", (fs::path(test_paths::fixtures) / "good/minimal.json").string(),
                   "--speed", "50", "--say"});
  CHECK(result.exit_code == 0);
  CHECK(result.err ==
        "stretch: warning: --say: no Speech Dispatcher answers, and none of espeak-ng, spd-say or "
        "say is installed; going on in silence\n");
  // libspeechd would have started one with its socket here.
  CHECK_FALSE(fs::exists(runtime / "speech-dispatcher"));
}

namespace {

// A Speech Dispatcher of the test's own: its socket in a private runtime
// directory, its own configuration, and the generic output module with a
// command that writes each message and its language to a file instead of
// speaking. The module still opens an audio output: a PulseAudio of the
// test's own with a null sink, on a private socket. No sound card, and
// nothing of the machine's dispatcher: stretch never starts one, and the
// test leaves it no speech program to fall back on.
class PrivateSpeechDispatcher {
 public:
  explicit PrivateSpeechDispatcher(Sandbox& user) : dir_(user.home()) {
    fs::create_directories(dir_ / "run");
    fs::permissions(dir_ / "run", fs::perms::owner_all);
    fs::create_directories(dir_ / "speechd" / "modules");
    fs::create_directories(dir_ / "log");
    std::ofstream(dir_ / "speechd" / "speechd.conf")
        << "AddModule \"recorder\" \"sd_generic\" \"recorder.conf\"\n"
           "DefaultModule recorder\n"
           "AudioOutputMethod \"pulse\"\n"
           "DefaultLanguage \"en\"\n";
    // One line a message, unsplit: no delimiter of the module's occurs in
    // the texts.
    std::ofstream recorder(dir_ / "speechd" / "modules" / "recorder.conf");
    recorder << "GenericExecuteSynth \"printf '%s|%s\\\\n' \\\"$LANGUAGE\\\" \\'$DATA\\' >> "
             << said_file().string() << "\"\n"
             << "GenericDelimiters \"~\"\n"
             << "GenericMaxChunkLength 100000\n";
    for (const char* language : {"en", "de", "es"}) {
      recorder << "AddVoice \"" << language << "\" \"MALE1\" \"" << language << "\"\n"
               << "GenericLanguage \"" << language << "\" \"" << language << "\" \"utf-8\"\n";
    }
    recorder.close();
    user.set_environment("XDG_RUNTIME_DIR", (dir_ / "run").string());
    user.set_environment("PULSE_SERVER", "unix:" + (dir_ / "pulse.sock").string());
    start_pulse(user);
    start_dispatcher(user);
  }
  PrivateSpeechDispatcher(const PrivateSpeechDispatcher&) = delete;
  PrivateSpeechDispatcher& operator=(const PrivateSpeechDispatcher&) = delete;
  // Ended as it expects, so that its modules end with it.
  ~PrivateSpeechDispatcher() {
    if (dispatcher_) {
      dispatcher_->signal(SIGTERM);
      dispatcher_->wait();
    }
  }

  // "de|Geschafft. Gut gedehnt.": each message said, with its language.
  std::vector<std::string> said() const { return lines_of(read_file(said_file())); }

 private:
  fs::path dir_;
  std::unique_ptr<BackgroundProcess> pulse_;
  std::unique_ptr<BackgroundProcess> dispatcher_;

  fs::path said_file() const { return dir_ / "said.txt"; }

  void start_pulse(const Sandbox& user) {
    const std::string socket = (dir_ / "pulse.sock").string();
    pulse_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/pulseaudio", "-n", "--daemonize=no",
                                 "--exit-idle-time=-1", "--disallow-exit", "--use-pid-file=no",
                                 "-L", "module-null-sink sink_name=speakers", "-L",
                                 "module-native-protocol-unix auth-anonymous=1 socket=" + socket},
        user.environment(), (dir_ / "pulse.out").string());
    REQUIRE(eventually([&] {
      return run_process({"/usr/bin/pactl", "--server=unix:" + socket, "info"}, user.environment())
                 .exit_code == 0;
    }));
  }

  void start_dispatcher(const Sandbox& user) {
    const fs::path socket = dir_ / "run" / "speech-dispatcher" / "speechd.sock";
    // -s: in the foreground, ours to end; -t 0: never leaves for want of
    // clients.
    dispatcher_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/speech-dispatcher", "-s", "-t", "0", "-C",
                                 (dir_ / "speechd").string(), "-S", socket.string(), "-L",
                                 (dir_ / "log").string(), "-P", (dir_ / "speechd.pid").string()},
        user.environment(), (dir_ / "speechd.out").string());
    REQUIRE(eventually([&] { return fs::is_socket(socket); }));
  }
};

bool have_speech_dispatcher() {
  return ::access("/usr/bin/speech-dispatcher", X_OK) == 0 &&
         ::access("/usr/bin/pulseaudio", X_OK) == 0 && ::access("/usr/bin/pactl", X_OK) == 0;
}

}  // namespace

TEST_CASE(
    "a real Speech Dispatcher says the notice and every instruction, in the session's "
    "language") {
  if (!have_speech_dispatcher()) {
    WARN("skipped: speech-dispatcher, pulseaudio and pulseaudio-utils are not all installed");
    return;
  }
  Sandbox sandbox("speech");
  sandbox.set_environment("LC_ALL", "de_DE.UTF-8");
  const PrivateSpeechDispatcher dispatcher(sandbox);
  std::vector<std::string> wanted;
  for (const std::string& text : whole_texts(dry_run(sandbox, "lower-back"))) {
    wanted.push_back("de|" + text);
  }
  REQUIRE(wanted.size() == 12);
  // The dispatcher or nothing: no program to fall back on.
  fs::create_directories(sandbox.home() / "bin");
  sandbox.set_environment("PATH", (sandbox.home() / "bin").string());
  const ProcessResult result =
      sandbox.run({"start", "lower-back", "--speed", "100", "--say", "--no-history"});
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
  CHECK(eventually([&] { return ends_saying(dispatcher.said(), "Geschafft. Gut gedehnt."); }));
  CHECK(in_order(wanted, dispatcher.said()));
}
