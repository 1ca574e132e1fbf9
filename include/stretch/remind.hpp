#pragma once

#include <optional>
#include <string_view>

#include "stretch/clock.hpp"

namespace stretch {

// "90s", "45m", "1h30m", "2h": a duration with units, at least one second.
std::optional<ClockTime> parse_duration(std::string_view text);

// What a reminder does, apart from waiting.
class ReminderActions {
 public:
  virtual ~ReminderActions() = default;
  virtual void remind() = 0;  // time to stand up: bell, message, notification
  virtual void snoozed(ClockTime) = 0;
  virtual void start_routine() = 0;  // runs the routine to its end
};

struct ReminderSettings {
  ClockTime every{};
  ClockTime snooze{};
};

// Waits, and at each interval reminds. Enter starts the routine (and the
// next interval counts from its end), s snoozes a reminder, q quits.
// Returns the signal that ended it, or 0 for q.
int run_reminders(Clock& clock, const ReminderSettings& settings, ReminderActions& actions);

}  // namespace stretch
