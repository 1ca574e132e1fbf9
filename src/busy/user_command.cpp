#include <cerrno>
#include <csignal>
#include <cstring>

#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/busy/sources.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

// Without a pidfd (an old kernel) the timer ticks this often, to look.
constexpr long tick_nanoseconds = 20'000'000;

void watch(int events, int fd) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  ::epoll_ctl(events, EPOLL_CTL_ADD, fd, &event);
}

}  // namespace

BusyCommandSource::BusyCommandSource(std::vector<std::string> words, ClockTime timeout,
                                     Environment environment, Output& warnings)
    : words_(std::move(words)),
      timeout_(timeout),
      environment_(std::move(environment)),
      warnings_(warnings),
      timer_(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK)),
      events_(::epoll_create1(EPOLL_CLOEXEC)) {
  watch(events_.get(), timer_.get());
}

BusyCommandSource::~BusyCommandSource() {
  if (running_ > 0) {
    ::kill(-running_, SIGKILL);
    while (::waitpid(running_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  stop_watching();
}

void BusyCommandSource::start() {
  // Its own process group, so that the time limit stops whatever it
  // started too.
  const Spawned spawned =
      spawn({.words = words_, .input = SpawnRequest::Input::null, .quiet = true, .own_group = true},
            environment_);
  if (spawned.pid < 0) {
    // Said once: a program that cannot start fails the same way each time.
    if (!warned_) {
      warned_ = true;
      write_warning(warnings_,
                    fmt::format(fmt::runtime(tr("busy command {0} could not start: {1}")),
                                quote_untrusted(words_.front()), std::strerror(spawned.error)));
    }
    return;
  }
  running_ = spawned.pid;
  deadline_ = std::chrono::steady_clock::now() + timeout_;
  process_ = open_pidfd(running_);
  itimerspec when{};
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout_);
  when.it_value.tv_sec = seconds.count();
  when.it_value.tv_nsec = std::max<long>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(timeout_ - seconds).count(), 1);
  if (process_ >= 0) {
    watch(events_.get(), process_);
  } else {
    when.it_value = {0, tick_nanoseconds};
    when.it_interval = {0, tick_nanoseconds};
  }
  ::timerfd_settime(timer_.get(), 0, &when, nullptr);
}

void BusyCommandSource::stop_watching() {
  if (process_ >= 0) {
    ::close(process_);  // which takes it out of the epoll set too
    process_ = -1;
  }
  const itimerspec disarmed{};
  ::timerfd_settime(timer_.get(), 0, &disarmed, nullptr);
  std::uint64_t expirations = 0;
  [[maybe_unused]] const ssize_t drained = ::read(timer_.get(), &expirations, sizeof expirations);
}

Busy BusyCommandSource::check(std::int64_t /*now*/) {
  Busy busy;
  if (words_.empty()) {
    return busy;
  }
  if (running_ < 0) {
    start();
    busy.pending = running_ > 0;
    return busy;
  }
  int status = 0;
  pid_t ended = 0;
  while ((ended = ::waitpid(running_, &status, WNOHANG)) < 0 && errno == EINTR) {
  }
  if (ended == 0 && std::chrono::steady_clock::now() < deadline_) {
    std::uint64_t expirations = 0;
    [[maybe_unused]] const ssize_t drained = ::read(timer_.get(), &expirations, sizeof expirations);
    busy.pending = true;
    return busy;
  }
  if (ended == 0) {
    ::kill(-running_, SIGKILL);
    while (::waitpid(running_, nullptr, 0) < 0 && errno == EINTR) {
    }
    write_warning(warnings_,
                  fmt::format(fmt::runtime(tr("busy command {} ran past the hooks' time limit and "
                                              "was stopped; it counts as not busy")),
                              quote_untrusted(words_.front())));
  } else if (ended == running_ && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    busy.add(BusyKind::command);
  }
  running_ = -1;
  stop_watching();
  return busy;
}

}  // namespace stretch
