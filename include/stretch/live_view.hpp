#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stretch/event.hpp"
#include "stretch/output.hpp"
#include "stretch/plan.hpp"
#include "stretch/sink.hpp"
#include "stretch/terminal.hpp"

namespace stretch {

// Everything the live view shows, gathered from the events so far.
struct ViewState {
  std::string routine_title;
  Millis total = 0;
  int stretch = 0;
  int stretches = 0;
  std::string stretch_title;
  std::string safety;  // shown while getting into position for the first stretch
  std::vector<std::string> instructions;
  std::optional<PhaseStarted> phase;
  Millis phase_started = 0;
  std::string cue;
  std::vector<std::string> art;
  std::string announcement;  // "Starting in 3", a halfway cue: until the next cue or phase
  std::string next;          // what comes after this phase
  bool paused = false;
  bool help = false;
  bool keys = true;  // whether keys can be read at all
};

// The whole screen for a state at a plan time: one string per row, each at
// most size.columns wide, with SGR codes only when style.color is set.
std::vector<std::string> render_view(const ViewState& state, Millis now, ScreenSize size,
                                     const Style& style);

// The full-screen view of a session on a terminal. Draws in the alternate
// screen, rewrites only the rows that changed, and leaves the terminal as it
// found it (main screen, cursor, colours) however the session ends; then
// prints a summary.
class LiveView final : public Sink {
 public:
  LiveView(Output& output, const Timeline& timeline, Style style, bool keys,
           std::function<ScreenSize()> screen_size);
  LiveView(const LiveView&) = delete;
  LiveView& operator=(const LiveView&) = delete;
  ~LiveView() override;

  void on_event(const Event& event) override;
  std::optional<Millis> next_redraw(Millis now) const override;
  void redraw(Millis now) override;
  bool on_key(char key, Millis now) override;
  void refresh(Millis now) override;
  void suspend() override;

 private:
  Output& output_;
  std::vector<std::pair<Millis, PhaseStarted>> phases_;  // the plan's phases, for "next"
  Style style_;
  std::function<ScreenSize()> screen_size_;
  ScreenSize size_;
  ViewState state_;
  std::vector<std::string> shown_;  // the rows on the screen now
  bool on_screen_ = false;

  void enter();
  void leave();
  std::string describe_next() const;
};

}  // namespace stretch
