#include "stretch/sinks/event_lines.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace stretch {
namespace {

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
          [](const CountIn& e) { return fmt::format("count {}", e.count); },
          [](const WentBack& e) { return fmt::format("back {}", format_seconds(e.rewound)); },
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

// Fields in a fixed order, "event" and "t" first, so that lines read well
// and compare as text.
nlohmann::ordered_json json_fields(const Event& event) {
  nlohmann::ordered_json json;
  const auto start = [&](std::string_view name) {
    json["event"] = name;
    json["t"] = in_seconds(event.at);
  };
  std::visit(Overloaded{
                 [&](const SessionStarted& e) {
                   start("start");
                   json["routine"] = e.routine;
                   json["title"] = e.title;
                   json["lang"] = e.lang;
                   json["stretches"] = e.stretches;
                   json["total"] = in_seconds(e.total);
                 },
                 [&](const NoticeShown& e) {
                   start("notice");
                   json["text"] = e.text;
                   json["lang"] = e.lang;
                 },
                 [&](const StretchStarted& e) {
                   start("stretch");
                   json["number"] = e.number;
                   json["count"] = e.count;
                   json["id"] = e.id;
                   json["title"] = e.title;
                   json["lang"] = e.lang;
                 },
                 [&](const InstructionShown& e) {
                   start("instruction");
                   json["step"] = e.step;
                   json["text"] = e.text;
                   json["lang"] = e.lang;
                 },
                 [&](const PhaseStarted& e) {
                   start("phase");
                   json["phase"] = phase_name(e.phase);
                   json["duration"] = in_seconds(e.duration);
                   json["stretch"] = e.stretch_id;
                   json["round"] = e.round;
                   json["rounds"] = e.rounds;
                   json["side"] = side_name(e.side);
                 },
                 [&](const HalfwayReached& e) {
                   start("halfway");
                   json["text"] = e.text;
                   json["lang"] = e.lang;
                 },
                 [&](const CountIn& e) {
                   start("count");
                   json["count"] = e.count;
                 },
                 [&](const WentBack& e) {
                   start("back");
                   json["rewound"] = in_seconds(e.rewound);
                 },
                 [&](const CueShown& e) {
                   start("cue");
                   json["text"] = e.text;
                   json["lang"] = e.lang;
                   json["duration"] = in_seconds(e.duration);
                 },
                 [&](const Paused&) { start("pause"); },
                 [&](const Resumed&) { start("resume"); },
                 [&](const Skipped& e) {
                   start("skip");
                   json["skipped"] = in_seconds(e.skipped);
                 },
                 [&](const SessionEnded& e) {
                   start("end");
                   json["outcome"] = outcome_name(e.outcome);
                   json["stretches_done"] = e.stretches_done;
                   json["stretches"] = e.stretches;
                   json["planned"] = in_seconds(e.planned);
                   json["active"] = in_seconds(e.active);
                 },
             },
             event.data);
  return json;
}

}  // namespace

std::string format_text_line(const Event& event) {
  return fmt::format("{} {}\n", format_offset(event.at), text_details(event.data));
}

std::string format_json_line(const Event& event) {
  return json_fields(event).dump() + "\n";
}

}  // namespace stretch
