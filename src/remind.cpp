#include "stretch/remind.hpp"

#include <cctype>

namespace stretch {

std::optional<ClockTime> parse_duration(std::string_view text) {
  std::int64_t total = 0;
  std::int64_t number = 0;
  bool digits = false;
  bool any = false;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      number = number * 10 + (c - '0');
      digits = true;
      if (number > 1'000'000) {
        return std::nullopt;
      }
      continue;
    }
    const std::int64_t unit = c == 'h' ? 3600 : c == 'm' ? 60 : c == 's' ? 1 : 0;
    if (unit == 0 || !digits) {
      return std::nullopt;
    }
    total += number * unit;
    number = 0;
    digits = false;
    any = true;
  }
  if (digits || !any || total < 1) {
    return std::nullopt;
  }
  return std::chrono::seconds(total);
}

int run_reminders(Clock& clock, const ReminderSettings& settings, ReminderActions& actions) {
  ClockTime next = clock.now() + settings.every;
  bool reminding = false;
  while (true) {
    const Wake wake = clock.wait_until(next);
    switch (wake.kind) {
      case Wake::Kind::deadline:
        // Unanswered, a reminder comes again after another interval.
        actions.remind();
        reminding = true;
        next = clock.now() + settings.every;
        break;
      case Wake::Kind::signal:
        return wake.signal;
      case Wake::Kind::suspend:
        clock.suspend_process([] {});
        break;
      case Wake::Kind::resize:
        break;
      case Wake::Kind::key:
        if (wake.key == 'q') {
          return 0;
        }
        if (wake.key == '\n' || wake.key == '\r') {
          actions.start_routine();
          reminding = false;
          next = clock.now() + settings.every;
        } else if (wake.key == 's' && reminding) {
          actions.snoozed(settings.snooze);
          reminding = false;
          next = clock.now() + settings.snooze;
        }
        break;
    }
  }
}

}  // namespace stretch
