#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "stretch/platform/output.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/session/sink.hpp"
#include "stretch/sinks/view.hpp"

namespace stretch {

// The full-screen view of a session on a terminal: keeps a ViewState from
// the events, and writes the rows of render_view that changed. Draws in the
// alternate screen and leaves the terminal as it found it (main screen,
// cursor, colours) however the session ends; then prints a summary.
class LiveView final : public Sink, public Screen {
 public:
  LiveView(Output& output, const Timeline& timeline, Style style, bool keys,
           std::function<ScreenSize()> screen_size);
  LiveView(const LiveView&) = delete;
  LiveView& operator=(const LiveView&) = delete;
  ~LiveView() override;

  void on_event(const Event& event) override;
  std::optional<Millis> next_redraw(Millis now) const override;
  void redraw(Millis now) override;
  void refresh(Millis now) override;
  void suspend() override;
  void toggle_help(Millis now) override;

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
