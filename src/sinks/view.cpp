#include "stretch/sinks/view.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/routine/routine_limits.hpp"
#include "stretch/session/keys.hpp"

namespace stretch {
namespace {

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

// Capitals for the phase line, byte by byte: ASCII, and the accented letters
// of Latin-1 (U+00E0 to U+00FE but the division sign: "ó" is C3 B3, "Ó" C3
// 93), which the languages stretch speaks use ("PREPARACIÓN"). std::toupper
// alone left them small. Other letters stay as they are.
std::string upper(std::string text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      text[i] = static_cast<char>(std::toupper(byte));
    } else if (byte == 0xC3 && i + 1 < text.size()) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      if (second >= 0xA0 && second <= 0xBE && second != 0xB7) {
        text[i + 1] = static_cast<char>(second - 0x20);
      }
      ++i;
    }
  }
  return text;
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

// A bar's label, padded to label_width, the bar, and its times.
std::string bar_row(std::string_view label, std::size_t label_width, double fraction,
                    std::string_view detail, std::size_t width, std::string_view colour,
                    const Style& style) {
  const std::size_t fixed = 1 + label_width + 2 + display_width(detail);
  const std::size_t bar_width = width > fixed + 10 ? width - fixed : 10;
  return fmt::format(" {}{}  {}", pad_to(label, label_width),
                     bar(fraction, bar_width, colour, style), detail);
}

// "space pause · n next · b back · q stop · ? keys", or the short form
// "spc pause n b q ?", from the key table.
std::string keys_row(const ViewState& state, bool short_form) {
  if (!state.keys) {
    return short_form ? tr("no keys: stdin is not a terminal")
                      : tr("Keys need a terminal on stdin.");
  }
  std::vector<std::string> keys;
  for (const KeyBinding& binding : session_keys) {
    const bool paused = binding.action == KeyAction::pause && state.session.paused;
    // TRANSLATORS: one word in the live view's footer, in place of "pause"
    // while paused: keep it short.
    const std::string_view brief = paused ? tr("resume") : tr(binding.brief.data());
    if (!short_form) {
      keys.push_back(fmt::format("{} {}", binding.name, brief));
    } else if (binding.action == KeyAction::pause) {
      keys.push_back(fmt::format("spc {}", brief));
    } else {
      keys.emplace_back(binding.name);
    }
  }
  return fmt::format("{}", fmt::join(keys, short_form ? " " : " · "));
}

std::vector<std::string> help_lines() {
  // TRANSLATORS: the heading of the list of keys in the live view.
  std::vector<std::string> lines{std::string("  ") + tr("Keys")};
  for (const KeyBinding& binding : session_keys) {
    lines.push_back(fmt::format("  {:<8}{}", binding.name, tr(binding.described.data())));
  }
  return lines;
}

void render_compact(const ViewState& view, Millis now, ScreenSize size, const Style& style,
                    std::vector<std::string>& rows) {
  const SessionState& state = view.session;
  const std::size_t width = size.columns;
  std::vector<std::string> lines;
  lines.push_back(paint(pad_to(state.stretch_title, width), "1", style));
  std::string phase =
      upper(phase_label(*state.phase)) + " " + format_duration(state.countdown(now));
  if (state.paused) {
    // TRANSLATORS: shown after the phase and its countdown when paused: keep it short.
    phase += std::string(" ") + tr("PAUSED");
  }
  lines.push_back(paint(truncate_to_width(phase, width), phase_colour(state.phase->phase), style));
  const std::string& text = !state.cue.empty()            ? state.cue
                            : !state.instructions.empty() ? state.instructions.front()
                                                          : state.announcement;
  lines.push_back(paint(truncate_to_width(text, width), "1", style));
  lines.push_back(truncate_to_width(keys_row(view, true), width));
  for (std::size_t i = 0; i < lines.size() && i < rows.size(); ++i) {
    rows[i] = lines[i];
  }
}

// A safety notice and numbered instructions, wrapped to the width, whole.
std::vector<std::string> setup_lines(std::string_view safety,
                                     const std::vector<std::string>& instructions,
                                     std::size_t width) {
  std::vector<std::string> lines;
  // Each kind of line is wrapped to what is left after its indent.
  const auto wrapped = [&](std::string_view text, std::string_view first, std::size_t indent) {
    bool is_first = true;
    for (const std::string& line : wrap_words(text, width - indent - 1)) {
      lines.push_back((is_first ? std::string(first) : std::string(indent, ' ')) + line);
      is_first = false;
    }
  };
  if (!safety.empty()) {
    const std::string label = fmt::format("  {} ", tr("Safety:"));
    wrapped(safety, label, display_width(label));
    lines.emplace_back();
  }
  for (std::size_t step = 0; step < instructions.size(); ++step) {
    wrapped(instructions[step], fmt::format("  {}. ", step + 1), 5);
  }
  return lines;
}

// The title bar: the routine on the left, "stretch 2 of 5" on the right.
std::string title_row(const SessionState& state, std::size_t width, const Style& style) {
  const std::string stretch_count =
      // TRANSLATORS: the top right of the live view: "stretch 2 of 5".
      fmt::format(fmt::runtime(tr("stretch {0} of {1}")), state.stretch, state.stretches) + " ";
  const std::string title =
      truncate_to_width(" " + state.routine_title, width - display_width(stretch_count) - 1);
  return paint(pad_to(title, width - display_width(stretch_count)) + stretch_count, "7", style);
}

// "FLOW · 0:25   PAUSED"; without the countdown when the digits show it.
std::string phase_row(const SessionState& state, Millis left, bool big, const Style& style) {
  const std::string colour(phase_colour(state.phase->phase));
  std::string line = " " + paint(upper(phase_label(*state.phase)), "1;" + colour, style);
  if (!big) {
    line += fmt::format(" · {}", format_duration(left));
  }
  if (state.paused) {
    line += "   " + paint(tr("PAUSED"), "1;31", style);
  }
  return line;
}

// The setup's notice (first stretch only) and instructions from the row
// under the phase, with its announcement at the foot of the middle. Text
// that fits leaves a blank row above and below it; longer text takes those
// rows, and what still does not fit is cut.
std::vector<std::string> setup_middle(const SessionState& state, std::size_t width,
                                      std::size_t middle_rows, const Style& style) {
  std::vector<std::string> middle =
      setup_lines(state.stretch == 1 ? std::string_view(state.safety) : std::string_view(),
                  state.instructions, width);
  if (middle.size() + 2 <= middle_rows) {
    middle.insert(middle.begin(), std::string());
  }
  middle.resize(middle_rows - 1);
  middle.push_back(paint(centred(state.announcement, width), "1;33", style));
  return middle;
}

// The countdown in large digits, beside the stretch's drawing when there is
// room for it, then the cue and the announcement.
std::vector<std::string> countdown_middle(const SessionState& state, Millis left, bool big,
                                          std::size_t width, const Style& style) {
  std::vector<std::string> middle;
  const bool art = big && width >= art_min_columns && !state.art.empty();
  if (big) {
    const std::string colour(phase_colour(state.phase->phase));
    const std::array<std::string, 5> digits = big_text(format_duration(left), style);
    const std::size_t digits_left = art ? art_column + limits::art_width : 0;
    const std::size_t digits_width = display_width(digits[0]);
    const std::size_t indent = digits_left + (width - digits_left - digits_width) / 2;
    for (std::size_t row = 0; row < digits.size(); ++row) {
      std::string line;
      if (art && row < state.art.size()) {
        line = std::string(art_column, ' ') + pad_to(state.art[row], limits::art_width);
      }
      line.append(indent - std::min(indent, display_width(line)), ' ');
      line += paint(digits[row], "1;" + colour, style);
      middle.push_back(std::move(line));
    }
    middle.emplace_back();
  }
  middle.push_back(paint(centred(state.cue, width), "1", style));
  middle.push_back(paint(centred(state.announcement, width), "1;33", style));
  return middle;
}

// The phase's bar and the whole session's, each with its times.
std::array<std::string, 2> progress_rows(const SessionState& state, Millis now, std::size_t width,
                                         const Style& style) {
  const Millis elapsed = std::clamp<Millis>(now - state.phase_started, 0, state.phase->duration);
  // TRANSLATORS: the label of the live view's bar for the current phase: keep it short.
  const std::string phase = tr("phase");
  // TRANSLATORS: the label of the live view's bar for the whole session: keep it short.
  const std::string total = tr("total");
  // Both bars start one column after the longer label, in any language.
  const std::size_t label_width = std::max(display_width(phase), display_width(total)) + 1;
  return {
      bar_row(phase, label_width,
              static_cast<double>(elapsed) / static_cast<double>(state.phase->duration),
              fmt::format("{:>5} / {}", format_seconds(elapsed / 1000 * 1000),
                          format_seconds(state.phase->duration)),
              width, phase_colour(state.phase->phase), style),
      bar_row(total, label_width,
              state.total > 0 ? static_cast<double>(now) / static_cast<double>(state.total) : 0.0,
              fmt::format("{:>5} / {}", format_duration(now / 1000 * 1000),
                          format_duration(state.total)),
              width, "1", style)};
}

}  // namespace

bool setup_text_fits(ScreenSize size, std::string_view safety,
                     const std::vector<std::string>& instructions) {
  const ViewLayout layout = ViewLayout::of(size);
  // The rows from under the phase to the announcement's.
  return setup_lines(safety, instructions, size.columns).size() + 1 <=
         layout.phase_bar - layout.phase - 1;
}

ViewLayout ViewLayout::of(ScreenSize size) {
  ViewLayout layout;
  layout.keys = size.rows - 1;
  layout.next = size.rows - 3;
  layout.total_bar = size.rows - 5;
  layout.phase_bar = size.rows - 6;
  layout.middle_rows = layout.phase_bar - layout.middle_top;
  return layout;
}

std::vector<std::string> render_view(const ViewState& view, Millis now, ScreenSize size,
                                     const Style& style) {
  const SessionState& state = view.session;
  std::vector<std::string> rows(size.rows);
  const std::size_t width = size.columns;
  if (!state.phase) {
    if (!rows.empty()) {
      rows[0] = paint(pad_to(" " + state.routine_title, width), "7", style);
    }
    return rows;
  }
  if (width < compact_columns || size.rows < compact_rows) {
    render_compact(view, now, size, style, rows);
    return rows;
  }
  const ViewLayout layout = ViewLayout::of(size);
  const PhaseKind kind = state.phase->phase;
  const bool big = size.rows >= big_digits_min_rows && kind != PhaseKind::setup;
  const Millis left = state.countdown(now);

  rows[layout.title] = title_row(state, width, style);
  rows[layout.stretch] = " " + paint(truncate_to_width(state.stretch_title, width - 2), "1", style);
  rows[layout.phase] = phase_row(state, left, big, style);

  if (kind == PhaseKind::setup && !view.help) {
    // From the row under the phase's, which is blank unless the text needs it.
    const std::size_t top = layout.phase + 1;
    const std::vector<std::string> middle =
        setup_middle(state, width, layout.phase_bar - top, style);
    std::copy(middle.begin(), middle.end(), rows.begin() + static_cast<std::ptrdiff_t>(top));
  } else {
    const std::vector<std::string> middle =
        view.help ? help_lines() : countdown_middle(state, left, big, width, style);
    for (std::size_t i = 0; i < middle.size() && i < layout.middle_rows; ++i) {
      rows[layout.middle_top + i] = middle[i];
    }
  }

  const std::array<std::string, 2> bars = progress_rows(state, now, width, style);
  rows[layout.phase_bar] = bars[0];
  rows[layout.total_bar] = bars[1];
  rows[layout.next] = " " + truncate_to_width(view.next, width - 2);
  rows[layout.keys] = " " + paint(truncate_to_width(keys_row(view, false), width - 2), "2", style);
  return rows;
}

}  // namespace stretch
