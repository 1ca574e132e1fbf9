#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "message_language.hpp"
#include "stretch/platform/error.hpp"
#include "stretch/sinks/sound.hpp"
#include "stretch/sinks/speech_dispatcher.hpp"

using namespace stretch;
namespace fs = std::filesystem;

TEST_CASE("what is spoken for each event, and what must be heard whole") {
  const auto says = [](EventData data) { return spoken({0, std::move(data)}); };
  CHECK(says(NoticeShown{"Careful.", "de"}) == Utterance{"Careful.", "de", true});
  CHECK(says(StretchStarted{1, 2, "a", "Forearm Cat-Cow"}) ==
        Utterance{"Forearm Cat-Cow", "en", true});
  CHECK(says(InstructionShown{1, "Kneel.", "es"}) == Utterance{"Kneel.", "es", true});
  CHECK(says(CueShown{"Cat: lower back up", 3'000, {}, "de"}) ==
        Utterance{"Cat: lower back up", "de", false});
  CHECK(says(CountIn{2}) == Utterance{"2", "en", false});
  CHECK(says(HalfwayReached{"Halfway"}) == Utterance{"Halfway", "en", false});
  CHECK(says(PhaseStarted{PhaseKind::rest, 15'000, 1, "a", "A", 1, 2}) ==
        Utterance{"Rest", "en", false});
  CHECK(says(PhaseStarted{PhaseKind::switch_sides, 5'000, 1, "a", "A", 1, 2})->text ==
        "Switch sides");
  CHECK(says(PhaseStarted{PhaseKind::flow, 5'000, 1, "a", "A", 1, 2, Side::left})->text ==
        "Left side");
  CHECK(says(PhaseStarted{PhaseKind::flow, 5'000, 1, "a", "A", 1, 2, Side::right})->text ==
        "Right side");
  CHECK_FALSE(says(PhaseStarted{PhaseKind::flow, 5'000, 1, "a", "A", 1, 2}));
  CHECK_FALSE(says(PhaseStarted{PhaseKind::setup, 5'000, 1, "a", "A", 1, 2}));
  CHECK_FALSE(says(SessionStarted{"a", "A", 1, 1}));
  CHECK_FALSE(says(Paused{}));
  CHECK(says(SessionEnded{Outcome::done, 2, 2, 1, 1})->text == "All done. Well stretched.");
  CHECK_FALSE(says(SessionEnded{Outcome::stopped, 1, 2, 1, 1}));
}

TEST_CASE("stretch's own spoken words are in the language tr() speaks") {
  const MessageLanguage german("de_DE.UTF-8", "de");
  CHECK(spoken({0, PhaseStarted{PhaseKind::flow, 5'000, 1, "a", "A", 1, 2, Side::left}}) ==
        Utterance{"Linke Seite", "de", false});
  CHECK(spoken({0, CountIn{3}}) == Utterance{"3", "de", false});
}

namespace {

// Hears what a speech sink asks of its voice.
class ListeningVoice final : public Voice {
 public:
  explicit ListeningVoice(std::vector<std::string>& heard) : heard_(heard) {}
  void say(const Utterance& utterance) override {
    heard_.push_back((utterance.whole ? "whole: " : "") + utterance.text);
  }
  void hush() override { heard_.emplace_back("(hush)"); }
  std::vector<int> descriptors() const override { return {}; }
  void tend() override {}
  bool saying_whole() const override { return false; }

 private:
  std::vector<std::string>& heard_;
};

}  // namespace

TEST_CASE("a speech sink says one moment as one utterance, each whole text alone") {
  std::vector<std::string> heard;
  SpeechSink speech(std::make_unique<ListeningVoice>(heard));
  const auto at_one_moment = [&](std::vector<EventData> events) {
    for (EventData& data : events) {
      speech.on_event({0, std::move(data)});
    }
    speech.flush();
  };
  at_one_moment({SessionStarted{"lunge", "Lunge", 1, 1}, NoticeShown{"Careful."},
                 StretchStarted{1, 1, "a", "Lunge"}, InstructionShown{1, "Step forward."},
                 InstructionShown{2, "Sink."},
                 PhaseStarted{PhaseKind::setup, 9'000, 1, "a", "A", 1, 1}});
  at_one_moment({PhaseStarted{PhaseKind::flow, 9'000, 1, "a", "A", 1, 1, Side::left},
                 CueShown{"Sink", 3'000, {}}});
  at_one_moment({PhaseStarted{PhaseKind::rest, 9'000, 1, "a", "A", 1, 1}, CountIn{3}});
  at_one_moment({Paused{}});
  CHECK(heard == std::vector<std::string>{"whole: Careful.", "whole: Lunge", "whole: Step forward.",
                                          "whole: Sink.", "Left side. Sink", "Rest. 3"});
}

TEST_CASE("a skip, a step back or a stop hushes the voice, and drops what was due") {
  std::vector<std::string> heard;
  SpeechSink speech(std::make_unique<ListeningVoice>(heard));
  speech.on_event({0, CueShown{"Sink", 3'000, {}}});
  speech.on_event({0, Skipped{2'000}});
  speech.flush();
  speech.on_event({0, WentBack{1'000}});
  speech.on_event({0, SessionEnded{Outcome::interrupted, 0, 1, 1, 1}});
  speech.on_event({0, SessionEnded{Outcome::done, 1, 1, 1, 1}});
  speech.flush();
  CHECK(heard ==
        std::vector<std::string>{"(hush)", "(hush)", "(hush)", "All done. Well stretched."});
}

TEST_CASE("the speech program is the first of espeak-ng, spd-say and say on PATH") {
  const ScratchDir dir("speech");
  fs::create_directories(dir / "first");
  fs::create_directories(dir / "second");
  const auto install = [&](const char* where, const char* program) {
    std::ofstream(dir / where / program) << "#!/bin/sh\n";
    fs::permissions(dir / where / program, fs::perms::owner_all);
  };
  const std::string path =
      "/nonexistent:" + (dir / "first").string() + ":" + (dir / "second").string();
  CHECK_FALSE(find_speech_program(path).has_value());
  install("second", "say");
  CHECK(find_speech_program(path) == "say");
  install("first", "spd-say");
  CHECK(find_speech_program(path) == "spd-say");
  // The order of the programs wins over the order of PATH.
  install("second", "espeak-ng");
  CHECK(find_speech_program(path) == "espeak-ng");
  CHECK_FALSE(find_speech_program("").has_value());
}

TEST_CASE("a speech program that cannot start gives one warning") {
  StringOutput warnings;
  SpeechSink speech(std::make_unique<CommandVoice>(
      [](const std::string&) { return std::vector<std::string>{"/nonexistent/speaker"}; },
      Environment{}, warnings));
  speech.on_event({0, CueShown{"Cat", 3'000, {}}});
  speech.flush();
  speech.on_event({3'000, CueShown{"Cow", 3'000, {}}});
  speech.flush();
  CHECK(warnings.text() ==
        "stretch: warning: cannot start /nonexistent/speaker to speak (No such file or "
        "directory); going on in silence\n");
}

namespace {

// A voice whose program waits at a gate the test holds shut (an flock on
// a file), then writes down its language and text, one line a run.
class GatedSpeaker {
 public:
  GatedSpeaker() {
    std::ofstream(gate_).close();
    gate_fd_ = ::open(gate_.c_str(), O_RDWR | O_CLOEXEC);
    shut();
  }
  GatedSpeaker(const GatedSpeaker&) = delete;
  GatedSpeaker& operator=(const GatedSpeaker&) = delete;
  ~GatedSpeaker() { ::close(gate_fd_); }

  CommandVoice& voice() { return voice_; }
  void shut() { REQUIRE(::flock(gate_fd_, LOCK_EX) == 0); }
  void open() { REQUIRE(::flock(gate_fd_, LOCK_UN) == 0); }
  std::string said() const { return read_file(gate_.string() + ".said"); }
  std::string warnings() const { return warnings_.text(); }

 private:
  ScratchDir dir_{"voice"};
  fs::path gate_ = dir_ / "gate";
  int gate_fd_ = -1;
  StringOutput warnings_;
  // sh -c SCRIPT GATE LANGUAGE -- TEXT
  CommandVoice voice_{[gate = gate_.string()](const std::string& language) {
                        return std::vector<std::string>{
                            "/bin/sh", "-c",
                            "flock \"$0\" true && printf '%s|%s\\n' \"$1\" \"$3\" >> \"$0.said\"",
                            gate, language};
                      },
                      Environment{{"PATH", "/usr/bin:/bin"}}, warnings_};
};

// Waits until the voice's descriptor says the words being said have ended.
void wait_for_end(const Voice& voice) {
  REQUIRE(voice.descriptors().size() == 1);
  pollfd ended{voice.descriptors().front(), POLLIN, 0};
  constexpr int hang_guard_ms = 60'000;
  REQUIRE(::poll(&ended, 1, hang_guard_ms) == 1);
}

}  // namespace

TEST_CASE("a program's whole words finish, newer news waiting for them or cutting older news off") {
  GatedSpeaker speaker;
  CommandVoice& voice = speaker.voice();
  voice.say({"Careful.", "en", true});
  CHECK(voice.saying_whole());
  voice.say({"3", "en"});
  voice.say({"2", "en"});  // newer than the 3 that waits, which is dropped
  CHECK(voice.saying_whole());

  speaker.open();
  wait_for_end(voice);
  speaker.shut();
  voice.tend();  // the notice is done: the 2 starts, at the gate
  CHECK_FALSE(voice.saying_whole());
  voice.say({"1", "de"});  // cuts the 2 off
  speaker.open();
  wait_for_end(voice);
  voice.tend();
  CHECK(voice.descriptors().empty());
  CHECK(speaker.said() == "en|Careful.\nde|1\n");
  CHECK(speaker.warnings().empty());
}

TEST_CASE("hushing a program stops the words being said and drops those waiting") {
  GatedSpeaker speaker;
  CommandVoice& voice = speaker.voice();
  voice.say({"Careful.", "en", true});
  voice.say({"Kneel.", "en", true});
  voice.hush();
  CHECK_FALSE(voice.saying_whole());
  CHECK(voice.descriptors().empty());
  voice.say({"Up", "en"});
  speaker.open();
  wait_for_end(voice);
  voice.tend();
  CHECK(speaker.said() == "en|Up\n");
}

TEST_CASE("the bell rings at each phase and at a finished end, nowhere else") {
  StringOutput terminal;
  BellSink bell(terminal);
  bell.on_event({0, CueShown{"Cat", 3'000, {}}});
  bell.on_event({0, PhaseStarted{PhaseKind::flow, 5'000, 1, "a", "A", 1, 2}});
  bell.on_event({0, SessionEnded{Outcome::stopped, 1, 2, 1, 1}});
  CHECK(terminal.text() == "\a");
  bell.on_event({0, SessionEnded{Outcome::done, 2, 2, 1, 1}});
  CHECK(terminal.text() == "\a\a");
}

TEST_CASE("Speech Dispatcher is looked for where SPEECHD_ADDRESS or the runtime directory says") {
  const auto address = [](Environment environment) {
    return speech_dispatcher_address(environment);
  };
  CHECK(address({{"XDG_RUNTIME_DIR", "/run/user/1000"}})->socket ==
        "/run/user/1000/speech-dispatcher/speechd.sock");
  CHECK(address({{"XDG_RUNTIME_DIR", "/run/user/1000"}, {"SPEECHD_ADDRESS", "unix_socket:/tmp/s"}})
            ->socket == "/tmp/s");
  CHECK(address({{"XDG_RUNTIME_DIR", "/run/user/1000"}, {"SPEECHD_ADDRESS", "unix_socket"}})
            ->socket == "/run/user/1000/speech-dispatcher/speechd.sock");
  const std::optional<SpeechDispatcherAddress> inet =
      address({{"SPEECHD_ADDRESS", "inet_socket:localhost:6561"}});
  REQUIRE(inet);
  CHECK(inet->socket.empty());
  CHECK(inet->host == "localhost");
  CHECK(inet->port == 6561);
  CHECK(address({{"SPEECHD_ADDRESS", "inet_socket"}})->port == 6560);
  CHECK_FALSE(address({{"SPEECHD_ADDRESS", "dbus"}}));
  CHECK_FALSE(address({}));
}

TEST_CASE("with no socket where Speech Dispatcher would be, there is no such voice") {
  const ScratchDir dir("runtime");
  StringOutput warnings;
  CHECK_FALSE(open_speech_dispatcher({{"XDG_RUNTIME_DIR", dir.path().string()}}, warnings));
  CHECK_FALSE(fs::exists(dir / "speech-dispatcher"));
  CHECK(warnings.text().empty());
}
