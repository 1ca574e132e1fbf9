#include "stretch/remind/notify.hpp"
#include "stretch/platform/i18n.hpp"

#include <cstring>

#include "stretch/platform/sd_bus.hpp"

namespace stretch {
namespace {

constexpr const char* service = "org.freedesktop.Notifications";
constexpr const char* object = "/org/freedesktop/Notifications";
constexpr const char* interface = "org.freedesktop.Notifications";
// A notification server answers at once, or is not there.
constexpr std::uint64_t call_timeout_usec = 2'000'000;

class ErrorHolder {
 public:
  ErrorHolder() = default;
  ErrorHolder(const ErrorHolder&) = delete;
  ErrorHolder& operator=(const ErrorHolder&) = delete;
  ~ErrorHolder() { bus_library().sd_bus_error_free(&error_); }
  sd_bus_error* get() { return &error_; }

 private:
  sd_bus_error error_{nullptr, nullptr, 0};  // SD_BUS_ERROR_NULL, which is C
};

class MessageHolder {
 public:
  MessageHolder() = default;
  MessageHolder(const MessageHolder&) = delete;
  MessageHolder& operator=(const MessageHolder&) = delete;
  ~MessageHolder() { bus_library().sd_bus_message_unref(message_); }
  sd_bus_message** out() { return &message_; }
  sd_bus_message* get() { return message_; }

 private:
  sd_bus_message* message_ = nullptr;
};

// The unique name ("":1.42") of the connection that sent message.
std::string sender_of(sd_bus_message* message) {
  const char* sender = bus_library().sd_bus_message_get_sender(message);
  return sender != nullptr ? sender : "";
}

int on_action(sd_bus_message* message, void* notifier, sd_bus_error* /*error*/) {
  std::uint32_t id = 0;
  const char* action = nullptr;
  if (bus_library().sd_bus_message_read(message, "us", &id, &action) >= 0) {
    static_cast<Notifier*>(notifier)->heard(id, action, sender_of(message));
  }
  return 0;
}

}  // namespace

std::optional<std::string> session_bus_address(const Environment& environment) {
  if (const auto address = environment.non_empty("DBUS_SESSION_BUS_ADDRESS")) {
    return std::string(*address);
  }
  if (const auto runtime = environment.non_empty("XDG_RUNTIME_DIR");
      runtime && runtime->starts_with('/')) {
    return "unix:path=" + std::string(*runtime) + "/bus";
  }
  return std::nullopt;
}

std::unique_ptr<Notifier> Notifier::connect(const std::string& address) {
  BusPointer bus = connect_bus(address, call_timeout_usec);
  if (!bus) {
    return nullptr;
  }
  std::unique_ptr<Notifier> notifier(new Notifier(bus.release()));
  if (bus_library().sd_bus_match_signal(notifier->bus_, &notifier->match_, nullptr, object,
                                        interface, "ActionInvoked", on_action,
                                        notifier.get()) < 0) {
    return nullptr;
  }
  return notifier;
}

Notifier::Notifier(sd_bus* bus) : bus_(bus) {}

Notifier::~Notifier() {
  bus_library().sd_bus_slot_unref(match_);
  bus_library().sd_bus_flush_close_unref(bus_);
}

void Notifier::heard(std::uint32_t id, std::string_view action, std::string_view sender) {
  // Any program on the bus may send the signal; only the server that
  // showed the notification speaks for its buttons.
  if (id != shown_ || id == 0 || sender != server_) {
    return;
  }
  using Kind = ReminderCommand::Kind;
  if (action == "start") {
    heard_.push_back({Kind::start});
  } else if (action == "snooze") {
    heard_.push_back({Kind::snooze});
  } else if (action == "skip") {
    heard_.push_back({Kind::skip});
  }
}

bool Notifier::show(std::string_view summary, std::string_view body) {
  if (lost_) {
    return false;
  }
  ErrorHolder error;
  MessageHolder reply;
  const std::string summary_text(summary);
  const std::string body_text(body);
  // TRANSLATORS: the buttons of a reminder's notification: keep them short.
  const char* start_label = tr("Start");
  // TRANSLATORS: a notification button: put the reminder off for a while.
  const char* snooze_label = tr("Snooze");
  // TRANSLATORS: a notification button: skip this reminder.
  const char* skip_label = tr("Skip");
  const int result = bus_library().sd_bus_call_method(
      bus_, service, object, interface, "Notify", error.get(), reply.out(), "susssasa{sv}i",
      "stretch", shown_, "", summary_text.c_str(), body_text.c_str(), 6, "start", start_label,
      "snooze", snooze_label, "skip", skip_label, 0, 0);
  std::uint32_t id = 0;
  if (result < 0 || bus_library().sd_bus_message_read(reply.get(), "u", &id) < 0) {
    shown_ = 0;
    return false;
  }
  shown_ = id;
  // The reply comes from the unique name that owns the service now.
  server_ = sender_of(reply.get());
  return true;
}

void Notifier::withdraw() {
  if (shown_ == 0) {
    return;
  }
  ErrorHolder error;
  bus_library().sd_bus_call_method(bus_, service, object, interface, "CloseNotification",
                                   error.get(), nullptr, "u", shown_);
  shown_ = 0;
}

bool Notifier::server_answers() {
  if (lost_) {
    return false;
  }
  ErrorHolder error;
  MessageHolder reply;
  return bus_library().sd_bus_call_method(bus_, service, object, interface, "GetServerInformation",
                                          error.get(), reply.out(), "") >= 0;
}

int Notifier::fd() const {
  return lost_ ? -1 : bus_library().sd_bus_get_fd(bus_);
}

void Notifier::ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) {
  before_wait(run);
}

void Notifier::before_wait(const std::function<ReminderStatus(const ReminderCommand&)>& run) {
  // Messages that came in during a call wait in sd-bus's queue, where no
  // poll sees them: process until it is empty.
  int processed = 0;
  while ((processed = bus_library().sd_bus_process(bus_, nullptr)) > 0) {
  }
  if (processed < 0) {
    // The bus went away: no more notifications, and no fd to poll.
    lost_ = true;
  }
  std::vector<ReminderCommand> heard;
  heard.swap(heard_);
  for (const ReminderCommand& command : heard) {
    shown_ = 0;  // answered: the server has closed it
    run(command);
  }
}

}  // namespace stretch
