#include "stretch/sinks/session_files.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/routine/routine_limits.hpp"
#include "stretch/sinks/history.hpp"

namespace stretch {

SessionStatus session_status(const SessionState& state, Millis now, pid_t pid) {
  SessionStatus status;
  status.routine = state.routine;
  status.stretch = state.stretch_title;
  status.phase = state.phase ? std::string(phase_name(state.phase->phase)) : "";
  status.round = state.phase ? state.phase->round : 0;
  status.rounds = state.phase ? state.phase->rounds : 0;
  status.cue = state.cue;
  status.seconds_left = state.countdown(now) / 1000;
  status.paused = state.paused;
  status.pid = pid;
  return status;
}

namespace {

// The file's keys, in their order, and the fields they hold: the one list
// the writer and the reader both go through.
template <class Status, class Visit>
void each_field(Status& status, Visit&& visit) {
  visit("routine", status.routine);
  visit("stretch", status.stretch);
  visit("phase", status.phase);
  visit("round", status.round);
  visit("rounds", status.rounds);
  visit("cue", status.cue);
  visit("seconds_left", status.seconds_left);
  visit("paused", status.paused);
  visit("pid", status.pid);
}

}  // namespace

std::string format_session_status(const SessionStatus& status) {
  nlohmann::ordered_json json;
  each_field(status, [&](const char* key, const auto& value) { json[key] = value; });
  return json.dump() + "\n";
}

std::optional<SessionStatus> parse_session_status(std::string_view text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  try {
    SessionStatus status;
    each_field(status, [&](const char* key, auto& value) { json.at(key).get_to(value); });
    // Whoever wrote the file, its text reaches status bars and terminals
    // only quoted, as a routine file's does.
    for (std::string* shown : {&status.routine, &status.stretch, &status.phase, &status.cue}) {
      *shown = quote_untrusted(*shown);
    }
    return status;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

bool session_status_current(const SessionStatus& status, Millis age) {
  return status.paused || age <= session_status_stale;
}

StatusFileSink::StatusFileSink(FilePlace place, pid_t pid, Output& warnings)
    : file_(std::move(place), warnings), pid_(pid) {}

void StatusFileSink::write(Millis now) {
  file_.write(format_session_status(session_status(state_, now, pid_)));
  written_at_ = now;
}

void StatusFileSink::on_event(const Event& event) {
  state_.apply(event);
  if (state_.ended) {
    file_.remove();
    return;
  }
  write(event.at);
}

std::optional<Millis> StatusFileSink::next_redraw(Millis now) const {
  if (!written_at_ || state_.ended || state_.paused) {
    return std::nullopt;
  }
  const Millis due = *written_at_ + session_status_rewrite;
  const std::optional<Millis> change = state_.next_countdown_change(now);
  return change ? std::min(*change, due) : due;
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
  // Checked as --flow, --rest and --rounds are: a file is input like any.
  const auto within = [](double value, limits::Seconds range) {
    return value >= range.min && value <= range.max;
  };
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
    const double phase_at = json.at("phase_at").get<double>();
    if ((state.flow_seconds && !within(*state.flow_seconds, limits::flow)) ||
        (state.rest_seconds && !within(*state.rest_seconds, limits::rest)) ||
        (state.rounds && (*state.rounds < 1 || *state.rounds > limits::rounds)) ||
        !(phase_at >= 0 && phase_at * 1000.0 <= static_cast<double>(limits::routine_length))) {
      return std::nullopt;
    }
    state.phase_at = std::llround(phase_at * 1000.0);
    return state;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
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
  // Saved at the start as well: a session whose output is gone before its
  // first phase (`| true`) still replaces what an older one left.
  if (std::holds_alternative<PhaseStarted>(event.data)) {
    state_.phase_at = event.at;
  } else if (!std::holds_alternative<SessionStarted>(event.data)) {
    return;
  }
  try {
    std::error_code created;
    std::filesystem::create_directories(path_.parent_path(), created);
    // Written at every phase, in the timing loop: a sync here would make
    // the cue due with the phase late, and the rename alone already keeps
    // the file whole for a kill; only a power cut could lose one phase.
    replace_file(path_, format_resume_state(state_), Sync::no);
  } catch (const Error& error) {
    broken_ = true;
    write_warning(warnings_,
                  fmt::format(fmt::runtime(tr("cannot save where to resume: {}")), error.what()));
  }
}

}  // namespace stretch
