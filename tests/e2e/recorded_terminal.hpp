#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "process.hpp"

// A program on a real pseudo-terminal under `script`, which records every
// byte the program writes to it, as a terminal emulator would receive
// them, and feeds it what the test types, through a FIFO, as keys. A tmux
// client on it is a user's attached client; the reminder on it is a
// reminder in the user's terminal.
class RecordedTerminal {
 public:
  // command is run by the shell script starts, on a terminal of columns x
  // rows, with the environment given.
  RecordedTerminal(const std::filesystem::path& dir, const std::string& name,
                   const std::vector<std::string>& environment, const std::string& command,
                   int columns = 120, int rows = 40);
  RecordedTerminal(const RecordedTerminal&) = delete;
  RecordedTerminal& operator=(const RecordedTerminal&) = delete;
  ~RecordedTerminal();

  // Everything written to the terminal so far.
  std::string recorded() const;
  // Whether text is among what was written after the first from bytes;
  // waits for it up to the patience.
  bool shows(const std::string& text, std::size_t from = 0) const;
  // Types keys, as bytes from the keyboard.
  void type(std::string_view keys) const;
  // Waits for the program to end.
  ProcessResult wait();

 private:
  std::filesystem::path log_;
  std::filesystem::path fifo_;
  int keyboard_ = -1;
  std::unique_ptr<BackgroundProcess> script_;
};

// A tmux server of a test's own on a socket given, reading config (a
// tmux.conf's text), its first window running command, in the environment
// given; killed at the end.
class TmuxForTest {
 public:
  TmuxForTest(const std::filesystem::path& dir, std::filesystem::path socket,
              std::vector<std::string> environment, const std::string& config,
              const std::string& command);
  TmuxForTest(const TmuxForTest&) = delete;
  TmuxForTest& operator=(const TmuxForTest&) = delete;
  ~TmuxForTest();

  bool started() const { return started_; }
  const std::filesystem::path& socket() const { return socket_; }
  // `tmux -S SOCKET ARGS...`.
  ProcessResult tmux(std::vector<std::string> args) const;
  // A client attached through a real terminal of its own, whose TERM is
  // term.
  std::unique_ptr<RecordedTerminal> attach(const std::string& name, const std::string& term,
                                           int columns = 120, int rows = 40) const;
  // The text of a window's pane: "main:0".
  std::string pane_text(const std::string& target) const;

 private:
  std::filesystem::path dir_;
  std::filesystem::path socket_;
  std::vector<std::string> environment_;
  bool started_ = false;
};

// Whether tmux and script are there to test with.
bool has_tmux_and_script();

// The environment with NAME set to value, in place of any it had.
std::vector<std::string> with_variable(std::vector<std::string> environment,
                                       const std::string& name, const std::string& value);

// text in single quotes for a shell.
std::string shell_quoted(const std::string& text);
