#include "stretch/sinks/hooks.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/sinks/event_lines.hpp"

namespace stretch {
namespace {

std::string describe(ClockTime duration) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  return millis % 1000 == 0 ? fmt::format("{}s", millis / 1000)
                            : fmt::format("{:.1f}s", static_cast<double>(millis) / 1000.0);
}

}  // namespace

struct HookRunner::Watcher {
  std::atomic<bool> done = false;
  std::thread thread;
};

HookRunner::HookRunner(std::filesystem::path dir, ClockTime timeout, const Environment& environment,
                       Output& warnings)
    : dir_(std::move(dir)), timeout_(timeout), environment_(environment), warnings_(warnings) {}

HookRunner::~HookRunner() {
  for (const std::unique_ptr<Watcher>& watcher : watchers_) {
    watcher->thread.join();
  }
  write_reports();
}

void HookRunner::reap_watchers() {
  std::erase_if(watchers_, [](const std::unique_ptr<Watcher>& watcher) {
    if (!watcher->done) {
      return false;
    }
    watcher->thread.join();
    return true;
  });
}

void HookRunner::report(std::string warning) {
  const std::lock_guard lock(reports_mutex_);
  reports_.push_back(std::move(warning));
}

void HookRunner::write_reports() {
  std::vector<std::string> reports;
  {
    const std::lock_guard lock(reports_mutex_);
    reports.swap(reports_);
  }
  for (const std::string& warning : reports) {
    write_warning(warnings_, warning);
  }
}

void HookRunner::run(std::string_view event, std::string json_line) {
  reap_watchers();
  write_reports();
  const std::filesystem::path program = dir_ / event;
  const std::string name = quote_untrusted(program.string());
  if (::access(program.c_str(), F_OK) != 0) {
    return;  // no hook for this event
  }
  if (::access(program.c_str(), X_OK) != 0 || std::filesystem::is_directory(program)) {
    write_warning(
        warnings_,
        fmt::format(fmt::runtime(tr("hook {} is not executable; `chmod +x` it to run it")), name));
    return;
  }
  // What runs is what the link leads to: that is the file to judge.
  struct stat info {};
  if (::stat(program.c_str(), &info) != 0) {
    return;
  }
  if (const std::optional<std::string> problem = distrust(program, info.st_uid, info.st_mode)) {
    write_warning(warnings_, *problem);
    return;
  }
  int input[2];
  if (::pipe2(input, O_CLOEXEC) != 0) {
    write_warning(warnings_, fmt::format(fmt::runtime(tr("hook {0} not run: {1}")), name,
                                         std::strerror(errno)));
    return;
  }
  Environment environment = environment_;
  environment.set("STRETCH_EVENT", std::string(event));
  // Its own process group, so that the time limit stops whatever it
  // started too, and Ctrl-C at the terminal is stretch's to handle alone.
  const Spawned spawned = spawn({.words = {program.string()},
                                 .input = SpawnRequest::Input::pipe,
                                 .input_fd = input[0],
                                 .quiet = true,
                                 .own_group = true},
                                environment);
  ::close(input[0]);
  if (spawned.pid < 0) {
    ::close(input[1]);
    write_warning(warnings_, fmt::format(fmt::runtime(tr("hook {0} could not start: {1}")), name,
                                         std::strerror(spawned.error)));
    return;
  }
  // One line fits in the pipe's buffer; a hook that does not read it must
  // not block the timer either.
  ::fcntl(input[1], F_SETFL, O_NONBLOCK);
  json_line.resize(std::min(json_line.size(), std::size_t{4096}));
  [[maybe_unused]] const ssize_t written = ::write(input[1], json_line.data(), json_line.size());
  ::close(input[1]);
  // Signals stay with the thread that handles them (the clock's).
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &previous);
  auto watcher = std::make_unique<Watcher>();
  watcher->thread = std::thread([this, done = &watcher->done, pid = spawned.pid, name] {
    watch(pid, name);
    *done = true;
  });
  watchers_.push_back(std::move(watcher));
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

void HookRunner::watch(pid_t pid, const std::string& name) {
  if (!wait_for_exit(pid, timeout_)) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    report(fmt::format(fmt::runtime(tr("hook {0} ran longer than {1} and was stopped")), name,
                       describe(timeout_)));
    return;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    report(fmt::format(fmt::runtime(tr("hook {0} failed with exit status {1}")), name,
                       WEXITSTATUS(status)));
  } else if (WIFSIGNALED(status)) {
    report(
        fmt::format(fmt::runtime(tr("hook {0} was ended by signal {1}")), name, WTERMSIG(status)));
  }
}

void HookSink::on_event(const Event& event) {
  if (std::holds_alternative<SessionStarted>(event.data)) {
    hooks_.run("session-start", format_json_line(event));
  } else if (std::holds_alternative<SessionEnded>(event.data)) {
    hooks_.run("session-end", format_json_line(event));
  }
}

}  // namespace stretch
