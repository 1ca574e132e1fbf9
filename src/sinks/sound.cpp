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

std::optional<std::string> spoken_text(const Event& event) {
  if (const auto* stretch = std::get_if<StretchStarted>(&event.data)) {
    return stretch->title;
  }
  if (const auto* phase = std::get_if<PhaseStarted>(&event.data)) {
    if (phase->phase == PhaseKind::rest) {
      // TRANSLATORS: spoken aloud when a rest begins.
      return tr("Rest");
    }
    if (phase->phase == PhaseKind::switch_sides) {
      // TRANSLATORS: spoken aloud when it is time to switch sides.
      return tr("Switch sides");
    }
    return std::nullopt;
  }
  if (const auto* cue = std::get_if<CueShown>(&event.data)) {
    return cue->text;
  }
  if (const auto* halfway = std::get_if<HalfwayReached>(&event.data)) {
    return halfway->text;
  }
  if (const auto* count = std::get_if<CountIn>(&event.data)) {
    return std::to_string(count->count);
  }
  if (const auto* end = std::get_if<SessionEnded>(&event.data)) {
    if (end->outcome == Outcome::done) {
      // TRANSLATORS: spoken aloud at the end of a session.
      return tr("All done. Well stretched.");
    }
  }
  return std::nullopt;
}

std::vector<std::string> split_command(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (const char c : command) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) {
        words.push_back(std::move(word));
        word.clear();
        in_word = false;
      }
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    throw Error(ExitCode::usage, fmt::format("--say-cmd: unbalanced {} quote", quote));
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  if (words.empty()) {
    throw Error(ExitCode::usage, "--say-cmd: no program given");
  }
  return words;
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
std::vector<std::string> speech_command(const std::string& program,
                                        const std::optional<std::string>& language) {
  const std::string name = std::filesystem::path(program).filename().string();
  if (!language) {
    return {program};
  }
  const std::string code = language->substr(0, 2);
  if (name == "espeak-ng" || name == "espeak") {
    return {program, "-v", code};
  }
  if (name == "spd-say") {
    return {program, "-l", code};
  }
  return {program};
}

SpeechSink::SpeechSink(std::vector<std::string> command, Environment environment, Output& warnings)
    : command_(std::move(command)), environment_(std::move(environment)), warnings_(warnings) {}

SpeechSink::~SpeechSink() {
  // The last words may still be playing; they are left to finish on their own.
  reap(false);
}

void SpeechSink::reap(bool stop_it) {
  if (speaking_ <= 0) {
    return;
  }
  if (::waitpid(speaking_, nullptr, WNOHANG) != 0) {
    speaking_ = -1;
  } else if (stop_it) {
    ::kill(speaking_, SIGTERM);
    ::waitpid(speaking_, nullptr, 0);
    speaking_ = -1;
  }
}

void SpeechSink::on_event(const Event& event) {
  if (const std::optional<std::string> text = spoken_text(event); text && !broken_) {
    pending_ += pending_.empty() ? *text : ". " + *text;
  }
}

void SpeechSink::flush() {
  if (pending_.empty()) {
    return;
  }
  reap(true);
  std::vector<std::string> words = command_;
  words.push_back(std::move(pending_));
  pending_.clear();
  const Spawned spawned = spawn(
      {.words = std::move(words), .input = SpawnRequest::Input::null, .quiet = true}, environment_);
  if (spawned.pid < 0) {
    broken_ = true;
    write_warning(
        warnings_,
        // TRANSLATORS: {0} is the speech program, {1} the system's reason.
        fmt::format(fmt::runtime(tr("cannot start {0} to speak ({1}); going on in silence")),
                    quote_untrusted(command_.front()), std::strerror(spawned.error)));
    return;
  }
  speaking_ = spawned.pid;
}

void BellSink::on_event(const Event& event) {
  const auto* end = std::get_if<SessionEnded>(&event.data);
  if (std::holds_alternative<PhaseStarted>(event.data) ||
      (end != nullptr && end->outcome == Outcome::done)) {
    terminal_.write("\a");
  }
}

}  // namespace stretch
