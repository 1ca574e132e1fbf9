#include "stretch/sinks/sound.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {

namespace {

// stretch's own words, in the language tr() speaks.
Utterance own(const char* text) {
  return {text, message_language()};
}

std::optional<Utterance> spoken_phase(const PhaseStarted& phase) {
  switch (phase.phase) {
    case PhaseKind::rest:
      // TRANSLATORS: spoken aloud when a rest begins.
      return own(tr("Rest"));
    case PhaseKind::switch_sides:
      // TRANSLATORS: spoken aloud when it is time to switch sides.
      return own(tr("Switch sides"));
    case PhaseKind::flow:
      if (phase.side == Side::left) {
        // TRANSLATORS: spoken aloud as a one-sided stretch's first side begins.
        return own(tr("Left side"));
      }
      if (phase.side == Side::right) {
        // TRANSLATORS: spoken aloud as a one-sided stretch's second side begins.
        return own(tr("Right side"));
      }
      return std::nullopt;
    case PhaseKind::setup:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Utterance> spoken(const Event& event) {
  return std::visit(
      Overloaded{[](const NoticeShown& notice) -> std::optional<Utterance> {
                   return Utterance{notice.text, notice.lang, true};
                 },
                 [](const StretchStarted& stretch) -> std::optional<Utterance> {
                   return Utterance{stretch.title, stretch.lang, true};
                 },
                 [](const InstructionShown& instruction) -> std::optional<Utterance> {
                   return Utterance{instruction.text, instruction.lang, true};
                 },
                 [](const PhaseStarted& phase) { return spoken_phase(phase); },
                 [](const CueShown& cue) -> std::optional<Utterance> {
                   return Utterance{cue.text, cue.lang};
                 },
                 [](const HalfwayReached& halfway) -> std::optional<Utterance> {
                   return Utterance{halfway.text, halfway.lang};
                 },
                 [](const CountIn& count) -> std::optional<Utterance> {
                   return Utterance{std::to_string(count.count), message_language()};
                 },
                 [](const SessionEnded& end) -> std::optional<Utterance> {
                   if (end.outcome != Outcome::done) {
                     return std::nullopt;
                   }
                   // TRANSLATORS: spoken aloud at the end of a session.
                   return own(tr("All done. Well stretched."));
                 },
                 [](const auto&) -> std::optional<Utterance> { return std::nullopt; }},
      event.data);
}

bool is_on_path(std::string_view program, std::string_view path_list) {
  const std::vector<std::filesystem::path> dirs = split_path_list(path_list);
  return std::any_of(dirs.begin(), dirs.end(), [&](const std::filesystem::path& dir) {
    return ::access((dir / program).c_str(), X_OK) == 0;
  });
}

std::optional<std::string> find_speech_program(std::string_view path_list) {
  for (const char* program : {"espeak-ng", "spd-say", "say"}) {
    if (is_on_path(program, path_list)) {
      return std::string(program);
    }
  }
  return std::nullopt;
}

// espeak-ng's voices and spd-say's languages are named by language code.
std::vector<std::string> speech_command(const std::string& program, const std::string& language) {
  const std::string name = std::filesystem::path(program).filename().string();
  const std::string code = language.substr(0, 2);
  if (name == "espeak-ng" || name == "espeak") {
    return {program, "-v", code};
  }
  if (name == "spd-say") {
    return {program, "-w", "-l", code};
  }
  return {program};
}

CommandVoice::CommandVoice(SpeechCommand command, Environment environment, Output& warnings)
    : command_(std::move(command)), environment_(std::move(environment)), warnings_(warnings) {}

CommandVoice::~CommandVoice() {
  if (speaking_ > 0) {
    ::waitpid(speaking_, nullptr, WNOHANG);
  }
  forget_speaker();
}

void CommandVoice::forget_speaker() {
  if (ended_ >= 0) {
    ::close(ended_);
  }
  ended_ = -1;
  speaking_ = -1;
  speaking_whole_ = false;
}

void CommandVoice::stop() {
  ::kill(speaking_, SIGTERM);
  ::waitpid(speaking_, nullptr, 0);
  forget_speaker();
}

void CommandVoice::say(const Utterance& utterance) {
  if (broken_) {
    return;
  }
  tend();
  if (speaking_ > 0 && !speaking_whole_) {
    stop();
  }
  std::erase_if(waiting_, [](const Utterance& waiting) { return !waiting.whole; });
  if (speaking_ > 0) {
    waiting_.push_back(utterance);
    return;
  }
  start(utterance);
}

void CommandVoice::start(const Utterance& utterance) {
  std::vector<std::string> words = command_(utterance.language);
  const std::string program = words.front();
  words.emplace_back("--");
  words.push_back(utterance.text);
  const Spawned spawned = spawn(
      {.words = std::move(words), .input = SpawnRequest::Input::null, .quiet = true}, environment_);
  if (spawned.pid < 0) {
    broken_ = true;
    waiting_.clear();
    write_warning(
        warnings_,
        // TRANSLATORS: {0} is the speech program, {1} the system's reason.
        fmt::format(fmt::runtime(tr("cannot start {0} to speak ({1}); going on in silence")),
                    quote_untrusted(program), std::strerror(spawned.error)));
    return;
  }
  speaking_ = spawned.pid;
  ended_ = open_pidfd(speaking_);
  // Without a pidfd (an old kernel) nothing tells when the words end, so
  // none is waited for.
  speaking_whole_ = utterance.whole && ended_ >= 0;
}

void CommandVoice::hush() {
  waiting_.clear();
  if (speaking_ > 0) {
    stop();
  }
}

std::vector<int> CommandVoice::descriptors() const {
  return ended_ >= 0 ? std::vector<int>{ended_} : std::vector<int>{};
}

void CommandVoice::tend() {
  if (speaking_ > 0 && ::waitpid(speaking_, nullptr, WNOHANG) != 0) {
    forget_speaker();
  }
  while (speaking_ <= 0 && !waiting_.empty() && !broken_) {
    const Utterance next = std::move(waiting_.front());
    waiting_.pop_front();
    start(next);
  }
}

bool CommandVoice::saying_whole() const {
  return speaking_whole_ || std::any_of(waiting_.begin(), waiting_.end(),
                                        [](const Utterance& waiting) { return waiting.whole; });
}

void SpeechSink::on_event(const Event& event) {
  const auto* end = std::get_if<SessionEnded>(&event.data);
  if (std::holds_alternative<Skipped>(event.data) || std::holds_alternative<WentBack>(event.data) ||
      (end != nullptr && end->outcome != Outcome::done)) {
    pending_.clear();
    voice_->hush();
    return;
  }
  std::optional<Utterance> utterance = spoken(event);
  if (!utterance) {
    return;
  }
  if (!utterance->whole && !pending_.empty() && !pending_.back().whole) {
    pending_.back().text += ". " + utterance->text;
  } else {
    pending_.push_back(std::move(*utterance));
  }
}

void SpeechSink::flush() {
  for (const Utterance& utterance : pending_) {
    voice_->say(utterance);
  }
  pending_.clear();
}

void BellSink::on_event(const Event& event) {
  const auto* end = std::get_if<SessionEnded>(&event.data);
  if (std::holds_alternative<PhaseStarted>(event.data) ||
      (end != nullptr && end->outcome == Outcome::done)) {
    terminal_.write("\a");
  }
}

}  // namespace stretch
