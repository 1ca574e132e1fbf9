#pragma once

#include <string>

#include "stretch/platform/output.hpp"
#include "stretch/routine/event.hpp"
#include "stretch/session/sink.hpp"

// A session's events as text or JSON lines, one per event, for output that
// is not a terminal and for --dry-run.
namespace stretch {

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

}  // namespace stretch
