#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/config.hpp"
#include "stretch/remind/alert.hpp"
#include "stretch/remind/busy.hpp"
#include "stretch/remind/idle.hpp"
#include "stretch/remind/schedule.hpp"
#include "stretch/session/clock.hpp"

namespace stretch {

// In seconds. Their defaults are the settings table's (config.cpp), read
// through reminder_settings.
struct ReminderSettings {
  Schedule schedule;
  std::int64_t snooze = 0;
  // Time away from the keyboard that counts as a break.
  std::int64_t break_length = 0;
  // How long a due reminder waits for busy to clear before it comes anyway.
  std::int64_t max_defer = 0;
};

// From remind.every, .hours, .days, .at, .snooze, .idle and .max_defer,
// which the settings checked as they were read or given.
ReminderSettings reminder_settings(const Settings& settings);

// How often a reminder that waits for busy to clear asks again.
constexpr std::int64_t busy_recheck_seconds = 30;

// What a reminder is doing, for `remind --status` and `stretch status`.
struct ReminderStatus {
  enum class State { waiting, due, paused, away, busy };
  State state = State::waiting;
  // The next reminder, when one is planned; with State::busy, when the
  // reminder comes at the latest.
  std::optional<std::int64_t> next;
  std::optional<std::int64_t> paused_until;  // with State::paused
  Busy busy;                                 // with State::busy: what it waits for
  // In the answer to remind --status: each alert channel, live now or not.
  std::vector<AlertState> alerts;
};

std::string_view state_name(ReminderStatus::State state);
std::optional<ReminderStatus::State> state_named(std::string_view name);

// What may be asked of a running reminder: its keys, its notification's
// actions and the control socket.
struct ReminderCommand {
  enum class Kind { start, snooze, skip, now, pause_until, resume, status };
  Kind kind = Kind::status;
  std::int64_t until = 0;  // for pause_until
};

// The rules of when to remind, without any waiting: everything happens at a
// wall-clock moment given by the caller.
class ReminderPlan {
 public:
  ReminderPlan(ReminderSettings settings, const TimeZone& zone, std::int64_t now);

  enum class Due {
    none,
    now,           // a reminder, as planned
    after_busy,    // a reminder that waited, now that busy has cleared
    despite_busy,  // a reminder that waited max_defer, and comes while still busy
  };
  // Whether to remind now. However many reminders a suspend or a pause let
  // pass, one is due at most, and none outside working hours. A reminder
  // that falls due while a busy source says busy waits, and counts as
  // neither shown, snoozed nor skipped meanwhile; the sources are asked
  // only then, and while it waits every busy_recheck_seconds. An answer
  // that is pending is asked for again at the next call, which the
  // source's fd brings about. busy may be null: never busy.
  Due take_due(std::int64_t now, BusySource* busy);
  // What the last reminder that waited was waiting for.
  const Busy& waited() const { return busy_; }
  // The user stretched or came back at that moment: the countdown starts
  // again from there, and a reminder on screen is answered.
  void restart(std::int64_t at);
  void set_away(bool away, std::int64_t now);
  void apply(const ReminderCommand& command, std::int64_t now);

  // The next moment something is due: a reminder or the end of a pause.
  std::optional<std::int64_t> next_wake() const;
  ReminderStatus status() const;
  const ReminderSettings& settings() const { return settings_; }

 private:
  ReminderSettings settings_;
  const TimeZone& zone_;
  std::int64_t countdown_from_;
  std::int64_t fixed_after_;  // fixed times up to here are done with
  std::optional<std::int64_t> snoozed_until_;
  std::optional<std::int64_t> paused_until_;
  bool due_ = false;
  bool away_ = false;
  // While a due reminder waits for busy to clear: since when, and when
  // busy was last asked.
  std::optional<std::int64_t> deferred_since_;
  std::int64_t busy_checked_ = 0;
  Busy busy_;
  // A busy source was asked and answers later (the busy command runs).
  bool asking_busy_ = false;

  std::optional<std::int64_t> next_reminder() const;
  void fire(std::int64_t now);
  Due take_deferred(std::int64_t now, BusySource* busy);
};

// What a reminder does, apart from waiting.
class ReminderActions {
 public:
  virtual ~ReminderActions() = default;
  virtual void remind() = 0;  // time to stand up: bell, message, notification
  // A reminder that waited while busy: it comes once busy clears, or after
  // max_defer while still busy, and then without a sound.
  virtual void remind_after_busy(const Busy& waited, bool still_busy) {
    (void)waited;
    (void)still_busy;
    remind();
  }
  virtual void snoozed(std::int64_t until) = 0;
  virtual void start_routine() = 0;
  virtual void skipped() {}
  // After anything that may change the status, for the status file.
  virtual void status_changed(const ReminderStatus&) {}
  // How a reminder would reach the user now, for remind --status.
  virtual std::vector<AlertState> alert_states() { return {}; }
};

// A file descriptor the reminder listens on besides the keyboard: the
// control socket, the session bus, the watch on the history's folders.
class CommandSource {
 public:
  virtual ~CommandSource() = default;
  virtual int fd() const = 0;
  // Handles what is ready on fd(), asking run for each command; a command
  // is answered with the status after it.
  virtual void ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) = 0;
  // Before each wait: what was already read and queued is handled.
  virtual void before_wait(const std::function<ReminderStatus(const ReminderCommand&)>& run) {
    (void)run;
  }
};

// What the reminder watches to know what happened.
struct ReminderWorld {
  std::function<std::int64_t()> wall_clock;
  const TimeZone& zone;
  IdleSource& idle;
  // The end of the latest session long enough to count as a break.
  std::function<std::optional<std::int64_t>()> last_session_end;
  std::vector<CommandSource*> sources;
  // Asked when a reminder falls due; null: never busy.
  BusySource* busy = nullptr;
};

// How often the reminder looks at the history and the idle time, and so
// how soon it notices a resume from suspend, during which its clock stood.
constexpr std::int64_t reminder_poll_seconds = 30;

// Waits, and reminds when the plan says so. From the keyboard
// (reminder_keys in keys.hpp): start the routine (the countdown then
// restarts at its end), snooze a reminder that is due, or quit. Returns the
// signal that ended it, or 0 for quit.
int run_reminders(Clock& clock, const ReminderSettings& settings, const ReminderWorld& world,
                  ReminderActions& actions);

}  // namespace stretch
