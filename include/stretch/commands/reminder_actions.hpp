#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "stretch/commands/context.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/remind/alert.hpp"
#include "stretch/remind/busy.hpp"
#include "stretch/remind/remind.hpp"
#include "stretch/routine/routine.hpp"
#include "stretch/sinks/hooks.hpp"

// What `stretch remind` does when the plan (remind.hpp) says so: the
// messages, the alerts (alert.hpp), the hook, `stretch start` for Start,
// and the status file for status bars.
namespace stretch {

// The answer to remind --status and the other words, in a sentence; then
// the alerts, when it has them.
std::string describe_reminder_status(const ReminderStatus& status, const Context& context);

// The alerts' parts for a reminder in this Context. has_terminal: its
// stdin is a terminal. ask_terminal: when the environment does not tell the
// terminal apart (and the terminal channel may be used), ask it
// (XTVERSION); `stretch config` does not. tmux_setting is
// remind.tmux_socket.
AlertParts open_alert_parts(const AlertChoice& choice, Context& context, bool has_terminal,
                            bool ask_terminal, std::string_view tmux_setting);

// What Start offers and where it opens it.
struct ReminderOffer {
  std::string routine;  // the routine named; empty: a session built to fit
  // Builds a session of offered_minutes from the areas stretched least
  // recently: at each reminder afresh, since the history moves on.
  std::function<Routine()> fit;
  // Without a keyboard, the command Start opens `stretch start` in; empty:
  // $TERMINAL -e, else x-terminal-emulator -e.
  std::string terminal;
};

// The routine offered at one reminder.
struct OfferedRoutine {
  std::string name;   // for the hook
  std::string shown;  // in messages: the name, or the fitted session's title in quotes
};

class Reminders final : public ReminderActions {
 public:
  // The status goes to status_file, which is removed when the Reminders
  // go; hooks may be null.
  Reminders(ReminderOffer offer, const ReminderSettings& settings, const FilePlace& status_file,
            LiveInput& input, Alerts& alerts, HookRunner* hooks, Context& context);

  OfferedRoutine offer() const;

  void remind() override;
  // After a call the words say it has ended; a reminder that waited past
  // max-defer comes while the user is still busy, without the bell.
  void remind_after_busy(const Busy& waited, bool still_busy) override;
  void snoozed(std::int64_t until) override;
  void skipped() override;
  void start_routine() override;
  void status_changed(const ReminderStatus& status) override;
  std::vector<AlertState> alert_states() override;

 private:
  ReminderOffer offer_;
  ReminderSettings settings_;  // a copy: the caller's may be a temporary
  StatusFile status_file_;
  LiveInput& input_;
  Alerts& alerts_;
  HookRunner* hooks_;
  Context& context_;
  const TimeZone& zone_;
  bool keys_;
  bool told_no_server_ = false;
  bool tell_next_ = false;
  std::vector<pid_t> children_;
  // What a tmux popup's answer and a routine started in tmux need.
  std::vector<std::string> passed_;

  // headline: what replaces "Time to stand up and stretch"; empty: those.
  void show(const std::string& headline, bool bell);
  // What Start runs.
  std::vector<std::string> start_command() const;
  void say(const std::string& text);
  void withdraw();
  std::vector<std::string> terminal_command() const;
  void reap();
};

}  // namespace stretch
