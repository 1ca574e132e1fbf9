#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "stretch/i18n.hpp"

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

}  // namespace stretch
