#include "stretch/sinks/speech_dispatcher.hpp"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <libspeechd.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/shared_library.hpp"

namespace stretch {
namespace {

struct Speechd {
  SharedLibrary library{"libspeechd.so.2"};
  STRETCH_LIBRARY_FUNCTION(spd_cancel);
  STRETCH_LIBRARY_FUNCTION(spd_close);
  STRETCH_LIBRARY_FUNCTION(spd_open2);
  STRETCH_LIBRARY_FUNCTION(spd_say);
  STRETCH_LIBRARY_FUNCTION(spd_set_language);
  STRETCH_LIBRARY_FUNCTION(spd_set_notification_on);
};

Speechd& speechd() {
  static Speechd loaded;
  return loaded;
}

// libspeechd tells of a message's end from a thread of its own, through a
// function given no pointer of ours: it writes the message's id to this
// pipe, which the session's clock watches. One connection at a time.
int ended_pipe[2] = {-1, -1};

extern "C" void on_message_ended(size_t message, size_t /*client*/, SPDNotificationType /*state*/) {
  const int saved_errno = errno;
  // Fewer bytes than PIPE_BUF: written whole or not at all.
  [[maybe_unused]] const ssize_t written = ::write(ended_pipe[1], &message, sizeof message);
  errno = saved_errno;
}

// The service picks a voice by language code: "de", not "de_DE".
std::string language_code(const std::string& language) {
  return language.substr(0, language.find_first_of("_-.@"));
}

class DispatcherVoice final : public Voice {
 public:
  DispatcherVoice(SPDConnection* connection, Output& warnings)
      : connection_(connection), warnings_(warnings) {}
  DispatcherVoice(const DispatcherVoice&) = delete;
  DispatcherVoice& operator=(const DispatcherVoice&) = delete;
  // The service says what it was given to the end, with us gone.
  ~DispatcherVoice() override {
    speechd().spd_close(connection_);
    ::close(ended_pipe[0]);
    ::close(ended_pipe[1]);
    ended_pipe[0] = ended_pipe[1] = -1;
  }

  void say(const Utterance& utterance) override {
    if (broken_) {
      return;
    }
    const std::string code = language_code(utterance.language);
    if (code != language_) {
      speechd().spd_set_language(connection_, code.c_str());
      language_ = code;
    }
    const int message = speechd().spd_say(connection_, utterance.whole ? SPD_MESSAGE : SPD_TEXT,
                                          utterance.text.c_str());
    if (message < 0) {
      broken_ = true;
      whole_.clear();
      write_warning(warnings_, tr("Speech Dispatcher stopped answering; going on in silence"));
      return;
    }
    if (utterance.whole) {
      whole_.insert(static_cast<std::size_t>(message));
    }
  }

  void hush() override {
    speechd().spd_cancel(connection_);
    whole_.clear();
  }

  std::vector<int> descriptors() const override { return {ended_pipe[0]}; }

  void tend() override {
    std::size_t message = 0;
    while (::read(ended_pipe[0], &message, sizeof message) == sizeof message) {
      whole_.erase(message);
    }
  }

  bool saying_whole() const override { return !whole_.empty(); }

 private:
  SPDConnection* connection_;
  Output& warnings_;
  std::string language_;
  std::set<std::size_t> whole_;  // whole messages not yet ended
  bool broken_ = false;
};

}  // namespace

std::optional<SpeechDispatcherAddress> speech_dispatcher_address(const Environment& environment) {
  const std::optional<std::string_view> given = environment.get("SPEECHD_ADDRESS");
  if (given && !given->empty()) {
    const std::string_view address = *given;
    const std::string_view method = address.substr(0, address.find(':'));
    const std::string_view rest =
        method.size() < address.size() ? address.substr(method.size() + 1) : "";
    if (method == "inet_socket") {
      SpeechDispatcherAddress inet{"", "127.0.0.1", SPEECHD_DEFAULT_PORT};
      if (!rest.empty()) {
        inet.host = rest.substr(0, rest.find(':'));
      }
      if (inet.host.size() < rest.size()) {
        const std::string_view port = rest.substr(inet.host.size() + 1);
        std::from_chars(port.data(), port.data() + port.size(), inet.port);
      }
      return inet;
    }
    if (method != "unix_socket") {
      return std::nullopt;
    }
    if (!rest.empty()) {
      return SpeechDispatcherAddress{std::string(rest.substr(0, rest.find(':')))};
    }
  }
  const std::optional<std::string_view> runtime = environment.get("XDG_RUNTIME_DIR");
  if (!runtime || runtime->empty()) {
    return std::nullopt;
  }
  return SpeechDispatcherAddress{
      (std::filesystem::path(*runtime) / "speech-dispatcher" / "speechd.sock").string()};
}

std::unique_ptr<Voice> open_speech_dispatcher(const Environment& environment, Output& warnings) {
  std::optional<SpeechDispatcherAddress> address = speech_dispatcher_address(environment);
  std::error_code error;
  // No socket, no service: libspeechd and its GLib are not even loaded.
  if (!address ||
      (!address->socket.empty() && !std::filesystem::is_socket(address->socket, error))) {
    return nullptr;
  }
  if (!speechd().library.complete() || ended_pipe[0] >= 0 ||
      ::pipe2(ended_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    return nullptr;
  }
  SPDConnectionAddress where{};
  where.method = address->socket.empty() ? SPD_METHOD_INET_SOCKET : SPD_METHOD_UNIX_SOCKET;
  where.unix_socket_name = address->socket.data();
  where.inet_socket_host = address->host.data();
  where.inet_socket_port = address->port;
  char* why = nullptr;
  // The thread libspeechd starts takes no signal of ours: they all reach
  // the session's clock, on this thread.
  sigset_t all;
  sigset_t before;
  sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &before);
  SPDConnection* connection = speechd().spd_open2("stretch", "session", nullptr, SPD_MODE_THREADED,
                                                  &where, /*autospawn=*/0, &why);
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  std::free(why);  // NOLINT(cppcoreguidelines-no-malloc): libspeechd's, made with malloc
  if (connection == nullptr) {
    ::close(ended_pipe[0]);
    ::close(ended_pipe[1]);
    ended_pipe[0] = ended_pipe[1] = -1;
    return nullptr;
  }
  connection->callback_end = on_message_ended;
  connection->callback_cancel = on_message_ended;
  speechd().spd_set_notification_on(connection, SPD_END);
  speechd().spd_set_notification_on(connection, SPD_CANCEL);
  return std::make_unique<DispatcherVoice>(connection, warnings);
}

}  // namespace stretch
