#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/session/clock.hpp"
#include "stretch/session/sink.hpp"

namespace stretch {

// Runs the user's programs in the hooks directory, each named after the
// event it is for ("session-start"), with the event's JSON line on stdin
// and STRETCH_EVENT=<event> added to the environment. docs/hooks.md is the
// user's guide.
//
// A hook is started with posix_spawn, never through a shell, in a process
// group of its own, and is not waited for: a thread watches it and stops
// the group at the time limit, so no hook delays the timer. Whatever goes
// wrong (no execute bit, a failed start, a bad exit, the time limit) is
// one warning, written from the caller's thread at the next run() or when
// the runner goes. A watcher whose hook has ended is joined at the next
// run(), so that a runner that lives for a year of reminders holds no more
// threads than hooks still running.
class HookRunner {
 public:
  HookRunner(std::filesystem::path dir, ClockTime timeout, const Environment& environment,
             Output& warnings);
  HookRunner(const HookRunner&) = delete;
  HookRunner& operator=(const HookRunner&) = delete;
  // Waits for the hooks still running, each at most until its time limit.
  ~HookRunner();

  void run(std::string_view event, std::string json_line);

 private:
  struct Watcher;
  void watch(pid_t pid, const std::string& name);
  void report(std::string warning);
  void write_reports();
  void reap_watchers();

  std::filesystem::path dir_;
  ClockTime timeout_;
  Environment environment_;
  Output& warnings_;
  std::vector<std::unique_ptr<Watcher>> watchers_;
  std::mutex reports_mutex_;
  std::vector<std::string> reports_;  // from the watchers, for the caller's thread
};

// Runs session-start when a session starts and session-end when it ends.
class HookSink final : public Sink {
 public:
  explicit HookSink(HookRunner& hooks) : hooks_(hooks) {}
  void on_event(const Event& event) override;

 private:
  HookRunner& hooks_;
};

}  // namespace stretch
