// A stand-in for a desktop's notification server and for logind, on a
// private bus that a test starts. It records each Notify and
// CloseNotification call in LOG, a line each, and answers the n-th
// notification with the n-th ACTION as an ActionInvoked signal ("-" for
// none). "forge:ACTION" sends ACTION from another connection of its own,
// as any program on the bus could, before it answers the Notify call; a
// round trip on that connection makes sure the bus has passed the signal
// on first. With --idle HINT SINCE_USEC it also answers logind's IdleHint and
// IdleSinceHint for any user. With --inhibited its Inhibited property is
// true, as a server in do-not-disturb says. It prints "ready" once its
// names are taken.
//   bus_server ADDRESS LOG [--idle HINT SINCE_USEC] [--inhibited] [ACTION...]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <systemd/sd-bus.h>

namespace {

constexpr const char* notifications = "org.freedesktop.Notifications";

struct Server {
  sd_bus* bus = nullptr;
  sd_bus* stranger = nullptr;  // for forge: a connection that owns no name
  std::string log;
  std::vector<std::string> actions;
  std::size_t answered = 0;
  std::uint32_t next_id = 0;
  int idle_hint = 0;
  std::uint64_t idle_since = 0;
  bool inhibited = false;

  void record(const std::string& line) const { std::ofstream(log, std::ios::app) << line << '\n'; }
};

int notify(sd_bus_message* message, Server& server) {
  const char* app = nullptr;
  std::uint32_t replaces = 0;
  const char* icon = nullptr;
  const char* summary = nullptr;
  const char* body = nullptr;
  char** actions = nullptr;
  if (sd_bus_message_read(message, "susss", &app, &replaces, &icon, &summary, &body) < 0 ||
      sd_bus_message_read_strv(message, &actions) < 0) {
    return -EINVAL;
  }
  std::string listed;
  for (char** action = actions; action != nullptr && *action != nullptr; ++action) {
    listed += (listed.empty() ? "" : ",") + std::string(*action);
    std::free(*action);
  }
  std::free(static_cast<void*>(actions));
  const std::uint32_t id = ++server.next_id;
  server.record("notify " + std::to_string(id) + " app=" + app + " summary=" + summary +
                " body=" + body + " actions=" + listed);
  const std::string action =
      server.answered < server.actions.size() ? server.actions[server.answered++] : "-";
  constexpr std::string_view forge = "forge:";
  if (action.starts_with(forge)) {
    sd_bus_emit_signal(server.stranger, "/org/freedesktop/Notifications", notifications,
                       "ActionInvoked", "us", id, action.substr(forge.size()).c_str());
    sd_bus_message* reply = nullptr;
    sd_bus_call_method(server.stranger, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                       "org.freedesktop.DBus", "GetId", nullptr, &reply, "");
    sd_bus_message_unref(reply);
  }
  const int replied = sd_bus_reply_method_return(message, "u", id);
  if (action != "-" && !action.starts_with(forge)) {
    sd_bus_emit_signal(server.bus, "/org/freedesktop/Notifications", notifications, "ActionInvoked",
                       "us", id, action.c_str());
  }
  return replied;
}

int on_call(sd_bus_message* message, void* data, sd_bus_error* /*error*/) {
  Server& server = *static_cast<Server*>(data);
  if (sd_bus_message_is_method_call(message, notifications, "Notify") != 0) {
    return notify(message, server);
  }
  if (sd_bus_message_is_method_call(message, notifications, "CloseNotification") != 0) {
    std::uint32_t id = 0;
    sd_bus_message_read(message, "u", &id);
    server.record("close " + std::to_string(id));
    return sd_bus_reply_method_return(message, "");
  }
  if (sd_bus_message_is_method_call(message, notifications, "GetServerInformation") != 0) {
    return sd_bus_reply_method_return(message, "ssss", "bus_server", "stretch tests", "1", "1.2");
  }
  if (sd_bus_message_is_method_call(message, "org.freedesktop.DBus.Properties", "Get") != 0) {
    const char* interface = nullptr;
    const char* property = nullptr;
    sd_bus_message_read(message, "ss", &interface, &property);
    if (std::strcmp(property, "IdleHint") == 0) {
      return sd_bus_reply_method_return(message, "v", "b", server.idle_hint);
    }
    if (std::strcmp(property, "IdleSinceHint") == 0) {
      return sd_bus_reply_method_return(message, "v", "t", server.idle_since);
    }
    if (std::strcmp(property, "Inhibited") == 0 && server.inhibited) {
      return sd_bus_reply_method_return(message, "v", "b", 1);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs("usage: bus_server ADDRESS LOG [--idle HINT SINCE_USEC] [--inhibited] [ACTION...]\n",
               stderr);
    return 64;
  }
  Server server;
  server.log = argv[2];
  bool logind = false;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--idle") == 0 && i + 2 < argc) {
      logind = true;
      server.idle_hint = std::atoi(argv[i + 1]);
      server.idle_since = std::strtoull(argv[i + 2], nullptr, 10);
      i += 2;
    } else if (std::strcmp(argv[i], "--inhibited") == 0) {
      server.inhibited = true;
    } else {
      server.actions.emplace_back(argv[i]);
    }
  }
  const auto connect = [&](sd_bus** bus) {
    return sd_bus_new(bus) >= 0 && sd_bus_set_address(*bus, argv[1]) >= 0 &&
           sd_bus_set_bus_client(*bus, 1) >= 0 && sd_bus_start(*bus) >= 0;
  };
  if (!connect(&server.bus) || !connect(&server.stranger)) {
    std::fputs("bus_server: cannot connect to the bus\n", stderr);
    return 69;
  }
  if (sd_bus_add_fallback(server.bus, nullptr, "/org/freedesktop", on_call, &server) < 0 ||
      sd_bus_request_name(server.bus, notifications, 0) < 0 ||
      (logind && sd_bus_request_name(server.bus, "org.freedesktop.login1", 0) < 0)) {
    std::fputs("bus_server: cannot take the names\n", stderr);
    return 69;
  }
  std::puts("ready");
  std::fflush(stdout);
  while (true) {
    const int processed = sd_bus_process(server.bus, nullptr);
    if (processed < 0) {
      return 0;  // the bus went away: the test is over
    }
    if (processed == 0 && sd_bus_wait(server.bus, UINT64_MAX) < 0) {
      return 0;
    }
  }
}
