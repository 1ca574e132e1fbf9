#include "stretch/session/keys.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"

namespace stretch {

std::optional<KeyAction> key_action(char key) {
  for (const KeyBinding& binding : session_keys) {
    if (binding.key == key) {
      return binding.action;
    }
  }
  return std::nullopt;
}

std::string describe_session_keys() {
  std::string text = tr("Keys while it runs:");
  for (const KeyBinding& binding : session_keys) {
    text += fmt::format(" {}: {};", binding.name, tr(binding.described.data()));
  }
  return text + " " + tr("Ctrl-Z: stop the process, with the timer paused until fg.");
}

std::optional<ReminderKeyAction> reminder_key_action(char key) {
  for (const ReminderKeyBinding& binding : reminder_keys) {
    if (binding.keys.find(key) != std::string_view::npos) {
      return binding.action;
    }
  }
  return std::nullopt;
}

std::string describe_reminder_keys() {
  std::vector<std::string> keys;
  keys.reserve(reminder_keys.size());
  for (const ReminderKeyBinding& binding : reminder_keys) {
    keys.push_back(fmt::format("{}: {}", binding.name, tr(binding.described.data())));
  }
  // TRANSLATORS: {} is each of the reminder's keys with what it does,
  // "Enter: start the routine now; s: ...".
  return fmt::format(fmt::runtime(tr("Keys: {}.")), fmt::join(keys, "; "));
}

std::string reminder_keys_row(std::string_view offered, std::optional<std::string_view> snooze) {
  std::vector<std::string> keys;
  for (const ReminderKeyBinding& binding : reminder_keys) {
    const bool snoozes = binding.action == ReminderKeyAction::snooze;
    if (snoozes && !snooze) {
      continue;
    }
    const std::string_view argument = snoozes ? *snooze : offered;
    keys.push_back(fmt::format("{}: {}", binding.name,
                               fmt::format(fmt::runtime(tr(binding.brief.data())), argument)));
  }
  return fmt::format("{}", fmt::join(keys, " · "));
}

std::optional<PopupKeyAction> popup_key_action(char key) {
  for (const PopupKeyBinding& binding : popup_keys) {
    if (binding.keys.find(key) != std::string_view::npos) {
      return binding.action;
    }
  }
  return std::nullopt;
}

std::string popup_keys_row(std::string_view offered, std::string_view snooze) {
  std::vector<std::string> keys;
  for (const PopupKeyBinding& binding : popup_keys) {
    const std::string_view argument = binding.action == PopupKeyAction::snooze ? snooze : offered;
    keys.push_back(fmt::format("{}: {}", binding.name,
                               fmt::format(fmt::runtime(tr(binding.brief.data())), argument)));
  }
  return fmt::format("{}", fmt::join(keys, " · "));
}

}  // namespace stretch
