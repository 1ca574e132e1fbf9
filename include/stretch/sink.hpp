#pragma once

#include <optional>
#include <string>

#include "stretch/event.hpp"
#include "stretch/output.hpp"
#include "stretch/plan.hpp"

namespace stretch {

// Where a session's events go. Sinks only turn events into bytes.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void on_event(const Event& event) = 0;
  // The plan time of the next redraw wanted between events (a countdown).
  virtual std::optional<Millis> next_redraw(Millis /*now*/) const { return std::nullopt; }
  virtual void redraw(Millis /*now*/) {}
};

// "00:10 cue 3s Cat\n": one line per event, no escape codes.
std::string format_text_line(const Event& event);
// {"event":"cue","t":10.0,...}\n: one JSON object per line.
std::string format_json_line(const Event& event);

class TextSink final : public Sink {
 public:
  explicit TextSink(Output& output) : output_(output) {}
  void on_event(const Event& event) override { output_.write(format_text_line(event)); }

 private:
  Output& output_;
};

class JsonSink final : public Sink {
 public:
  explicit JsonSink(Output& output) : output_(output) {}
  void on_event(const Event& event) override { output_.write(format_json_line(event)); }

 private:
  Output& output_;
};

// The state a live status line shows: what is happening now and for how long.
struct LiveState {
  std::string stretch_title;
  std::optional<PhaseStarted> phase;
  Millis phase_started = 0;
  std::string cue;
  bool paused = false;
};

// "round 1/2, left side", "get ready", "switch sides", "rest".
std::string phase_label(const PhaseStarted& phase);

// "Forearm Cat-Cow · flow 1/2 · Cat · 0:27", cut to width.
std::string format_live_status(const LiveState& state, Millis now, std::size_t width);

// On a terminal: events that matter to a person as lines, and one status line
// with a countdown that is rewritten in place each second.
class LiveLineSink final : public Sink {
 public:
  LiveLineSink(Output& output, std::size_t width) : output_(output), width_(width) {}
  ~LiveLineSink() override;
  void on_event(const Event& event) override;
  std::optional<Millis> next_redraw(Millis now) const override;
  void redraw(Millis now) override;

 private:
  Output& output_;
  std::size_t width_;
  LiveState state_;
  bool status_shown_ = false;
  bool cursor_hidden_ = false;

  // Prints a line above the status line, wrapped to the width, continuation
  // lines indented by indent.
  void print_line(const std::string& line, Millis now, std::size_t indent = 0);
};

}  // namespace stretch
