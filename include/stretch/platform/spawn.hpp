#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/time.hpp"

namespace stretch {

// How stretch starts another program (speech, a hook, a terminal): with
// posix_spawn, never through a shell, and never waiting for it. The
// program gets SIGPIPE, SIGINT, SIGQUIT and SIGTSTP back at their
// defaults, whatever stretch does with them.
struct SpawnRequest {
  // The program (looked up on the PATH of the environment it is given
  // unless it holds a '/'), then its arguments.
  std::vector<std::string> words;
  enum class Input { shared, null, pipe } input = Input::shared;
  int input_fd = -1;       // for Input::pipe: what the program reads as stdin
  int output_fd = -1;      // stdout to this descriptor instead, for what it answers
  bool quiet = false;      // stdout (unless output_fd) and stderr to /dev/null
  bool own_group = false;  // a process group of its own, to be signalled whole
};

struct Spawned {
  pid_t pid = -1;
  int error = 0;  // errno-style, when pid is -1
};

// The program runs with exactly that environment: the Context's, never
// the process's own.
Spawned spawn(SpawnRequest request, const Environment& environment);

// Starts a program and waits for its end, as a shell runs a job in the
// terminal's foreground: Ctrl-C and Ctrl-\ are for it alone, and when
// Ctrl-Z stops it this process stops too, so that the shell takes the
// terminal back; `fg` continues both.
Spawned run_in_foreground(SpawnRequest request, const Environment& environment);

// A descriptor that becomes readable when the child ends (a pidfd), for a
// poll; -1 on a kernel without them (before Linux 5.3).
int open_pidfd(pid_t pid);

// Waits until the child ends or the time limit passes; false at the limit.
// The child is left to be reaped. A pidfd makes it one poll; without one
// (an old kernel), it looks every 20 ms.
bool wait_for_exit(pid_t pid, ClockTime timeout);

// "espeak-ng -s 150" as a program and its arguments, split at spaces, with
// '...' and "..." quoting. Throws a usage error that names source, the
// option or setting the command came from, on an unbalanced quote or when
// there is no program.
std::vector<std::string> split_command(std::string_view command, std::string_view source);

}  // namespace stretch
