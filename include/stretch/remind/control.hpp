#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/output.hpp"
#include "stretch/remind/remind.hpp"

namespace stretch {

// The files of the one running reminder, in the runtime directory, which
// is the user's alone.
struct ReminderFiles {
  std::shared_ptr<const PrivateDir> dir;

  // Held by the running reminder, with its pid.
  static constexpr const char* lock = "remind.lock";
  // Where it takes commands.
  std::filesystem::path socket() const { return dir->path() / "remind.sock"; }
  // Its status, for `stretch status`.
  FilePlace state() const { return {dir, "remind.json"}; }
};

// One reminder per user: an exclusive lock held for the process's life,
// which the kernel lets go however the process ends, so that a killed
// reminder never blocks the next one. Nothing else in the process may open
// the lock file: closing any descriptor of it would let the lock go.
class ReminderLock {
 public:
  // Writes pid, this process, into the file for people who look. Throws
  // Error(75) naming the pid of the reminder that holds it.
  ReminderLock(const ReminderFiles& files, pid_t pid);
  ReminderLock(const ReminderLock&) = delete;
  ReminderLock& operator=(const ReminderLock&) = delete;
  ~ReminderLock();

 private:
  UniqueFd fd_;
};

// Whether a reminder holds the lock now; never waits. False without a
// directory.
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

// How long a client of the control socket has to send its command, from
// its connection: one deadline for the whole request, however it trickles.
constexpr std::chrono::milliseconds control_request_deadline{2000};
// Clients waited on at once; a new one beyond that ends the oldest.
constexpr std::size_t control_clients = 16;

// Listens on the control socket; the reminder holding the lock may replace
// whatever socket file a killed one left. Each connection, from a process
// of the same user only, brings one command and takes one answer. Clients
// are read as their bytes come, all at once and never waited on, so that
// one that says nothing holds up neither the others nor the reminder.
class ControlServer final : public CommandSource {
 public:
  ControlServer(const ReminderFiles& files, std::int64_t every);
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;
  ~ControlServer() override;
  // Ready when a client connects, sends, or runs out of time.
  int fd() const override { return events_.get(); }
  void ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) override;

 private:
  struct Client;
  void accept_clients();
  void arm_timer();

  ReminderFiles files_;
  UniqueFd listening_;
  UniqueFd events_;  // epoll over the listening socket, the clients and timer_
  UniqueFd timer_;   // at the earliest client's deadline
  std::int64_t every_;
  std::vector<std::unique_ptr<Client>> clients_;
};

// Sends a command to the running reminder and returns its answer; nothing
// when no reminder listens. Throws Error(69) when one listens but does not
// answer in time.
std::optional<StatusRecord> send_command(const ReminderFiles& files,
                                         const ReminderCommand& command);

}  // namespace stretch
