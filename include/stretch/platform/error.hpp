#pragma once

#include <exception>
#include <stdexcept>
#include <string>

namespace stretch {

// The exit codes listed under EXIT STATUS in docs/stretch.1, from sysexits(3).
enum class ExitCode : int {
  ok = 0,
  usage = 64,
  data = 65,
  no_input = 66,
  unavailable = 69,
  cannot_create = 73,
  io = 74,
  temporary_failure = 75,
  config = 78,
};

// The one error type: thrown anywhere, caught once in main and printed as
// "stretch: error: <what()>", then the process exits with code().
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

// Not an error: the process is to end by a signal once everything is
// restored, so that a calling shell sees what it expects of a program
// interrupted by it (130 for SIGINT; a silent SIGPIPE for `| head`). Thrown
// by commands, caught in main, which alone raises it.
class EndedBySignal : public std::exception {
 public:
  explicit EndedBySignal(int signal_number) : signal_(signal_number) {}
  const char* what() const noexcept override { return "ended by a signal"; }
  int signal() const noexcept { return signal_; }

 private:
  int signal_;
};

}  // namespace stretch
