#include "stretch/sinks/live_view.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"

namespace stretch {
namespace {

constexpr std::string_view enter_screen = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J";
constexpr std::string_view leave_screen = "\x1b[0m\x1b[?25h\x1b[?1049l";
constexpr std::string_view clear_screen = "\x1b[H\x1b[2J";

}  // namespace

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
  return state_.session.next_countdown_change(now);
}

void LiveView::toggle_help(Millis now) {
  state_.help = !state_.help;
  redraw(now);
}

std::string LiveView::describe_next() const {
  // The phases are in plan order: a search, not a walk from the start at
  // every phase, which would grow with the square of a routine's length.
  const auto next =
      std::upper_bound(phases_.begin(), phases_.end(), state_.session.phase_started,
                       [](Millis started, const std::pair<Millis, PhaseStarted>& phase) {
                         return started < phase.first;
                       });
  if (next == phases_.end()) {
    // TRANSLATORS: the live view's line on what comes next, after the last phase.
    return tr("next: the end");
  }
  const PhaseStarted& phase = next->second;
  if (phase.stretch != state_.session.stretch) {
    // TRANSLATORS: the live view's line on what comes next: {} is the next stretch's title.
    return fmt::format(fmt::runtime(tr("next: {}")), phase.stretch_title);
  }
  // TRANSLATORS: the live view's line on what comes next: {0} is a phase ("Hold
  // left"), {1} its length ("0:30").
  return fmt::format(fmt::runtime(tr("next: {0}, {1}")), phase_label(phase),
                     format_seconds(phase.duration));
}

namespace {

// The line after a session, as a format for its stretches done ({0}), all
// its stretches ({1}) and the time spent stretching ({2}).
const char* summary_format(Outcome outcome, unsigned long stretches) {
  switch (outcome) {
    case Outcome::done:
      // TRANSLATORS: the line after a session: {0} stretches done of {1}, {2} the
      // time spent stretching ("4:30"). The English says "stretches" for any count.
      return trn("Done: {0} of {1} stretches, {2} of stretching.",
                 "Done: {0} of {1} stretches, {2} of stretching.", stretches);
    case Outcome::stopped:
      // TRANSLATORS: the line after a session stopped with q: {0} stretches done of
      // {1}, {2} the time spent stretching. The English says "stretches" for any count.
      return trn("Stopped early: {0} of {1} stretches, {2} of stretching.",
                 "Stopped early: {0} of {1} stretches, {2} of stretching.", stretches);
    case Outcome::interrupted:
    case Outcome::hangup:
    case Outcome::output_closed:
      break;
  }
  // TRANSLATORS: the line after a session ended by a signal: {0} stretches done of
  // {1}, {2} the time spent stretching. The English says "stretches" for any count.
  return trn("Interrupted: {0} of {1} stretches, {2} of stretching.",
             "Interrupted: {0} of {1} stretches, {2} of stretching.", stretches);
}

}  // namespace

void LiveView::on_event(const Event& event) {
  state_.session.apply(event);
  if (std::holds_alternative<SessionStarted>(event.data)) {
    enter();
  } else if (std::holds_alternative<PhaseStarted>(event.data)) {
    state_.next = describe_next();
  } else if (const auto* end = std::get_if<SessionEnded>(&event.data)) {
    leave();
    const char* how = summary_format(end->outcome, static_cast<unsigned long>(end->stretches));
    output_.write(fmt::format(fmt::runtime(how), end->stretches_done, end->stretches,
                              format_duration(end->active)) +
                  "\n");
    return;
  }
  redraw(event.at);
}

}  // namespace stretch
