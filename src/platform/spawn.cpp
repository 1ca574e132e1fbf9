#include "stretch/platform/spawn.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"

namespace stretch {
namespace {

// Where the program is. posix_spawnp would search the PATH of this
// process, which tests and the reminder's children must not depend on;
// the search follows the given environment's, as execvp does, with its
// default when PATH is not set.
std::optional<std::string> program_file(const std::string& program,
                                        const Environment& environment) {
  if (program.find('/') != std::string::npos) {
    return program;
  }
  for (const std::filesystem::path& dir :
       split_path_list(environment.get("PATH").value_or("/bin:/usr/bin"))) {
    const std::filesystem::path candidate = dir / program;
    std::error_code error;
    if (::access(candidate.c_str(), X_OK) == 0 &&
        !std::filesystem::is_directory(candidate, error)) {
      return candidate.string();
    }
  }
  return std::nullopt;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (std::string& text : strings) {
    pointers.push_back(text.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

Spawned spawn(SpawnRequest request, const Environment& environment) {
  const std::optional<std::string> program = program_file(request.words.front(), environment);
  if (!program) {
    return {-1, ENOENT};
  }
  std::vector<char*> argv = pointers_to(request.words);
  std::vector<std::string> variables = environment.entries();
  std::vector<char*> envp = pointers_to(variables);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (request.input == SpawnRequest::Input::null) {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  } else if (request.input == SpawnRequest::Input::pipe) {
    posix_spawn_file_actions_adddup2(&actions, request.input_fd, 0);
  }
  if (request.output_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, request.output_fd, 1);
  } else if (request.quiet) {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  }
  if (request.quiet) {
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int signal_number : {SIGPIPE, SIGINT, SIGQUIT, SIGTSTP}) {
    sigaddset(&defaults, signal_number);
  }
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  short flags = POSIX_SPAWN_SETSIGDEF;
  if (request.own_group) {
    posix_spawnattr_setpgroup(&attributes, 0);
    flags |= POSIX_SPAWN_SETPGROUP;
  }
  posix_spawnattr_setflags(&attributes, flags);

  Spawned spawned;
  spawned.error = ::posix_spawn(&spawned.pid, program->c_str(), &actions, &attributes, argv.data(),
                                envp.data());
  if (spawned.error != 0) {
    spawned.pid = -1;
  }
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return spawned;
}

Spawned run_in_foreground(SpawnRequest request, const Environment& environment) {
  constexpr std::array<int, 3> job_signals{SIGINT, SIGQUIT, SIGTSTP};
  std::array<struct sigaction, job_signals.size()> previous{};
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  for (std::size_t i = 0; i < job_signals.size(); ++i) {
    ::sigaction(job_signals[i], &ignore, &previous[i]);
  }
  const Spawned spawned = spawn(std::move(request), environment);
  while (spawned.pid > 0) {
    int status = 0;
    const pid_t changed = ::waitpid(spawned.pid, &status, WUNTRACED);
    if (changed < 0 && errno == EINTR) {
      continue;
    }
    if (changed != spawned.pid || !WIFSTOPPED(status)) {
      break;
    }
    // SIGCONT from the shell's `fg` goes to the whole process group.
    ::raise(SIGSTOP);
  }
  for (std::size_t i = 0; i < job_signals.size(); ++i) {
    ::sigaction(job_signals[i], &previous[i], nullptr);
  }
  return spawned;
}

int open_pidfd(pid_t pid) {
  // glibc 2.36's <sys/pidfd.h> cannot be used from C++ (its declarations
  // lack C linkage); the system call is the same, and its descriptor is
  // close-on-exec.
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

bool wait_for_exit(pid_t pid, ClockTime timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const int pidfd = open_pidfd(pid);
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    if (pidfd >= 0) {
      pollfd watched{pidfd, POLLIN, 0};
      const int ready = ::poll(&watched, 1, static_cast<int>(left.count()));
      if (ready > 0) {
        ::close(pidfd);
        return true;
      }
      if (ready < 0 && errno != EINTR) {
        break;
      }
      continue;
    }
    if (::waitpid(pid, nullptr, WNOHANG | WNOWAIT) == pid) {
      return true;
    }
    ::usleep(20'000);
  }
  if (pidfd >= 0) {
    ::close(pidfd);
  }
  return false;
}

std::vector<std::string> split_command(std::string_view command, std::string_view source) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (const char c : command) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) {
        words.push_back(std::move(word));
        word.clear();
        in_word = false;
      }
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    // TRANSLATORS: {0} is an option or a setting, such as --say-cmd; {1} a quote mark.
    throw Error(ExitCode::usage,
                fmt::format(fmt::runtime(tr("{0}: unbalanced {1} quote")), source, quote));
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  if (words.empty()) {
    // TRANSLATORS: {0} is an option or a setting, such as --say-cmd.
    throw Error(ExitCode::usage, fmt::format(fmt::runtime(tr("{0}: no program given")), source));
  }
  return words;
}

}  // namespace stretch
