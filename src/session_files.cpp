#include "stretch/session_files.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/error.hpp"
#include "stretch/history.hpp"

namespace stretch {
namespace {

Millis seconds_left(const StatusState& state, Millis now) {
  return countdown_seconds(state.phase_started + state.phase->duration, now);
}

}  // namespace

std::string format_status(const StatusState& state, Millis now) {
  nlohmann::ordered_json json;
  json["routine"] = state.routine;
  json["stretch"] = state.stretch;
  json["phase"] = state.phase ? std::string(phase_name(state.phase->phase)) : "";
  json["round"] = state.phase ? state.phase->round : 0;
  json["rounds"] = state.phase ? state.phase->rounds : 0;
  json["cue"] = state.cue;
  json["seconds_left"] = state.phase ? seconds_left(state, now) : 0;
  json["paused"] = state.paused;
  return json.dump() + "\n";
}

StatusFileSink::StatusFileSink(std::filesystem::path path, Output& warnings)
    : path_(std::move(path)), warnings_(warnings) {}

StatusFileSink::~StatusFileSink() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

void StatusFileSink::write(Millis now) {
  if (broken_) {
    return;
  }
  try {
    replace_file(path_, format_status(state_, now));
  } catch (const Error& error) {
    broken_ = true;
    warnings_.write(fmt::format("stretch: warning: --status-file: {}\n", error.what()));
  }
}

void StatusFileSink::on_event(const Event& event) {
  if (const auto* start = std::get_if<SessionStarted>(&event.data)) {
    state_.routine = start->routine;
  } else if (const auto* stretch = std::get_if<StretchStarted>(&event.data)) {
    state_.stretch = stretch->title;
  } else if (const auto* phase = std::get_if<PhaseStarted>(&event.data)) {
    state_.phase = *phase;
    state_.phase_started = event.at;
    state_.cue.clear();
  } else if (const auto* cue = std::get_if<CueShown>(&event.data)) {
    state_.cue = cue->text;
  } else if (std::holds_alternative<Paused>(event.data)) {
    state_.paused = true;
  } else if (std::holds_alternative<Resumed>(event.data)) {
    state_.paused = false;
  } else if (std::holds_alternative<SessionEnded>(event.data)) {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    broken_ = true;  // nothing more to show
    return;
  }
  write(event.at);
}

std::optional<Millis> StatusFileSink::next_redraw(Millis now) const {
  if (!state_.phase || state_.paused || broken_) {
    return std::nullopt;
  }
  return next_countdown_change(state_.phase_started + state_.phase->duration, now);
}

void StatusFileSink::redraw(Millis now) {
  write(now);
}

std::string format_resume_state(const ResumeState& state) {
  nlohmann::ordered_json json;
  json["routine"] = state.routine;
  json["flow"] = state.flow_seconds ? nlohmann::ordered_json(*state.flow_seconds) : nullptr;
  json["rest"] = state.rest_seconds ? nlohmann::ordered_json(*state.rest_seconds) : nullptr;
  json["rounds"] = state.rounds ? nlohmann::ordered_json(*state.rounds) : nullptr;
  json["phase_at"] = static_cast<double>(state.phase_at) / 1000.0;
  return json.dump() + "\n";
}

std::optional<ResumeState> parse_resume_state(std::string_view text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  try {
    ResumeState state;
    state.routine = json.at("routine").get<std::string>();
    if (!json.at("flow").is_null()) {
      state.flow_seconds = json.at("flow").get<double>();
    }
    if (!json.at("rest").is_null()) {
      state.rest_seconds = json.at("rest").get<double>();
    }
    if (!json.at("rounds").is_null()) {
      state.rounds = json.at("rounds").get<int>();
    }
    state.phase_at = std::llround(json.at("phase_at").get<double>() * 1000.0);
    return state;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::optional<std::filesystem::path> resume_file() {
  const auto dir = state_dir();
  return dir ? std::optional(*dir / "resume.json") : std::nullopt;
}

ResumeSink::ResumeSink(std::filesystem::path path, ResumeState state, Output& warnings)
    : path_(std::move(path)), state_(std::move(state)), warnings_(warnings) {}

void ResumeSink::on_event(const Event& event) {
  if (broken_) {
    return;
  }
  if (const auto* end = std::get_if<SessionEnded>(&event.data)) {
    // Finished, or stopped on purpose with q: nothing to resume. Any other
    // ending keeps the state.
    if (end->outcome == Outcome::done || end->outcome == Outcome::stopped) {
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
    }
    return;
  }
  if (!std::holds_alternative<PhaseStarted>(event.data)) {
    return;
  }
  state_.phase_at = event.at;
  try {
    std::error_code created;
    std::filesystem::create_directories(path_.parent_path(), created);
    replace_file(path_, format_resume_state(state_));
  } catch (const Error& error) {
    broken_ = true;
    warnings_.write(
        fmt::format("stretch: warning: cannot save where to resume: {}\n", error.what()));
  }
}

}  // namespace stretch
