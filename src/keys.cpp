#include "stretch/keys.hpp"

#include <fmt/format.h>

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
  std::string text = "Keys while it runs:";
  for (const KeyBinding& binding : session_keys) {
    text += fmt::format(" {}: {};", binding.name, binding.described);
  }
  return text + " Ctrl-Z: stop the process, with the timer paused until fg.";
}

}  // namespace stretch
