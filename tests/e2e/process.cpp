#include "process.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "../read_file.hpp"

namespace {

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const std::string& s : strings) {
    pointers.push_back(const_cast<char*>(s.c_str()));
  }
  pointers.push_back(nullptr);
  return pointers;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

ProcessResult result_of(int status) {
  ProcessResult result;
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::string>& environment, double time_limit_seconds) {
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  std::vector<char*> args = c_strings(argv);
  std::vector<char*> env = c_strings(environment);
  const int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    throw std::runtime_error("cannot start " + argv[0]);
  }

  ProcessResult result;
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  int open_pipes = 2;
  bool killed = false;
  while (open_pipes > 0) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!killed && elapsed > time_limit_seconds) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) {
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      char buffer[4096];
      const ssize_t count = ::read(fds[i].fd, buffer, sizeof buffer);
      if (count > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(count));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  const ProcessResult ended = result_of(status);
  result.exit_code = ended.exit_code;
  result.signal = ended.signal;
  result.seconds = seconds_since(start);
  return result;
}

PtyProcess::PtyProcess(const std::vector<std::string>& argv,
                       const std::vector<std::string>& environment, bool controlling) {
  master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) {
    throw std::runtime_error("cannot open a pseudo-terminal");
  }
  const winsize size{24, 80, 0, 0};
  ::ioctl(master_, TIOCSWINSZ, &size);
  const std::string terminal = ::ptsname(master_);
  // In a session of its own, the first terminal the program opens without
  // O_NOCTTY becomes its controlling terminal.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, terminal.c_str(),
                                   O_RDWR | (controlling ? 0 : O_NOCTTY), 0);
  posix_spawn_file_actions_adddup2(&actions, 0, 1);
  posix_spawn_file_actions_adddup2(&actions, 0, 2);
  std::vector<char*> args = c_strings(argv);
  std::vector<char*> env = c_strings(environment);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args[0], &actions, &attributes, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    throw std::runtime_error("cannot start " + argv[0]);
  }
  pid_ = pid;
}

PtyProcess::~PtyProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  hang_up();
}

bool PtyProcess::read_until(const std::string& text, double time_limit_seconds) {
  const auto start = std::chrono::steady_clock::now();
  while (seen_.find(text) == std::string::npos) {
    if (master_ < 0 || seconds_since(start) > time_limit_seconds) {
      return false;
    }
    pollfd fd{master_, POLLIN, 0};
    if (::poll(&fd, 1, 100) <= 0) {
      continue;
    }
    char buffer[4096];
    const ssize_t count = ::read(master_, buffer, sizeof buffer);
    if (count <= 0) {
      return false;
    }
    seen_.append(buffer, static_cast<std::size_t>(count));
  }
  return true;
}

void PtyProcess::hang_up() {
  if (master_ >= 0) {
    ::close(master_);
    master_ = -1;
  }
}

namespace {

// The process's wait status once it ends, or once it is killed for going
// past the time limit.
int wait_at_most(pid_t pid, double time_limit_seconds) {
  int status = 0;
  if (!eventually([&] { return ::waitpid(pid, &status, WNOHANG) != 0; }, time_limit_seconds)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  return status;
}

}  // namespace

ProcessResult PtyProcess::wait(double time_limit_seconds) {
  const auto start = std::chrono::steady_clock::now();
  const int status = wait_at_most(pid_, time_limit_seconds);
  pid_ = -1;
  ProcessResult result = result_of(status);
  result.out = seen_;
  result.seconds = seconds_since(start);
  return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::vector<std::string>& environment,
                                     std::string output_file)
    : output_file_(std::move(output_file)) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, output_file_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args = c_strings(argv);
  std::vector<char*> env = c_strings(environment);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw std::runtime_error("cannot start " + argv[0]);
  }
  pid_ = pid;
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string BackgroundProcess::output() const {
  return read_file(output_file_);
}

bool BackgroundProcess::wait_for_output(const std::string& text, double time_limit_seconds) const {
  return eventually([&] { return output().find(text) != std::string::npos; }, time_limit_seconds);
}

void BackgroundProcess::signal(int signal_number) const {
  if (pid_ > 0) {
    ::kill(pid_, signal_number);
  }
}

ProcessResult BackgroundProcess::wait(double time_limit_seconds) {
  const auto start = std::chrono::steady_clock::now();
  const int status = wait_at_most(pid_, time_limit_seconds);
  pid_ = -1;
  ProcessResult result = result_of(status);
  result.out = output();
  result.seconds = seconds_since(start);
  return result;
}
