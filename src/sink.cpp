#include "stretch/sink.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace stretch {
namespace {

template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

std::string text_details(const EventData& data) {
  return std::visit(
      Overloaded{
          [](const SessionStarted& e) {
            return fmt::format("start {} {} {} {}", e.routine, format_duration(e.total),
                               e.stretches, e.title);
          },
          [](const NoticeShown& e) { return fmt::format("notice {}", e.text); },
          [](const StretchStarted& e) {
            return fmt::format("stretch {}/{} {} {}", e.number, e.count, e.id, e.title);
          },
          [](const InstructionShown& e) {
            return fmt::format("instruction {} {}", e.step, e.text);
          },
          [](const PhaseStarted& e) {
            std::string text =
                fmt::format("phase {} {} {}/{} {}", phase_name(e.phase), format_seconds(e.duration),
                            e.round, e.rounds, e.stretch_id);
            if (e.side != Side::both) {
              text += fmt::format(" {}", side_name(e.side));
            }
            return text;
          },
          [](const HalfwayReached& e) { return fmt::format("halfway {}", e.text); },
          [](const CueShown& e) {
            return fmt::format("cue {} {}", format_seconds(e.duration), e.text);
          },
          [](const Paused&) { return std::string("pause"); },
          [](const Resumed&) { return std::string("resume"); },
          [](const Skipped& e) { return fmt::format("skip {}", format_seconds(e.skipped)); },
          [](const SessionEnded& e) {
            return fmt::format("end {} {}/{} {}", outcome_name(e.outcome), e.stretches_done,
                               e.stretches, format_duration(e.active));
          },
      },
      data);
}

double seconds(Millis value) {
  return static_cast<double>(value) / 1000.0;
}

// Fields in a fixed order, "event" and "t" first, so that lines read well
// and compare as text.
nlohmann::ordered_json json_fields(const Event& event) {
  nlohmann::ordered_json json;
  const auto start = [&](std::string_view name) {
    json["event"] = name;
    json["t"] = seconds(event.at);
  };
  std::visit(Overloaded{
                 [&](const SessionStarted& e) {
                   start("start");
                   json["routine"] = e.routine;
                   json["title"] = e.title;
                   json["stretches"] = e.stretches;
                   json["total"] = seconds(e.total);
                 },
                 [&](const NoticeShown& e) {
                   start("notice");
                   json["text"] = e.text;
                 },
                 [&](const StretchStarted& e) {
                   start("stretch");
                   json["number"] = e.number;
                   json["count"] = e.count;
                   json["id"] = e.id;
                   json["title"] = e.title;
                 },
                 [&](const InstructionShown& e) {
                   start("instruction");
                   json["step"] = e.step;
                   json["text"] = e.text;
                 },
                 [&](const PhaseStarted& e) {
                   start("phase");
                   json["phase"] = phase_name(e.phase);
                   json["duration"] = seconds(e.duration);
                   json["stretch"] = e.stretch_id;
                   json["round"] = e.round;
                   json["rounds"] = e.rounds;
                   json["side"] = side_name(e.side);
                 },
                 [&](const HalfwayReached& e) {
                   start("halfway");
                   json["text"] = e.text;
                 },
                 [&](const CueShown& e) {
                   start("cue");
                   json["text"] = e.text;
                   json["duration"] = seconds(e.duration);
                 },
                 [&](const Paused&) { start("pause"); },
                 [&](const Resumed&) { start("resume"); },
                 [&](const Skipped& e) {
                   start("skip");
                   json["skipped"] = seconds(e.skipped);
                 },
                 [&](const SessionEnded& e) {
                   start("end");
                   json["outcome"] = outcome_name(e.outcome);
                   json["stretches_done"] = e.stretches_done;
                   json["stretches"] = e.stretches;
                   json["planned"] = seconds(e.planned);
                   json["active"] = seconds(e.active);
                 },
             },
             event.data);
  return json;
}

constexpr std::string_view clear_line = "\r\x1b[2K";
constexpr std::string_view hide_cursor = "\x1b[?25l";
constexpr std::string_view show_cursor = "\x1b[?25h";

}  // namespace

std::string phase_label(const PhaseStarted& phase) {
  switch (phase.phase) {
    case PhaseKind::setup:
      return "get ready";
    case PhaseKind::flow:
      if (phase.side != Side::both) {
        return fmt::format("round {}/{}, {} side", phase.round, phase.rounds,
                           side_name(phase.side));
      }
      return fmt::format("round {}/{}", phase.round, phase.rounds);
    case PhaseKind::switch_sides:
      return "switch sides";
    case PhaseKind::rest:
      return "rest";
  }
  return {};
}

namespace {

Millis seconds_left(const LiveState& state, Millis now) {
  const Millis end = state.phase_started + state.phase->duration;
  return std::max<Millis>(0, (end - now + 999) / 1000);
}

}  // namespace

std::string format_text_line(const Event& event) {
  return fmt::format("{} {}\n", format_offset(event.at), text_details(event.data));
}

std::string format_json_line(const Event& event) {
  return json_fields(event).dump() + "\n";
}

std::string format_live_status(const LiveState& state, Millis now, std::size_t width) {
  if (!state.phase) {
    return {};
  }
  const Millis left = seconds_left(state, now);
  std::string status = fmt::format("{} · {}", state.stretch_title, phase_label(*state.phase));
  if (!state.cue.empty()) {
    status += fmt::format(" · {}", state.cue);
  }
  status += fmt::format(" · {}:{:02}", left / 60, left % 60);
  if (state.paused) {
    status += " · PAUSED (space resumes)";
  }
  return truncate_to_width(status, width);
}

LiveLineSink::~LiveLineSink() {
  if (cursor_hidden_) {
    try {
      output_.write(show_cursor);
    } catch (...) {
      // The terminal is gone; there is nothing left to restore.
    }
  }
}

void LiveLineSink::print_line(const std::string& line, Millis now, std::size_t indent) {
  std::string text(clear_line);
  const std::string margin(indent, ' ');
  bool first = true;
  for (const std::string& part :
       wrap_words(line, std::max<std::size_t>(width_, indent + 20) - indent)) {
    text += first ? part : margin + part;
    text += '\n';
    first = false;
  }
  if (status_shown_) {
    text += format_live_status(state_, now, width_);
  }
  output_.write(text);
}

void LiveLineSink::redraw(Millis now) {
  output_.write(std::string(clear_line) + format_live_status(state_, now, width_));
  status_shown_ = true;
}

std::optional<Millis> LiveLineSink::next_redraw(Millis now) const {
  if (!state_.phase || state_.paused) {
    return std::nullopt;
  }
  const Millis end = state_.phase_started + state_.phase->duration;
  const Millis next = end - (seconds_left(state_, now) - 1) * 1000;
  return next < end ? std::optional(next) : std::nullopt;
}

void LiveLineSink::on_event(const Event& event) {
  const Millis now = event.at;
  std::visit(Overloaded{
                 [&](const SessionStarted& e) {
                   output_.write(hide_cursor);
                   cursor_hidden_ = true;
                   print_line(fmt::format("{}: {} stretches, {}", e.title, e.stretches,
                                          format_duration(e.total)),
                              now);
                   print_line("Keys: space pause/resume · n next phase · q stop", now);
                 },
                 [&](const NoticeShown& e) {
                   print_line("", now);
                   print_line(fmt::format("Safety: {}", e.text), now, 8);
                 },
                 [&](const StretchStarted& e) {
                   state_.stretch_title = e.title;
                   state_.phase.reset();
                   status_shown_ = false;
                   print_line("", now);
                   print_line(fmt::format("Stretch {} of {}: {}", e.number, e.count, e.title), now);
                 },
                 [&](const InstructionShown& e) {
                   print_line(fmt::format("  {}. {}", e.step, e.text), now, 5);
                 },
                 [&](const PhaseStarted& e) {
                   state_.phase = e;
                   state_.phase_started = event.at;
                   state_.cue.clear();
                   redraw(now);
                 },
                 [&](const CueShown& e) {
                   state_.cue = e.text;
                   redraw(now);
                 },
                 [&](const HalfwayReached& e) { print_line(fmt::format("  {}", e.text), now); },
                 [&](const Paused&) {
                   state_.paused = true;
                   redraw(now);
                 },
                 [&](const Resumed&) {
                   state_.paused = false;
                   redraw(now);
                 },
                 [&](const Skipped&) {},
                 [&](const SessionEnded& e) {
                   status_shown_ = false;
                   const std::string_view how = e.outcome == Outcome::done      ? "Done"
                                                : e.outcome == Outcome::stopped ? "Stopped early"
                                                                                : "Interrupted";
                   print_line(fmt::format("{}: {} of {} stretches, {} of stretching.", how,
                                          e.stretches_done, e.stretches, format_duration(e.active)),
                              now);
                   output_.write(show_cursor);
                   cursor_hidden_ = false;
                 },
             },
             event.data);
}

}  // namespace stretch
