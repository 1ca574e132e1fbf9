#include "stretch/session/clock.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/terminal.hpp"

namespace stretch {
namespace {

constexpr std::array<int, 5> watched_signals{SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP};

// The self-pipe: the handler only writes the signal number, which is
// async-signal-safe; the clock reads it in its poll loop.
int signal_pipe[2] = {-1, -1};
std::array<struct sigaction, watched_signals.size()> previous_actions{};

extern "C" void on_signal(int signal_number) {
  const int saved_errno = errno;
  const auto byte = static_cast<unsigned char>(signal_number);
  [[maybe_unused]] const ssize_t written = ::write(signal_pipe[1], &byte, 1);
  errno = saved_errno;
}

constexpr ClockTime early_wake = std::chrono::milliseconds(2);

// Blocks one signal for as long as it lives.
class SignalHold {
 public:
  explicit SignalHold(int signal_number) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal_number);
    ::sigprocmask(SIG_BLOCK, &set, &previous_);
  }
  SignalHold(const SignalHold&) = delete;
  SignalHold& operator=(const SignalHold&) = delete;
  ~SignalHold() { ::sigprocmask(SIG_SETMASK, &previous_, nullptr); }

 private:
  sigset_t previous_{};
};

void throw_io(const char* what) {
  throw Error(ExitCode::io, std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

RealClock::RealClock(KeyboardMode* keyboard)
    : keyboard_(keyboard), keyboard_fd_(keyboard != nullptr ? keyboard->keyboard_fd() : -1) {
  if (::pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw_io(tr("cannot create a pipe"));
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < watched_signals.size(); ++i) {
    ::sigaction(watched_signals[i], &action, &previous_actions[i]);
  }
}

RealClock::~RealClock() {
  for (std::size_t i = 0; i < watched_signals.size(); ++i) {
    ::sigaction(watched_signals[i], &previous_actions[i], nullptr);
  }
  ::close(signal_pipe[0]);
  ::close(signal_pipe[1]);
  signal_pipe[0] = signal_pipe[1] = -1;
}

ClockTime RealClock::now() {
  return std::chrono::duration_cast<ClockTime>(std::chrono::steady_clock::now().time_since_epoch());
}

Wake RealClock::wait_until(std::optional<ClockTime> deadline) {
  while (true) {
    // The keyboard's entry stays, with a negative fd that poll skips, so
    // that the watched descriptors keep their places.
    std::vector<pollfd> fds{{signal_pipe[0], POLLIN, 0}, {keyboard_fd_, POLLIN, 0}};
    for (const int fd : watched_) {
      fds.push_back({fd, POLLIN, 0});
    }
    timespec timeout{};
    timespec* timeout_pointer = nullptr;
    if (deadline) {
      // A long sleep ends a little early and the rest is slept again: waking
      // from a long idle stretch is what makes a timer late, and a short
      // second sleep wakes on time.
      ClockTime left = std::max(ClockTime{0}, *deadline - now());
      if (left > 2 * early_wake) {
        left -= early_wake;
      }
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
      timeout.tv_sec = static_cast<time_t>(seconds.count());
      timeout.tv_nsec = static_cast<long>((left - seconds).count());
      timeout_pointer = &timeout;
    }
    const int ready = ::ppoll(fds.data(), fds.size(), timeout_pointer, nullptr);
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_io(tr("cannot wait for input"));
    }
    if (fds[0].revents & POLLIN) {
      unsigned char signal_number = 0;
      if (::read(signal_pipe[0], &signal_number, 1) == 1) {
        if (signal_number == SIGWINCH) {
          return {Wake::Kind::resize, 0, 0};
        }
        if (signal_number == SIGTSTP) {
          return {Wake::Kind::suspend, 0, 0};
        }
        return {Wake::Kind::signal, 0, signal_number};
      }
    }
    if (keyboard_fd_ >= 0 && fds[1].revents != 0) {
      char key = 0;
      const ssize_t got = ::read(keyboard_fd_, &key, 1);
      if (got == 1) {
        return {Wake::Kind::key, key, 0};
      }
      if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        // A terminal that closed is a hang-up, whether or not SIGHUP comes;
        // a keyboard that only ran dry leaves the timer running without keys.
        keyboard_fd_ = -1;
        if (keyboard_ != nullptr && keyboard_->hung_up()) {
          return {Wake::Kind::signal, 0, SIGHUP};
        }
      }
    }
    for (std::size_t i = 2; i < fds.size(); ++i) {
      if (fds[i].revents != 0) {
        return {Wake::Kind::ready, 0, 0, fds[i].fd};
      }
    }
    if (deadline && now() >= *deadline) {
      return {Wake::Kind::deadline, 0, 0};
    }
  }
}

void RealClock::suspend_process(const std::function<void()>& leave_terminal) {
  {
    // Ctrl-Z stops the whole job. Under make or a script, the shell may
    // already have taken the terminal back from the job by now, and touching
    // the terminal from the background would stop us by SIGTTOU: the user's
    // fg would then be spent on that stop and we would stop again below,
    // with nobody left to continue us. So SIGTTOU is held while the screen
    // is put back, and the keyboard's modes are restored only while we still
    // own the terminal; otherwise the shell has already set its own.
    const SignalHold hold_ttou(SIGTTOU);
    leave_terminal();
    if (keyboard_ != nullptr && keyboard_->in_foreground()) {
      keyboard_->restore();
    }
  }
  // Stop the way the default action would, then take the signal back once
  // continued.
  struct sigaction ours {};
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  ::sigaction(SIGTSTP, &default_action, &ours);
  ::raise(SIGTSTP);
  ::sigaction(SIGTSTP, &ours, nullptr);
  // Continued by fg, the terminal is ours. Continued by bg, it is not, and
  // taking it stops us by SIGTTOU until fg, as a terminal program should.
  if (keyboard_ != nullptr) {
    keyboard_->apply();
  }
}

VirtualClock::VirtualClock(std::vector<ScriptedWake> script) : script_(std::move(script)) {
  std::stable_sort(script_.begin(), script_.end(),
                   [](const ScriptedWake& a, const ScriptedWake& b) { return a.at < b.at; });
}

Wake VirtualClock::wait_until(std::optional<ClockTime> deadline) {
  if (next_ < script_.size() && (!deadline || script_[next_].at <= *deadline)) {
    now_ = std::max(now_, script_[next_].at);
    return script_[next_++].wake;
  }
  if (!deadline) {
    throw std::logic_error("virtual clock: waiting for input that no script provides");
  }
  now_ = std::max(now_, *deadline);
  return {Wake::Kind::deadline, 0, 0};
}

}  // namespace stretch
