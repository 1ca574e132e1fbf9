#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/sinks/sink.hpp"

namespace stretch {

// What a spoken session says for an event, if anything: the stretch's name,
// each cue, the 3-2-1 count, "Rest", "Switch sides", the halfway cue, and
// a last word when the routine is done.
std::optional<std::string> spoken_text(const Event& event);

// "espeak-ng -s 150" as a program and its arguments, split at spaces, with
// '...' and "..." quoting. Throws a usage error on an unbalanced quote.
std::vector<std::string> split_command(std::string_view command);

// Whether an executable of that name is in a directory of path_list ($PATH).
bool is_on_path(std::string_view program, std::string_view path_list);

// The first of espeak-ng, spd-say and say found in the directories of
// path_list ($PATH).
std::optional<std::string> find_speech_program(std::string_view path_list);

// The speech program's words for a session in language (none: as written).
std::vector<std::string> speech_command(const std::string& program,
                                        const std::optional<std::string>& language);

// Speaks events by starting the command, with the text as one more
// argument and the environment given: with spawn, never a shell, and never waiting for it, so
// speech cannot delay the timer. What is due at one moment ("Rest", "3") is
// said as one utterance; the next moment's cuts off one still going, since
// it is the newer news. A program that cannot be started gives one warning,
// then silence.
class SpeechSink final : public Sink {
 public:
  SpeechSink(std::vector<std::string> command, Environment environment, Output& warnings);
  SpeechSink(const SpeechSink&) = delete;
  SpeechSink& operator=(const SpeechSink&) = delete;
  ~SpeechSink() override;
  void on_event(const Event& event) override;
  void flush() override;

 private:
  std::vector<std::string> command_;
  Environment environment_;
  Output& warnings_;
  std::string pending_;
  pid_t speaking_ = -1;
  bool broken_ = false;

  void reap(bool stop_it);
};

// Rings the terminal bell at each phase change and at the end.
class BellSink final : public Sink {
 public:
  explicit BellSink(Output& terminal) : terminal_(terminal) {}
  void on_event(const Event& event) override;

 private:
  Output& terminal_;
};

}  // namespace stretch
