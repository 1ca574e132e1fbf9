#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "stretch/platform/output.hpp"
#include "stretch/remind/remind.hpp"

namespace stretch {

// The files of the one running reminder, in the runtime directory.
struct ReminderFiles {
  std::filesystem::path lock;    // held by the running reminder, with its pid
  std::filesystem::path socket;  // where it takes commands
  std::filesystem::path state;   // its status, for `stretch status`

  static ReminderFiles in(const std::filesystem::path& dir);
};

// One reminder per user: an exclusive lock held for the process's life,
// which the kernel lets go however the process ends, so that a killed
// reminder never blocks the next one. Nothing else in the process may open
// the lock file: closing any descriptor of it would let the lock go.
class ReminderLock {
 public:
  // Throws Error(75) naming the pid of the reminder that holds it.
  explicit ReminderLock(const ReminderFiles& files);
  ReminderLock(const ReminderLock&) = delete;
  ReminderLock& operator=(const ReminderLock&) = delete;
  ~ReminderLock();

 private:
  UniqueFd fd_;
};

// Whether a reminder holds the lock now; never waits.
bool reminder_running(const ReminderFiles& files);

// The control socket's request and answer, one line each:
// "pause-until 1795003600" and the status as JSON.
std::string format_command(const ReminderCommand& command);
std::optional<ReminderCommand> parse_command(std::string_view line);
// {"state":"waiting","next":1795002700,"paused_until":null,"every":2700}
std::string format_reminder_status(const ReminderStatus& status, std::int64_t every);
struct StatusRecord {
  ReminderStatus status;
  std::int64_t every = 0;
};
std::optional<StatusRecord> parse_reminder_status(std::string_view text);

// Listens on the control socket; the reminder holding the lock may replace
// whatever socket file a killed one left. Each connection brings one
// command and takes one answer.
class ControlServer final : public CommandSource {
 public:
  ControlServer(const ReminderFiles& files, std::int64_t every);
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;
  ~ControlServer() override;
  int fd() const override { return listening_.get(); }
  void ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) override;

 private:
  std::filesystem::path path_;
  UniqueFd listening_;
  std::int64_t every_;
};

// Sends a command to the running reminder and returns its answer; nothing
// when no reminder listens. Throws Error(69) when one listens but does not
// answer in time.
std::optional<StatusRecord> send_command(const ReminderFiles& files,
                                         const ReminderCommand& command);

}  // namespace stretch
