#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/environment.hpp"
#include "stretch/remind/remind.hpp"

struct sd_bus;
struct sd_bus_slot;

namespace stretch {

// Desktop notifications over the session bus, by the freedesktop
// notification spec, with the actions Start, Snooze and Skip, whose
// answers come back as reminder commands.
class Notifier final : public CommandSource {
 public:
  // Connects to the bus at address; nothing when there is none.
  static std::unique_ptr<Notifier> connect(const std::string& address);
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;
  ~Notifier() override;

  // Shows a notification in place of the one before; false when no
  // notification server answers.
  bool show(std::string_view summary, std::string_view body);
  // Takes the one shown away, as when it was answered elsewhere.
  void withdraw();
  // Whether a notification server answers now, asked without showing
  // anything (GetServerInformation).
  bool server_answers();

  int fd() const override;
  void ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) override;
  void before_wait(const std::function<ReminderStatus(const ReminderCommand&)>& run) override;
  // An ActionInvoked signal: a button pressed on a notification, sent by
  // the bus connection named sender.
  void heard(std::uint32_t id, std::string_view action, std::string_view sender);

 private:
  explicit Notifier(sd_bus* bus);

  sd_bus* bus_;
  sd_bus_slot* match_ = nullptr;
  bool lost_ = false;
  std::uint32_t shown_ = 0;  // the id of the notification on screen, or 0
  std::string server_;       // the unique bus name of the server that showed it
  std::vector<ReminderCommand> heard_;
};

// The session bus's address: DBUS_SESSION_BUS_ADDRESS, else the socket
// that systemd's user manager keeps in the runtime directory.
std::optional<std::string> session_bus_address(const Environment& environment);

}  // namespace stretch
