#include "stretch/keys.hpp"

#include <fmt/format.h>

#include "stretch/i18n.hpp"

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

}  // namespace stretch
