#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "stretch/platform/time.hpp"

namespace stretch {

// Why a wait ended.
struct Wake {
  enum class Kind {
    deadline,  // the deadline passed
    key,       // a key was pressed: see key
    signal,    // SIGINT, SIGTERM or SIGHUP arrived, or the keyboard hung up
               // (SIGHUP): see signal
    resize,    // the terminal changed size (SIGWINCH)
    suspend,   // Ctrl-Z (SIGTSTP): the user wants the process stopped
    ready,     // a watched file descriptor can be read: see fd
  };
  Kind kind = Kind::deadline;
  char key = 0;
  int signal = 0;
  int fd = -1;
};

class KeyboardMode;

// The session's only source of time, input and signals, so that the same
// session code runs in real time and, on a virtual clock, instantly.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual ClockTime now() = 0;
  // Sleeps until the deadline (none: until input), a key or a signal.
  virtual Wake wait_until(std::optional<ClockTime> deadline) = 0;
  // Stops the process as Ctrl-Z asked, once leave_terminal has put the
  // screen back and the keyboard is the shell's again; returns once the
  // process is continued (fg).
  virtual void suspend_process(const std::function<void()>& leave_terminal) { leave_terminal(); }
  // From now on also wakes when one of fds can be read (or has hung up): a
  // socket, a bus. Replaces the ones watched before.
  virtual void watch(const std::vector<int>& fds) { (void)fds; }
};

// The steady clock. Waits in one ppoll() on the keyboard and on a
// self-pipe fed by the signal handlers, with the time left to the deadline
// as its timeout: no busy loop, no thread, no drift.
class RealClock final : public Clock {
 public:
  // keyboard: the terminal to read keys from, or nullptr. Installs handlers
  // for SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGTSTP until destroyed; only
  // one RealClock may exist at a time.
  explicit RealClock(KeyboardMode* keyboard);
  RealClock(const RealClock&) = delete;
  RealClock& operator=(const RealClock&) = delete;
  ~RealClock() override;

  ClockTime now() override;
  Wake wait_until(std::optional<ClockTime> deadline) override;
  void suspend_process(const std::function<void()>& leave_terminal) override;
  void watch(const std::vector<int>& fds) override { watched_ = fds; }

 private:
  KeyboardMode* keyboard_;
  int keyboard_fd_;
  std::vector<int> watched_;
};

// Time that passes only when waited on: a wait returns at once with the
// clock at its deadline, or at the next scripted input if that comes first.
// Used by --dry-run and by tests, which script key presses and signals.
class VirtualClock final : public Clock {
 public:
  struct ScriptedWake {
    ClockTime at;
    Wake wake;
  };

  explicit VirtualClock(std::vector<ScriptedWake> script = {});

  ClockTime now() override { return now_; }
  Wake wait_until(std::optional<ClockTime> deadline) override;

 private:
  ClockTime now_{0};
  std::vector<ScriptedWake> script_;  // in time order
  std::size_t next_ = 0;
};

}  // namespace stretch
