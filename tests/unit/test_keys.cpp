#include <catch2/catch.hpp>

#include "stretch/session/keys.hpp"

using namespace stretch;

TEST_CASE(
    "the reminder's keys: Enter as either byte starts, s snoozes, q quits, others do nothing") {
  CHECK(reminder_key_action('\n') == ReminderKeyAction::start);
  CHECK(reminder_key_action('\r') == ReminderKeyAction::start);
  CHECK(reminder_key_action('s') == ReminderKeyAction::snooze);
  CHECK(reminder_key_action('q') == ReminderKeyAction::quit);
  CHECK_FALSE(reminder_key_action('x').has_value());
  CHECK_FALSE(reminder_key_action(' ').has_value());
}

TEST_CASE("the reminder's keys are described from their table, s only while it can snooze") {
  CHECK(describe_reminder_keys() ==
        "Keys: Enter: start the routine now; s: snooze a reminder that is due; q: quit.");
  CHECK(reminder_keys_row("neck", "5m") == "Enter: start neck · s: snooze 5m · q: quit");
  CHECK(reminder_keys_row("\"5 minutes for the neck\"", std::nullopt) ==
        "Enter: start \"5 minutes for the neck\" · q: quit");
}
