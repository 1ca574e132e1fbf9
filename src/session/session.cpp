#include "stretch/session/session.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>

#include "stretch/platform/output.hpp"
#include "stretch/session/keys.hpp"

namespace stretch {
namespace {

Outcome ending_by(int signal) {
  return signal == SIGHUP ? Outcome::hangup : Outcome::interrupted;
}

}  // namespace

Session::Session(const Timeline& timeline, Clock& clock, Sink& sink, double speed, Screen* screen)
    : timeline_(timeline), clock_(clock), sink_(sink), speed_(speed), screen_(screen) {}

ClockTime Session::deadline_of(Millis offset) const {
  return start_ + ClockTime(std::llround(static_cast<double>(offset) * 1e6 / speed_));
}

Millis Session::plan_now() {
  const double elapsed = static_cast<double>((clock_.now() - start_).count());
  return std::max<Millis>(0, static_cast<Millis>(std::floor(elapsed * speed_ / 1e6)));
}

void Session::report(const Event& event) {
  state_.apply(event);
  sink_.on_event(event);
}

void Session::emit(Millis at, EventData data) {
  report(Event{at, std::move(data)});
}

SessionResult Session::finish(Outcome outcome, Millis at, int signal) {
  ended_ = SessionResult{outcome, signal};
  emit(at, SessionEnded{outcome, state_.stretches_done(outcome), timeline_.stretches,
                        timeline_.total, at - skipped_ + rewound_});
  sink_.flush();
  return *ended_;
}

SessionResult Session::run(Millis resume_from) {
  start_ = clock_.now();
  try {
    if (resume_from > 0) {
      resume_at(resume_from);
    }
    return walk();
  } catch (const OutputClosed& closed) {
    if (ended_) {
      return *ended_;  // an output closed while the end was being reported
    }
    // The terminal or the reader is gone; what is left (history, resume
    // state) still sees the session end.
    const Outcome outcome = closed.hangup() ? Outcome::hangup : Outcome::output_closed;
    try {
      return finish(outcome, plan_now_within_phase(), closed.signal());
    } catch (const OutputClosed&) {
      return *ended_;
    }
  }
}

Millis Session::plan_now_within_phase() {
  const Millis due = next_ < timeline_.events.size() ? timeline_.events[next_].at : timeline_.total;
  return std::min(plan_now(), due);
}

SessionResult Session::walk() {
  const std::vector<Event>& events = timeline_.events;
  while (true) {
    const Millis due = next_ < events.size() ? events[next_].at : timeline_.total;
    const bool overdue = clock_.now() >= deadline_of(due);
    if (overdue && !hold_for_speech(due)) {
      if (next_ == events.size()) {
        return finish(Outcome::done, timeline_.total);
      }
      const Event& event = events[next_++];
      if (std::holds_alternative<PhaseStarted>(event.data)) {
        current_phase_ = next_ - 1;
      }
      report(event);
      continue;
    }
    sink_.flush();
    watch_sink();
    // Held, the plan stands still: nothing to redraw, only the words to
    // wait for, or the end of the hold.
    const std::optional<Millis> redraw = overdue ? std::nullopt : sink_.next_redraw(plan_now());
    const Millis wake_at = redraw ? std::min(*redraw, due) : due;
    const Wake wake = clock_.wait_until(overdue ? *hold_until_ : deadline_of(wake_at));
    if (overdue) {
      make_due_now(due);  // the plan stood still while held
    }
    switch (wake.kind) {
      case Wake::Kind::deadline:
        if (!overdue && wake_at < due) {
          sink_.redraw(plan_now_within_phase());
        }
        break;
      case Wake::Kind::signal:
        return finish(ending_by(wake.signal), plan_now_within_phase(), wake.signal);
      case Wake::Kind::resize:
        if (screen_ != nullptr) {
          screen_->refresh(plan_now_within_phase());
        }
        break;
      case Wake::Kind::ready:
        sink_.tend();
        break;
      case Wake::Kind::suspend:
        suspend(false);
        break;
      case Wake::Kind::key: {
        SessionResult result;
        if (key_action(wake.key) == KeyAction::pause ? !wait_while_paused(result)
                                                     : act_on(wake.key, result)) {
          return result;
        }
        break;
      }
    }
  }
}

bool Session::hold_for_speech(Millis due) {
  if (!sink_.holding()) {
    hold_until_.reset();
    return false;
  }
  const ClockTime now = clock_.now();
  if (!hold_until_) {
    hold_until_ = now + speech_hold_limit;
  }
  if (now >= *hold_until_) {
    return false;
  }
  make_due_now(due);
  return true;
}

void Session::make_due_now(Millis offset) {
  start_ = clock_.now() - (deadline_of(offset) - start_);
}

void Session::shift_by_pause(ClockTime paused) {
  start_ += paused;
  if (hold_until_) {
    *hold_until_ += paused;
  }
}

void Session::watch_sink() {
  clock_.watch(sink_.descriptors());
}

bool Session::act_on(char key, SessionResult& result) {
  switch (key_action(key).value_or(KeyAction::pause)) {
    case KeyAction::next:
      skip_phase();
      break;
    case KeyAction::back:
      go_back();
      break;
    case KeyAction::stop:
      result = finish(Outcome::stopped, plan_now_within_phase());
      return true;
    case KeyAction::help:
      if (screen_ != nullptr) {
        screen_->toggle_help(plan_now_within_phase());
      }
      break;
    case KeyAction::pause:  // handled by the caller; an unbound key does nothing
      break;
  }
  return false;
}

bool Session::wait_while_paused(SessionResult& result) {
  const Millis at = plan_now();
  const ClockTime paused_since = clock_.now();
  emit(at, Paused{});
  sink_.flush();
  while (true) {
    watch_sink();
    const Wake wake = clock_.wait_until(std::nullopt);
    if (wake.kind == Wake::Kind::ready) {
      sink_.tend();
      continue;
    }
    if (wake.kind == Wake::Kind::signal) {
      result = finish(ending_by(wake.signal), at, wake.signal);
      return false;
    }
    const std::optional<KeyAction> action =
        wake.kind == Wake::Kind::key ? key_action(wake.key) : std::nullopt;
    if (action == KeyAction::stop) {
      result = finish(Outcome::stopped, at);
      return false;
    }
    if (action == KeyAction::pause) {
      shift_by_pause(clock_.now() - paused_since);
      emit(at, Resumed{});
      return true;
    }
    if (wake.kind == Wake::Kind::suspend) {
      suspend(true);
    } else if (screen_ != nullptr && wake.kind == Wake::Kind::resize) {
      screen_->refresh(at);
    } else if (screen_ != nullptr && action == KeyAction::help) {
      screen_->toggle_help(at);
    }
  }
}

void Session::suspend(bool already_paused) {
  const Millis at = plan_now();
  const ClockTime stopped_at = clock_.now();
  if (!already_paused) {
    emit(at, Paused{});
  }
  clock_.suspend_process([this] {
    if (screen_ != nullptr) {
      screen_->suspend();
    }
  });
  if (screen_ != nullptr) {
    screen_->refresh(at);
  }
  if (!already_paused) {
    shift_by_pause(clock_.now() - stopped_at);
    emit(at, Resumed{});
  }
}

void Session::resume_at(Millis phase_at) {
  const std::vector<Event>& events = timeline_.events;
  const auto phase = std::find_if(events.begin(), events.end(), [&](const Event& event) {
    return std::holds_alternative<PhaseStarted>(event.data) && event.at == phase_at;
  });
  if (phase == events.end()) {
    return;  // not a phase of this plan: start from the beginning
  }
  const auto stretch = std::find_if(
      std::make_reverse_iterator(phase), events.rend(),
      [](const Event& event) { return std::holds_alternative<StretchStarted>(event.data); });
  for (const Event& event : events) {
    if (std::holds_alternative<SessionStarted>(event.data) ||
        std::holds_alternative<NoticeShown>(event.data)) {
      report(event);
    }
  }
  if (stretch != events.rend()) {
    for (auto it = std::prev(stretch.base()); it != phase; ++it) {
      if (std::holds_alternative<StretchStarted>(it->data) ||
          std::holds_alternative<InstructionShown>(it->data)) {
        report(*it);
      }
    }
  }
  next_ = static_cast<std::size_t>(phase - events.begin());
  skipped_ = phase_at;  // done in an earlier run, not in this one
  make_due_now(phase_at);
}

void Session::go_back() {
  if (!current_phase_) {
    return;
  }
  const Millis now = plan_now();
  const Millis phase_at = timeline_.events[*current_phase_].at;
  // At the phase's start there is nothing to go back over, and nothing to
  // say again.
  if (now == phase_at) {
    return;
  }
  rewound_ += now - phase_at;
  next_ = *current_phase_;
  make_due_now(phase_at);
  emit(now, WentBack{now - phase_at});
}

void Session::skip_phase() {
  const std::vector<Event>& events = timeline_.events;
  const Millis now = plan_now();
  std::size_t target = next_;
  while (target < events.size() && !std::holds_alternative<PhaseStarted>(events[target].data) &&
         !std::holds_alternative<StretchStarted>(events[target].data)) {
    ++target;
  }
  const Millis target_at = target < events.size() ? events[target].at : timeline_.total;
  skipped_ += target_at - now;
  next_ = target;
  make_due_now(target_at);
  emit(now, Skipped{target_at - now});
}

}  // namespace stretch
