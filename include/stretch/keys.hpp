#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace stretch {

// What a key does during a session. The session acts on these; the live
// view's footer and key list, and `start --help`, describe them: all from
// the one table below.
enum class KeyAction { pause, next, back, stop, help };

struct KeyBinding {
  char key;
  std::string_view name;  // as printed: "space", "n"
  KeyAction action;
  std::string_view brief;      // the footer: "pause"
  std::string_view described;  // the key list: "pause, and resume where it stopped"
};

inline constexpr std::array<KeyBinding, 5> session_keys{{
    {' ', "space", KeyAction::pause, "pause", "pause, and resume where it stopped"},
    {'n', "n", KeyAction::next, "next", "skip to the next phase"},
    {'b', "b", KeyAction::back, "back", "back to the start of this phase"},
    {'q', "q", KeyAction::stop, "stop", "stop here (a summary follows)"},
    {'?', "?", KeyAction::help, "keys", "show or hide the list of keys"},
}};

std::optional<KeyAction> key_action(char key);

// "Keys while it runs: space: pause, and resume where it stopped; n: ...".
std::string describe_session_keys();

}  // namespace stretch
