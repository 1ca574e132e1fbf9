#pragma once

#include <string>
#include <vector>

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
                          double time_limit_seconds = 30);
