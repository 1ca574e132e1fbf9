#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <poll.h>

// How long a test waits for what it expects before calling it a failure.
// Generous, so that a loaded machine or a sanitizer build is slow, not
// wrong; set by the build (STRETCH_TEST_PATIENCE, longer under ASan).
inline constexpr double patience_seconds = STRETCH_TEST_PATIENCE;

// Polls until check holds; false after time_limit_seconds.
template <class Check>
bool eventually(Check check, double time_limit_seconds = patience_seconds) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(time_limit_seconds);
  while (!check()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    ::poll(nullptr, 0, 10);
  }
  return true;
}

// Runs a program to its end with stdin from /dev/null and the given
// environment, collecting what it writes. A program still running after
// time_limit_seconds is killed, so that a hang fails a test instead of
// stalling the suite.
struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
  double seconds = 0;
};

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::string>& environment,
                          double time_limit_seconds = patience_seconds);

// A program on a terminal of its own: a pseudo-terminal whose other side the
// test holds, as a terminal emulator would. With controlling set, the
// terminal is the program's controlling terminal, so closing it sends
// SIGHUP; without, the program only sees its reads end and its writes fail.
class PtyProcess {
 public:
  PtyProcess(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
             bool controlling);
  PtyProcess(const PtyProcess&) = delete;
  PtyProcess& operator=(const PtyProcess&) = delete;
  ~PtyProcess();

  // Reads the screen's bytes until text has been seen; false after
  // time_limit_seconds.
  bool read_until(const std::string& text, double time_limit_seconds = patience_seconds);
  // Closes the terminal, as closing the window does.
  void hang_up();
  // Waits for the end, killing the program after time_limit_seconds.
  ProcessResult wait(double time_limit_seconds = patience_seconds);

 private:
  int master_ = -1;
  int pid_ = -1;
  std::string seen_;
};

// A program left running while the test goes on, such as a bus or a
// service, with stdin from /dev/null and stdout and stderr in a file. Killed
// if it still runs when the test is done with it.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv,
                    const std::vector<std::string>& environment, std::string output_file);
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  ~BackgroundProcess();

  int pid() const { return pid_; }
  std::string output() const;
  // Polls the output until it holds text; false after time_limit_seconds.
  bool wait_for_output(const std::string& text, double time_limit_seconds = patience_seconds) const;
  void signal(int signal_number) const;
  // Waits for the end, killing the program after time_limit_seconds.
  ProcessResult wait(double time_limit_seconds = patience_seconds);

 private:
  int pid_ = -1;
  std::string output_file_;
};
