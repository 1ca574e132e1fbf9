#include "stretch/live_view.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace stretch {
namespace {

constexpr std::string_view enter_screen = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J";
constexpr std::string_view leave_screen = "\x1b[0m\x1b[?25h\x1b[?1049l";
constexpr std::string_view clear_screen = "\x1b[H\x1b[2J";

// Rows of the screen kept for the bars, "next" and the keys at the bottom.
constexpr std::size_t bottom_rows = 6;
constexpr std::size_t middle_top = 5;
// Below these the view drops the large digits and the drawing, then turns
// into a few plain lines.
constexpr std::size_t big_digits_min_rows = 20;
constexpr std::size_t art_min_columns = 64;
constexpr std::size_t compact_columns = 40;
constexpr std::size_t compact_rows = 14;
constexpr std::size_t art_column = 2;

std::string paint(std::string_view text, std::string_view sgr, const Style& style) {
  if (!style.color || text.empty()) {
    return std::string(text);
  }
  return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
}

std::string pad_to(std::string_view text, std::size_t width) {
  std::string padded = truncate_to_width(text, width);
  padded.append(width - display_width(padded), ' ');
  return padded;
}

std::string centred(std::string_view text, std::size_t width) {
  if (text.empty()) {
    return {};
  }
  const std::string cut = truncate_to_width(text, width);
  return std::string((width - display_width(cut)) / 2, ' ') + cut;
}

std::string_view phase_colour(PhaseKind phase) {
  switch (phase) {
    case PhaseKind::setup:
      return "33";
    case PhaseKind::flow:
      return "32";
    case PhaseKind::switch_sides:
      return "35";
    case PhaseKind::rest:
      return "36";
  }
  return "0";
}

std::string upper(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

Millis seconds_left(const ViewState& state, Millis now) {
  return countdown_seconds(state.phase_started + state.phase->duration, now);
}

std::string countdown_text(Millis seconds) {
  return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

// Five rows of three cells per digit; a colon is one cell wide.
constexpr std::array<std::array<std::string_view, 5>, 10> digit_glyphs{{
    {"###", "# #", "# #", "# #", "###"},
    {"## ", " # ", " # ", " # ", "###"},
    {"###", "  #", "###", "#  ", "###"},
    {"###", "  #", "###", "  #", "###"},
    {"# #", "# #", "###", "  #", "  #"},
    {"###", "#  ", "###", "  #", "###"},
    {"###", "#  ", "###", "# #", "###"},
    {"###", "  #", "  #", "  #", "  #"},
    {"###", "# #", "###", "# #", "###"},
    {"###", "# #", "###", "  #", "###"},
}};
constexpr std::array<std::string_view, 5> colon_glyph{" ", "#", " ", "#", " "};

std::array<std::string, 5> big_text(std::string_view text, const Style& style) {
  std::array<std::string, 5> rows;
  for (const char c : text) {
    for (std::size_t row = 0; row < rows.size(); ++row) {
      const std::string_view glyph =
          c == ':' ? colon_glyph[row] : digit_glyphs[static_cast<std::size_t>(c - '0')][row];
      for (const char cell : glyph) {
        rows[row] += cell == '#' ? (style.unicode ? "█" : "#") : " ";
      }
      rows[row] += ' ';
    }
  }
  for (std::string& row : rows) {
    row.pop_back();
  }
  return rows;
}

std::string bar(double fraction, std::size_t width, std::string_view colour, const Style& style) {
  const auto filled = static_cast<std::size_t>(
      std::lround(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(width)));
  std::string full;
  std::string empty;
  for (std::size_t i = 0; i < width; ++i) {
    (i < filled ? full : empty) +=
        style.unicode ? (i < filled ? "█" : "░") : (i < filled ? "#" : "-");
  }
  return paint(full, colour, style) + paint(empty, "2", style);
}

std::string bar_row(std::string_view label, double fraction, std::string_view detail,
                    std::size_t width, std::string_view colour, const Style& style) {
  const std::size_t fixed = 1 + 6 + 2 + display_width(detail);
  const std::size_t bar_width = width > fixed + 10 ? width - fixed : 10;
  return fmt::format(" {:<6}{}  {}", label, bar(fraction, bar_width, colour, style), detail);
}

std::string keys_row(const ViewState& state, bool short_form) {
  if (!state.keys) {
    return short_form ? "no keys: stdin is not a terminal" : "Keys need a terminal on stdin.";
  }
  if (short_form) {
    return state.paused ? "spc resume n b q ?" : "spc pause n b q ?";
  }
  return fmt::format("space {} · n next · b back · q stop · ? keys",
                     state.paused ? "resume" : "pause");
}

const std::array<std::string_view, 6> help_lines{
    "Keys",
    "space   pause, and resume where it stopped",
    "n       skip to the next phase",
    "b       back to the start of this phase",
    "q       stop here (a summary follows)",
    "?       show or hide this list",
};

void render_compact(const ViewState& state, Millis now, ScreenSize size, const Style& style,
                    std::vector<std::string>& rows) {
  const std::size_t width = size.columns;
  std::vector<std::string> lines;
  lines.push_back(paint(pad_to(state.stretch_title, width), "1", style));
  std::string phase =
      upper(phase_label(*state.phase)) + " " + countdown_text(seconds_left(state, now));
  if (state.paused) {
    phase += " PAUSED";
  }
  lines.push_back(paint(truncate_to_width(phase, width), phase_colour(state.phase->phase), style));
  const std::string& text = !state.cue.empty()            ? state.cue
                            : !state.instructions.empty() ? state.instructions.front()
                                                          : state.announcement;
  lines.push_back(paint(truncate_to_width(text, width), "1", style));
  lines.push_back(truncate_to_width(keys_row(state, true), width));
  for (std::size_t i = 0; i < lines.size() && i < rows.size(); ++i) {
    rows[i] = lines[i];
  }
}

// Safety notice (first stretch only) and the numbered instructions, wrapped
// to the width, as many as fit in the rows given.
std::vector<std::string> setup_text(const ViewState& state, std::size_t width,
                                    std::size_t max_rows) {
  std::vector<std::string> lines;
  // Each kind of line is wrapped to what is left after its indent.
  const auto wrapped = [&](std::string_view text, std::string_view first, std::size_t indent) {
    bool is_first = true;
    for (const std::string& line : wrap_words(text, width - indent - 1)) {
      lines.push_back((is_first ? std::string(first) : std::string(indent, ' ')) + line);
      is_first = false;
    }
  };
  if (state.stretch == 1 && !state.safety.empty()) {
    wrapped(state.safety, "  Safety: ", 10);
    lines.emplace_back();
  }
  for (std::size_t step = 0; step < state.instructions.size(); ++step) {
    wrapped(state.instructions[step], fmt::format("  {}. ", step + 1), 5);
  }
  if (lines.size() > max_rows) {
    lines.resize(max_rows);
  }
  return lines;
}

}  // namespace

std::vector<std::string> render_view(const ViewState& state, Millis now, ScreenSize size,
                                     const Style& style) {
  std::vector<std::string> rows(size.rows);
  const std::size_t width = size.columns;
  if (!state.phase) {
    if (!rows.empty()) {
      rows[0] = paint(pad_to(" " + state.routine_title, width), "7", style);
    }
    return rows;
  }
  if (width < compact_columns || size.rows < compact_rows) {
    render_compact(state, now, size, style, rows);
    return rows;
  }

  const PhaseKind kind = state.phase->phase;
  const std::string colour(phase_colour(kind));
  const std::string stretch_count =
      fmt::format("stretch {} of {} ", state.stretch, state.stretches);
  const std::string title =
      truncate_to_width(" " + state.routine_title, width - display_width(stretch_count) - 1);
  rows[0] = paint(pad_to(title, width - display_width(stretch_count)) + stretch_count, "7", style);
  rows[2] = " " + paint(truncate_to_width(state.stretch_title, width - 2), "1", style);

  const bool big = size.rows >= big_digits_min_rows && kind != PhaseKind::setup;
  const Millis left = seconds_left(state, now);
  std::string phase_line = " " + paint(upper(phase_label(*state.phase)), "1;" + colour, style);
  if (!big) {
    phase_line += fmt::format(" · {}", countdown_text(left));
  }
  if (state.paused) {
    phase_line += "   " + paint("PAUSED", "1;31", style);
  }
  rows[3] = phase_line;

  const std::size_t middle_bottom = size.rows - bottom_rows;  // first row after the middle
  const std::size_t middle_rows = middle_bottom - middle_top;
  std::vector<std::string> middle;
  if (state.help) {
    for (const std::string_view line : help_lines) {
      middle.push_back("  " + std::string(line));
    }
  } else if (kind == PhaseKind::setup) {
    middle = setup_text(state, width, middle_rows - 2);
    while (middle.size() < middle_rows - 1) {
      middle.emplace_back();
    }
    middle.push_back(paint(centred(state.announcement, width), "1;33", style));
  } else {
    const bool art = big && width >= art_min_columns && !state.art.empty();
    if (big) {
      const std::array<std::string, 5> digits = big_text(countdown_text(left), style);
      const std::size_t digits_left = art ? art_column + max_art_width : 0;
      const std::size_t digits_width = display_width(digits[0]);
      const std::size_t indent = digits_left + (width - digits_left - digits_width) / 2;
      for (std::size_t row = 0; row < digits.size(); ++row) {
        std::string line;
        if (art && row < state.art.size()) {
          line = std::string(art_column, ' ') + pad_to(state.art[row], max_art_width);
        }
        line.append(indent - std::min(indent, display_width(line)), ' ');
        line += paint(digits[row], "1;" + colour, style);
        middle.push_back(std::move(line));
      }
      middle.emplace_back();
    }
    middle.push_back(paint(centred(state.cue, width), "1", style));
    middle.push_back(paint(centred(state.announcement, width), "1;33", style));
  }
  for (std::size_t i = 0; i < middle.size() && i < middle_rows; ++i) {
    rows[middle_top + i] = middle[i];
  }

  const Millis elapsed = std::clamp<Millis>(now - state.phase_started, 0, state.phase->duration);
  rows[size.rows - 6] =
      bar_row("phase", static_cast<double>(elapsed) / static_cast<double>(state.phase->duration),
              fmt::format("{:>5} / {}", format_seconds(elapsed / 1000 * 1000),
                          format_seconds(state.phase->duration)),
              width, colour, style);
  rows[size.rows - 5] = bar_row(
      "total", state.total > 0 ? static_cast<double>(now) / static_cast<double>(state.total) : 0.0,
      fmt::format("{:>5} / {}", format_duration(now / 1000 * 1000), format_duration(state.total)),
      width, "1", style);
  rows[size.rows - 3] = " " + truncate_to_width(state.next, width - 2);
  rows[size.rows - 1] =
      " " + paint(truncate_to_width(keys_row(state, false), width - 2), "2", style);
  return rows;
}

LiveView::LiveView(Output& output, const Timeline& timeline, Style style, bool keys,
                   std::function<ScreenSize()> screen_size)
    : output_(output), style_(style), screen_size_(std::move(screen_size)) {
  for (const Event& event : timeline.events) {
    if (const auto* phase = std::get_if<PhaseStarted>(&event.data)) {
      phases_.emplace_back(event.at, *phase);
    }
  }
  state_.keys = keys;
}

LiveView::~LiveView() {
  try {
    leave();
  } catch (...) {
    // The terminal is gone; there is nothing left to restore.
  }
}

void LiveView::enter() {
  size_ = screen_size_();
  output_.write(enter_screen);
  on_screen_ = true;
  shown_.assign(size_.rows, "\x1b");  // no row is known to be on the screen
}

void LiveView::leave() {
  if (on_screen_) {
    on_screen_ = false;
    output_.write(leave_screen);
  }
}

void LiveView::suspend() {
  leave();
}

void LiveView::refresh(Millis now) {
  if (on_screen_) {
    size_ = screen_size_();
    output_.write(clear_screen);
    shown_.assign(size_.rows, "\x1b");
  } else {
    enter();
  }
  redraw(now);
}

void LiveView::redraw(Millis now) {
  if (!on_screen_) {
    return;
  }
  const std::vector<std::string> rows = render_view(state_, now, size_, style_);
  std::string changes;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    if (row >= shown_.size() || rows[row] != shown_[row]) {
      changes += fmt::format("\x1b[{};1H{}\x1b[0m\x1b[K", row + 1, rows[row]);
    }
  }
  shown_ = rows;
  if (!changes.empty()) {
    output_.write(changes);
  }
}

std::optional<Millis> LiveView::next_redraw(Millis now) const {
  if (!state_.phase || state_.paused) {
    return std::nullopt;
  }
  return next_countdown_change(state_.phase_started + state_.phase->duration, now);
}

bool LiveView::on_key(char key, Millis now) {
  if (key != '?') {
    return false;
  }
  state_.help = !state_.help;
  redraw(now);
  return true;
}

std::string LiveView::describe_next() const {
  // The phases are in plan order: a search, not a walk from the start at
  // every phase, which would grow with the square of a routine's length.
  const auto next =
      std::upper_bound(phases_.begin(), phases_.end(), state_.phase_started,
                       [](Millis started, const std::pair<Millis, PhaseStarted>& phase) {
                         return started < phase.first;
                       });
  if (next == phases_.end()) {
    return "next: the end";
  }
  const PhaseStarted& phase = next->second;
  if (phase.stretch != state_.stretch) {
    return "next: " + phase.stretch_title;
  }
  return fmt::format("next: {}, {}", phase_label(phase), format_seconds(phase.duration));
}

void LiveView::on_event(const Event& event) {
  bool draw = true;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, SessionStarted>) {
          state_.routine_title = e.title;
          state_.total = e.total;
          state_.stretches = e.stretches;
          enter();
        } else if constexpr (std::is_same_v<T, NoticeShown>) {
          state_.safety = e.text;
        } else if constexpr (std::is_same_v<T, StretchStarted>) {
          state_.stretch = e.number;
          state_.stretch_title = e.title;
          state_.instructions.clear();
        } else if constexpr (std::is_same_v<T, InstructionShown>) {
          state_.instructions.push_back(e.text);
        } else if constexpr (std::is_same_v<T, PhaseStarted>) {
          state_.phase = e;
          state_.phase_started = event.at;
          state_.cue = e.phase == PhaseKind::rest           ? "Rest"
                       : e.phase == PhaseKind::switch_sides ? "Switch sides"
                                                            : "";
          state_.art.clear();
          state_.announcement.clear();
          state_.next = describe_next();
        } else if constexpr (std::is_same_v<T, CueShown>) {
          state_.cue = e.text;
          state_.art = e.art;
          state_.announcement.clear();
        } else if constexpr (std::is_same_v<T, HalfwayReached>) {
          state_.announcement = e.text;
        } else if constexpr (std::is_same_v<T, CountIn>) {
          state_.announcement = fmt::format("Starting in {}", e.count);
        } else if constexpr (std::is_same_v<T, Paused>) {
          state_.paused = true;
        } else if constexpr (std::is_same_v<T, Resumed>) {
          state_.paused = false;
        } else if constexpr (std::is_same_v<T, SessionEnded>) {
          leave();
          const std::string_view how = e.outcome == Outcome::done      ? "Done"
                                       : e.outcome == Outcome::stopped ? "Stopped early"
                                                                       : "Interrupted";
          output_.write(fmt::format("{}: {} of {} stretches, {} of stretching.\n", how,
                                    e.stretches_done, e.stretches, format_duration(e.active)));
          draw = false;
        }
      },
      event.data);
  if (draw) {
    redraw(event.at);
  }
}

}  // namespace stretch
