#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stretch/platform/time.hpp"
#include "stretch/routine/event.hpp"

// The Session's output: what it hands its events to, and the screen it
// tells of resizes and stops. Kept beside the Session, its one caller; the
// sinks (sinks/) implement it.
namespace stretch {

// Where a session's events go. Sinks only turn events into bytes.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void on_event(const Event& event) = 0;
  // A sink that shows a countdown is woken each time it changes: the plan
  // time of the next such change, and the call when it comes.
  virtual std::optional<Millis> next_redraw(Millis /*now*/) const { return std::nullopt; }
  virtual void redraw(Millis /*now*/) {}
  // Every event due now has been given; the session is about to wait.
  virtual void flush() {}
  // Speech ends in its own time. descriptors(): what becomes readable
  // when some ends, for the clock to watch; tend() is called when one does.
  virtual std::vector<int> descriptors() const { return {}; }
  virtual void tend() {}
  // Words that must be heard whole (the notice, an instruction) are still
  // being said: the session holds its next event until they end, within
  // speech_hold_limit (session.hpp).
  virtual bool holding() const { return false; }
};

// The one sink that owns the terminal's screen (the live view), for what
// only a screen has to hear of.
class Screen {
 public:
  virtual ~Screen() = default;
  // Draw everything again: the terminal was resized or the process continued.
  virtual void refresh(Millis now) = 0;
  // The process is about to stop (Ctrl-Z): leave the terminal usable.
  virtual void suspend() = 0;
  virtual void toggle_help(Millis now) = 0;
};

// Hands every event to several sinks: the view, plus the bell or speech.
// A sink whose output closes (OutputClosed) is left out from then on, so
// that the others, the history above all, still see the session end; the
// first such OutputClosed is thrown on once the others have had their turn.
class FanOutSink final : public Sink {
 public:
  explicit FanOutSink(std::vector<Sink*> sinks)
      : sinks_(std::move(sinks)), closed_(sinks_.size(), false) {}
  void on_event(const Event& event) override;
  std::optional<Millis> next_redraw(Millis now) const override;
  void redraw(Millis now) override;
  void flush() override;
  std::vector<int> descriptors() const override;
  void tend() override;
  bool holding() const override;

 private:
  std::vector<Sink*> sinks_;
  std::vector<bool> closed_;

  template <class Call>
  void each(Call&& call);
};

}  // namespace stretch
