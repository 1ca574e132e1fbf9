#include "stretch/remind/remind.hpp"

#include <algorithm>

#include "stretch/platform/words.hpp"
#include "stretch/session/keys.hpp"

namespace stretch {

namespace {

constexpr WordTable<ReminderStatus::State, 5> state_words{{{
    {ReminderStatus::State::waiting, "waiting"},
    {ReminderStatus::State::due, "due"},
    {ReminderStatus::State::paused, "paused"},
    {ReminderStatus::State::away, "away"},
    {ReminderStatus::State::busy, "busy"},
}}};

}  // namespace

std::string_view state_name(ReminderStatus::State state) {
  return state_words.word(state);
}

std::optional<ReminderStatus::State> state_named(std::string_view name) {
  return state_words.value(name);
}

ReminderSettings reminder_settings(const Settings& settings) {
  const auto seconds = [&](std::string_view key) {
    return std::chrono::duration_cast<std::chrono::seconds>(settings.duration(key)).count();
  };
  ReminderSettings reminder;
  reminder.schedule.every = seconds("remind.every");
  reminder.snooze = seconds("remind.snooze");
  reminder.break_length = seconds("remind.idle");
  reminder.max_defer = seconds("remind.max_defer");
  // Settings hold only what their checks let through, so these parse.
  if (const std::string& hours = settings.text("remind.hours"); !hours.empty()) {
    reminder.schedule.hours = parse_hours(hours).value();
  }
  if (const std::string& days = settings.text("remind.days"); !days.empty()) {
    reminder.schedule.days = parse_days(days).value();
  }
  if (const std::string& at = settings.text("remind.at"); !at.empty()) {
    reminder.schedule.at = parse_times(at).value();
  }
  return reminder;
}

ReminderPlan::ReminderPlan(ReminderSettings settings, const TimeZone& zone, std::int64_t now)
    : settings_(std::move(settings)), zone_(zone), countdown_from_(now), fixed_after_(now) {}

std::optional<std::int64_t> ReminderPlan::next_reminder() const {
  std::optional<std::int64_t> next =
      stretch::next_reminder(settings_.schedule, zone_, countdown_from_, fixed_after_);
  if (snoozed_until_ && (!next || *snoozed_until_ < *next)) {
    next = snoozed_until_;
  }
  return next;
}

void ReminderPlan::fire(std::int64_t now) {
  due_ = true;
  deferred_since_.reset();
  asking_busy_ = false;
  countdown_from_ = now;
  fixed_after_ = now;
  snoozed_until_.reset();
}

ReminderPlan::Due ReminderPlan::take_due(std::int64_t now, BusySource* busy) {
  if (paused_until_ && now >= *paused_until_) {
    apply({ReminderCommand::Kind::resume}, now);
  }
  if (paused_until_ || away_) {
    asking_busy_ = false;
    // What falls due while paused or away is not made up for later.
    fixed_after_ = std::max(fixed_after_, now);
    return Due::none;
  }
  if (deferred_since_) {
    return take_deferred(now, busy);
  }
  const std::optional<std::int64_t> next = next_reminder();
  if (!next || *next > now) {
    return Due::none;
  }
  if (!in_working_hours(settings_.schedule, zone_, now)) {
    // Missed while suspended, and working hours are over since: the
    // countdown starts again with the next working hours.
    countdown_from_ = now;
    fixed_after_ = now;
    snoozed_until_.reset();
    return Due::none;
  }
  if (busy != nullptr && settings_.max_defer > 0) {
    Busy found = busy->check(now);
    asking_busy_ = found.pending;
    if (found.pending) {
      return Due::none;  // the answer wakes the loop
    }
    if (found.any()) {
      // An earlier reminder still on screen gives way to this one.
      due_ = false;
      deferred_since_ = now;
      busy_checked_ = now;
      busy_ = std::move(found);
      return Due::none;
    }
  }
  fire(now);
  return Due::now;
}

ReminderPlan::Due ReminderPlan::take_deferred(std::int64_t now, BusySource* busy) {
  const bool overdue = now - *deferred_since_ >= settings_.max_defer;
  if (!overdue && !asking_busy_ && now < busy_checked_ + busy_recheck_seconds) {
    return Due::none;
  }
  Busy found = busy != nullptr ? busy->check(now) : Busy{};
  asking_busy_ = found.pending;
  if (found.pending) {
    if (!overdue) {
      return Due::none;
    }
    found = busy_;  // out of time: what was last known
  }
  busy_checked_ = now;
  if (found.any() && !overdue) {
    busy_ = std::move(found);
    return Due::none;
  }
  deferred_since_.reset();
  if (!in_working_hours(settings_.schedule, zone_, now)) {
    // The working day ended during the call: the next one starts afresh.
    countdown_from_ = now;
    fixed_after_ = now;
    snoozed_until_.reset();
    return Due::none;
  }
  fire(now);
  if (!found.any()) {
    return Due::after_busy;
  }
  busy_ = std::move(found);
  return Due::despite_busy;
}

void ReminderPlan::restart(std::int64_t at) {
  if (at <= countdown_from_) {
    return;
  }
  countdown_from_ = at;
  snoozed_until_.reset();
  deferred_since_.reset();
  due_ = false;
}

void ReminderPlan::set_away(bool away, std::int64_t now) {
  if (away_ && !away) {
    restart(now);
    fixed_after_ = std::max(fixed_after_, now);
  }
  away_ = away;
}

void ReminderPlan::apply(const ReminderCommand& command, std::int64_t now) {
  using Kind = ReminderCommand::Kind;
  if (command.kind != Kind::status && command.kind != Kind::resume) {
    // Whatever the user asks for answers a reminder that waits.
    deferred_since_.reset();
    asking_busy_ = false;
  }
  switch (command.kind) {
    case Kind::start:
      due_ = false;
      snoozed_until_.reset();
      countdown_from_ = now;
      break;
    case Kind::snooze:
      due_ = false;
      countdown_from_ = now;
      snoozed_until_ = now + settings_.snooze;
      break;
    case Kind::skip:
      due_ = false;
      snoozed_until_.reset();
      countdown_from_ = now;
      fixed_after_ = std::max(fixed_after_, next_reminder().value_or(now));
      break;
    case Kind::now:
      // Asked for now, a reminder outranks a pause, which would hide it.
      paused_until_.reset();
      fire(now);
      break;
    case Kind::pause_until:
      due_ = false;
      snoozed_until_.reset();
      paused_until_ = command.until;
      break;
    case Kind::resume:
      if (paused_until_) {
        paused_until_.reset();
        countdown_from_ = now;
        fixed_after_ = std::max(fixed_after_, now);
      }
      break;
    case Kind::status:
      break;
  }
}

std::optional<std::int64_t> ReminderPlan::next_wake() const {
  if (paused_until_) {
    return paused_until_;
  }
  if (away_) {
    return std::nullopt;
  }
  if (asking_busy_) {
    // The busy source's fd wakes the loop when the answer is in; until
    // then, only the loop's own poll.
    return std::nullopt;
  }
  if (deferred_since_) {
    return std::min(busy_checked_ + busy_recheck_seconds, *deferred_since_ + settings_.max_defer);
  }
  return next_reminder();
}

ReminderStatus ReminderPlan::status() const {
  using State = ReminderStatus::State;
  if (paused_until_) {
    return {State::paused, std::nullopt, paused_until_};
  }
  if (due_) {
    return {State::due, next_reminder(), std::nullopt};
  }
  if (away_) {
    return {State::away, std::nullopt, std::nullopt};
  }
  if (deferred_since_) {
    return {State::busy, *deferred_since_ + settings_.max_defer, std::nullopt, busy_};
  }
  return {State::waiting, next_reminder(), std::nullopt};
}

namespace {

void remind_if_due(ReminderPlan& plan, std::int64_t now, const ReminderWorld& world,
                   ReminderActions& actions) {
  using Due = ReminderPlan::Due;
  switch (plan.take_due(now, world.busy)) {
    case Due::none:
      break;
    case Due::now:
      actions.remind();
      break;
    case Due::after_busy:
      actions.remind_after_busy(plan.waited(), false);
      break;
    case Due::despite_busy:
      actions.remind_after_busy(plan.waited(), true);
      break;
  }
}

// Does what the user asked, from a key, a notification's button or the
// socket, and answers with the status after it.
ReminderStatus run_command(const ReminderCommand& command, ReminderPlan& plan,
                           const ReminderWorld& world, ReminderActions& actions) {
  const std::int64_t now = world.wall_clock();
  plan.apply(command, now);
  using Kind = ReminderCommand::Kind;
  if (command.kind == Kind::now) {
    actions.remind();
  } else if (command.kind == Kind::start) {
    actions.start_routine();
    // A routine run here ends before the next line: count from its end.
    plan.restart(world.wall_clock());
  } else if (command.kind == Kind::snooze) {
    actions.snoozed(now + plan.settings().snooze);
  } else if (command.kind == Kind::skip) {
    actions.skipped();
  }
  actions.status_changed(plan.status());
  ReminderStatus status = plan.status();
  if (command.kind == Kind::status) {
    status.alerts = actions.alert_states();
  }
  return status;
}

}  // namespace

int run_reminders(Clock& clock, const ReminderSettings& settings, const ReminderWorld& world,
                  ReminderActions& actions) {
  ReminderPlan plan(settings, world.zone, world.wall_clock());
  const auto run = [&](const ReminderCommand& command) {
    return run_command(command, plan, world, actions);
  };
  actions.status_changed(plan.status());
  while (true) {
    const std::int64_t now = world.wall_clock();
    if (const std::optional<std::int64_t> end = world.last_session_end()) {
      plan.restart(*end);
    }
    if (const std::optional<std::int64_t> since = world.idle.idle_since(now)) {
      const bool away = now - *since >= settings.break_length;
      plan.set_away(away, away ? now : *since);
    }
    remind_if_due(plan, now, world, actions);
    actions.status_changed(plan.status());
    std::vector<int> fds;
    for (CommandSource* source : world.sources) {
      source->before_wait(run);
      if (source->fd() >= 0) {
        fds.push_back(source->fd());
      }
    }
    if (world.busy != nullptr && world.busy->fd() >= 0) {
      fds.push_back(world.busy->fd());
    }
    clock.watch(fds);
    // Never a long sleep: the clock does not run while the machine is
    // suspended, and the history and idle time move on their own.
    const std::int64_t wake = std::min(plan.next_wake().value_or(now + reminder_poll_seconds),
                                       now + reminder_poll_seconds);
    const Wake woke =
        clock.wait_until(clock.now() + std::chrono::seconds(std::max<std::int64_t>(wake - now, 0)));
    switch (woke.kind) {
      case Wake::Kind::deadline:
      case Wake::Kind::resize:
        break;
      case Wake::Kind::signal:
        return woke.signal;
      case Wake::Kind::suspend:
        clock.suspend_process([] {});
        break;
      case Wake::Kind::ready:
        for (CommandSource* source : world.sources) {
          if (source->fd() == woke.fd) {
            source->ready(run);
          }
        }
        break;
      case Wake::Kind::key: {
        const std::optional<ReminderKeyAction> action = reminder_key_action(woke.key);
        if (action == ReminderKeyAction::quit) {
          return 0;
        }
        if (action == ReminderKeyAction::start) {
          run({ReminderCommand::Kind::start});
        } else if (action && plan.status().state == ReminderStatus::State::due) {
          run({ReminderCommand::Kind::snooze});
        }
        break;
      }
    }
  }
}

}  // namespace stretch
