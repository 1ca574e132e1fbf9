#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/terminal.hpp"
#include "stretch/session/session_state.hpp"

namespace stretch {

// Everything the live view shows: where the session is, and what only the
// view knows.
struct ViewState {
  SessionState session;
  std::string next;   // "next: rest, 15s": what comes after this phase
  bool help = false;  // the key list instead of the cue
  bool keys = true;   // whether keys can be read at all
};

// The rows of the full view, top to bottom: the title bar, the stretch and
// its phase, the middle (instructions, or the countdown, drawing and cue),
// the two progress bars, "next", the keys.
struct ViewLayout {
  std::size_t title = 0;
  std::size_t stretch = 2;
  std::size_t phase = 3;
  std::size_t middle_top = 5;
  std::size_t middle_rows = 0;
  std::size_t phase_bar = 0;
  std::size_t total_bar = 0;
  std::size_t next = 0;
  std::size_t keys = 0;

  static ViewLayout of(ScreenSize size);
};

// The whole screen for a state at a plan time: one string per row, each at
// most size.columns wide, with SGR codes only when style.color is set. Pure:
// the live view writes what it returns.
std::vector<std::string> render_view(const ViewState& state, Millis now, ScreenSize size,
                                     const Style& style);

// Whether a setup's safety notice and instructions fit the full view of
// this size whole.
bool setup_text_fits(ScreenSize size, std::string_view safety,
                     const std::vector<std::string>& instructions);

}  // namespace stretch
