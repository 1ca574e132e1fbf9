#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/session/sink.hpp"

namespace stretch {

// One thing to say, in a language ("en", "de").
struct Utterance {
  std::string text;
  std::string language;
  // The notice, a stretch's title, an instruction: heard whole, never cut
  // off by what comes after. Anything else (a cue, a count, "Rest") is
  // cut off by newer words, since they are the newer news.
  bool whole = false;

  bool operator==(const Utterance&) const = default;
};

// What a spoken session says for an event, if anything: the notice, each
// stretch's title and instructions, which side a flow is for, each cue,
// the 3-2-1 count, "Rest", "Switch sides", the halfway line, and a last
// word when the routine is done. Routine texts keep their language;
// stretch's own words are in the language tr() speaks.
std::optional<Utterance> spoken(const Event& event);

// Whether an executable of that name is in a directory of path_list ($PATH).
bool is_on_path(std::string_view program, std::string_view path_list);

// The first of espeak-ng, spd-say and say found in the directories of
// path_list ($PATH).
std::optional<std::string> find_speech_program(std::string_view path_list);

// The speech program's words for an utterance in language ("de"):
// espeak-ng's voice, spd-say's language; spd-say is told to wait until it
// has been said, so that its run lasts as long as the words.
std::vector<std::string> speech_command(const std::string& program, const std::string& language);

// What says the utterances of a session: Speech Dispatcher, or a program.
class Voice {
 public:
  virtual ~Voice() = default;
  virtual void say(const Utterance& utterance) = 0;
  // Stops what is being said and drops what waits its turn: the user
  // skipped, went back or stopped.
  virtual void hush() = 0;
  // What becomes readable when words end; tend() is called when one does.
  virtual std::vector<int> descriptors() const = 0;
  virtual void tend() = 0;
  // Whether words that must be heard whole are being said or wait their turn.
  virtual bool saying_whole() const = 0;
};

// The program and its first words for an utterance in a language.
using SpeechCommand = std::function<std::vector<std::string>(const std::string& language)>;

// Says each utterance by running a program, with the environment given,
// through spawn (never a shell): the command's words, "--", then the
// utterance as one argument, so that a text starting with "-" is never
// taken for an option. Whole words are let finish: what comes meanwhile
// waits its turn (newer news replacing older news that waits). Other
// words are cut off (SIGTERM) by the next. A program that cannot be
// started gives one warning, then silence.
class CommandVoice final : public Voice {
 public:
  CommandVoice(SpeechCommand command, Environment environment, Output& warnings);
  CommandVoice(const CommandVoice&) = delete;
  CommandVoice& operator=(const CommandVoice&) = delete;
  // The last words may still be playing; they are left to finish.
  ~CommandVoice() override;
  void say(const Utterance& utterance) override;
  void hush() override;
  std::vector<int> descriptors() const override;
  void tend() override;
  bool saying_whole() const override;

 private:
  SpeechCommand command_;
  Environment environment_;
  Output& warnings_;
  pid_t speaking_ = -1;
  int ended_ = -1;  // a pidfd of speaking_: readable once it has ended
  bool speaking_whole_ = false;
  std::deque<Utterance> waiting_;
  bool broken_ = false;

  void start(const Utterance& utterance);
  void stop();
  void forget_speaker();
};

// Speaks a session's events through a voice. What is due at one moment is
// one utterance ("Rest. 3"), but for the whole texts, one each. A skip, a
// step back or a stop hushes it: the user has moved on.
class SpeechSink final : public Sink {
 public:
  explicit SpeechSink(std::unique_ptr<Voice> voice) : voice_(std::move(voice)) {}
  void on_event(const Event& event) override;
  void flush() override;
  std::vector<int> descriptors() const override { return voice_->descriptors(); }
  void tend() override { voice_->tend(); }
  bool holding() const override { return voice_->saying_whole(); }

 private:
  std::unique_ptr<Voice> voice_;
  std::vector<Utterance> pending_;
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
