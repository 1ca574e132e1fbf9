#pragma once

#include <memory>
#include <optional>
#include <string>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/sinks/sound.hpp"

namespace stretch {

// Where Speech Dispatcher listens for this user: SPEECHD_ADDRESS
// ("unix_socket:PATH", "inet_socket:HOST:PORT"), else its socket in the
// runtime directory; nothing without either.
struct SpeechDispatcherAddress {
  std::string socket;  // a unix socket's path, or empty for host and port
  std::string host;
  int port = 0;
};
std::optional<SpeechDispatcherAddress> speech_dispatcher_address(const Environment& environment);

// Speech Dispatcher, the desktop's speech service, through libspeechd
// (opened when first needed, like the busy sources' libraries): whole
// utterances as messages, which nothing of ours cuts off, the others as
// text, which newer text replaces; each in its language, for which the
// service picks a voice; and its end-of-message notices tell when whole
// words have been said. Only one that already answers: never started here
// (libspeechd would start the system's one when asked to), so nothing
// when none answers, or libspeechd is not installed.
std::unique_ptr<Voice> open_speech_dispatcher(const Environment& environment, Output& warnings);

}  // namespace stretch
