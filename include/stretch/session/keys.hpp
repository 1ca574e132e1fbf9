#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "stretch/platform/i18n.hpp"

namespace stretch {

// What a key does during a session. The session acts on these; the live
// view's footer and key list, and `start --help`, describe them: all from
// the one table below.
enum class KeyAction { pause, next, back, stop, help };

struct KeyBinding {
  char key;
  std::string_view name;  // as printed: "space", "n"
  KeyAction action;
  // brief and described are string literals, marked with N_: tr(brief.data()).
  std::string_view brief;      // the footer: "pause"
  std::string_view described;  // the key list: "pause, and resume where it stopped"
};

inline constexpr std::array<KeyBinding, 5> session_keys{{
    // TRANSLATORS: the second text of each key is one word in the live
    // view's footer ("space pause · n next"): keep it short.
    {' ', "space", KeyAction::pause, N_("pause"), N_("pause, and resume where it stopped")},
    {'n', "n", KeyAction::next, N_("next"), N_("skip to the next phase")},
    {'b', "b", KeyAction::back, N_("back"), N_("back to the start of this phase")},
    {'q', "q", KeyAction::stop, N_("stop"), N_("stop here (a summary follows)")},
    {'?', "?", KeyAction::help, N_("keys"), N_("show or hide the list of keys")},
}};

std::optional<KeyAction> key_action(char key);

// "Keys while it runs: space: pause, and resume where it stopped; n: ...".
std::string describe_session_keys();

// What a key does while `stretch remind` waits on a terminal: the reminder
// acts on these; its lines and `remind --help` describe them.
enum class ReminderKeyAction { start, snooze, quit };

struct ReminderKeyBinding {
  std::string_view keys;  // each byte it may come as: Enter is "\n" or "\r"
  std::string_view name;  // as printed: "Enter"
  ReminderKeyAction action;
  // brief and described are string literals, marked with N_. brief is a
  // format: {} is the routine offered, or how long a snooze lasts.
  std::string_view brief;      // the reminder's line: "start {}"
  std::string_view described;  // remind --help: "start the routine now"
};

inline constexpr std::array<ReminderKeyBinding, 3> reminder_keys{{
    // TRANSLATORS: the second text of each reminder key follows the key in
    // the reminder's line ("Enter: start neck · s: snooze 5m · q: quit"):
    // {} is the routine offered, then how long a snooze lasts.
    {"\n\r", "Enter", ReminderKeyAction::start, N_("start {}"), N_("start the routine now")},
    {"s", "s", ReminderKeyAction::snooze, N_("snooze {}"), N_("snooze a reminder that is due")},
    {"q", "q", ReminderKeyAction::quit, N_("quit"), N_("quit")},
}};

std::optional<ReminderKeyAction> reminder_key_action(char key);

// "Keys: Enter: start the routine now; s: snooze a reminder that is due;
// q: quit."
std::string describe_reminder_keys();

// "Enter: start neck · s: snooze 5m · q: quit": the reminder's keys with
// what each does now; s only with a snooze's length, while a reminder is
// due.
std::string reminder_keys_row(std::string_view offered, std::optional<std::string_view> snooze);

// What a key does in the reminder's tmux popup: each answers the running
// reminder, and the popup closes.
enum class PopupKeyAction { start, snooze, skip };

struct PopupKeyBinding {
  std::string_view keys;  // each byte it may come as: Escape is "\x1b"
  std::string_view name;  // as printed: "q"
  PopupKeyAction action;
  // N_-marked; a format: {} is the routine offered, or how long a snooze
  // lasts.
  std::string_view brief;  // the popup's line: "start {}"
};

inline constexpr std::array<PopupKeyBinding, 3> popup_keys{{
    {"\n\r", "Enter", PopupKeyAction::start, N_("start {}")},
    {"s", "s", PopupKeyAction::snooze, N_("snooze {}")},
    // TRANSLATORS: follows "q: " in the reminder's tmux popup ("Enter:
    // start neck · s: snooze 5m · q: skip"): skip this reminder.
    {"q\x1b", "q", PopupKeyAction::skip, N_("skip")},
}};

std::optional<PopupKeyAction> popup_key_action(char key);

// "Enter: start neck · s: snooze 5m · q: skip".
std::string popup_keys_row(std::string_view offered, std::string_view snooze);

}  // namespace stretch
