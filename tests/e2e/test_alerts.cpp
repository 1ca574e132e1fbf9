// A reminder reaching a terminal user, against real parts: the reminder on
// a real terminal under `script`, whose bytes are recorded as the terminal
// emulator would get them; a real tmux server on a private socket with
// clients attached through real terminals, whose keys the test types.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../test_paths.hpp"
#include "process.hpp"
#include "recorded_terminal.hpp"
#include "sandbox.hpp"
#include "stretch/platform/environment.hpp"
#include "stretch/remind/tmux.hpp"

namespace fs = std::filesystem;

namespace {

// A user with a runtime directory of their own, no session bus, and the
// reminders a test starts.
class User : public Sandbox {
 public:
  User() : Sandbox("alerts") {
    fs::create_directories(dir() / "run");
    fs::permissions(dir() / "run", fs::perms::owner_all);
    set_environment("XDG_RUNTIME_DIR", (dir() / "run").string());
  }
  const fs::path& dir() const { return home(); }

  // The reminder on a terminal of its own: a break never reached, so that
  // the machine's idle terminals do not count as time away.
  std::unique_ptr<RecordedTerminal> remind_on_terminal(const std::string& name,
                                                       std::vector<std::string> environment) {
    return std::make_unique<RecordedTerminal>(
        dir(), name, environment,
        shell_quoted(test_paths::stretch) + " remind --break 999999h desk-break");
  }
  // The reminder as the service runs it: no terminal.
  BackgroundProcess& remind_as_service() {
    service_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{test_paths::stretch, "remind", "--break", "999999h", "desk-break"},
        environment(), (dir() / "service.out").string());
    REQUIRE(eventually([&] { return run({"remind", "--status"}).exit_code == 0; }));
    return *service_;
  }
  bool answers() const { return run({"remind", "--status"}).exit_code == 0; }
  // A session bus of this user's with a notification server on it, which
  // logs each notification.
  void start_desktop() {
    const std::string address = "unix:path=" + (dir() / "bus").string();
    bus_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/dbus-daemon", "--session", "--nofork",
                                 "--address=" + address, "--print-address=1"},
        environment(), (dir() / "dbus.out").string());
    REQUIRE(bus_->wait_for_output("unix:"));
    set_environment("DBUS_SESSION_BUS_ADDRESS", address);
    server_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{test_paths::bus_server, address, notifications().string()},
        environment(), (dir() / "server.out").string());
    REQUIRE(server_->wait_for_output("ready"));
  }
  fs::path notifications() const { return dir() / "notifications.log"; }

 private:
  std::unique_ptr<BackgroundProcess> service_;
  std::unique_ptr<BackgroundProcess> bus_;
  std::unique_ptr<BackgroundProcess> server_;
};

// The text of the first sequence in bytes that starts with start, up to
// its ST.
std::string sequence_text(const std::string& bytes, const std::string& start) {
  const std::size_t at = bytes.find(start);
  if (at == std::string::npos) {
    return {};
  }
  const std::size_t text = at + start.size();
  const std::size_t end = bytes.find("\x1b\\", text);
  return end == std::string::npos ? std::string() : bytes.substr(text, end - text);
}

const std::string line_end =
    "Time to stand up and stretch. Enter: start desk-break · s: snooze 5m · q: quit";

// Runs a reminder on a terminal with the environment's TERM and names, has
// it remind, and returns what the terminal got; answer, when given, is
// typed once the terminal is asked its name, as the terminal would.
// through_terminal: the terminal's notification is waited for.
std::string reminder_bytes(User& user, const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& variables,
                           const std::string& answer = {}, bool through_terminal = true) {
  std::vector<std::string> environment = user.environment();
  for (const auto& [variable, value] : variables) {
    environment = with_variable(environment, variable, value);
  }
  const std::unique_ptr<RecordedTerminal> terminal = user.remind_on_terminal(name, environment);
  if (!answer.empty()) {
    REQUIRE(terminal->shows("\x1b[>q\x1b[c"));
    terminal->type(answer);
  }
  REQUIRE(terminal->shows("Reminding you every 45m"));
  REQUIRE(eventually([&] { return user.answers(); }));
  CHECK(user.run({"remind", "--now"}).exit_code == 0);
  REQUIRE(terminal->shows(line_end + "\r\n"));
  // The notification goes out right after the line; all of it is in once
  // the reminder has ended.
  if (through_terminal) {
    REQUIRE(terminal->shows(line_end + "\x1b\\"));
  }
  terminal->type("q");
  CHECK(terminal->wait().exit_code == 0);
  return terminal->recorded();
}

}  // namespace

TEST_CASE("outside tmux, kitty, foot and iTerm2 each get their own notification, with the bell") {
  if (!has_tmux_and_script()) {
    WARN("script or tmux is not installed; scripts/install-deps --test installs them");
    return;
  }
  User user;
  const std::string kitty = reminder_bytes(user, "kitty", {{"TERM", "xterm-kitty"}});
  CHECK(sequence_text(kitty, "\x1b]99;i=stretch:d=0:p=title;") == "stretch");
  CHECK(sequence_text(kitty, "\x1b]99;i=stretch:d=1:p=body;").ends_with(line_end));
  CHECK(kitty.find("\x1b]777;") == std::string::npos);
  CHECK(kitty.find("\a") != std::string::npos);
  // TERM told: the terminal is not asked.
  CHECK(kitty.find("\x1b[>q") == std::string::npos);

  const std::string foot = reminder_bytes(user, "foot", {{"TERM", "foot"}});
  CHECK(sequence_text(foot, "\x1b]777;notify;stretch;").ends_with(line_end));
  CHECK(foot.find("\x1b]9;") == std::string::npos);

  const std::string iterm =
      reminder_bytes(user, "iterm", {{"TERM", "xterm-256color"}, {"LC_TERMINAL", "iTerm2"}});
  CHECK(sequence_text(iterm, "\x1b]9;stretch: ").ends_with(line_end));
  CHECK(iterm.find("\x1b]777;") == std::string::npos);
  CHECK(iterm.find("\x1b[>q") == std::string::npos);
}

TEST_CASE("with a desktop, the terminal's notification comes too only over SSH") {
  if (!has_tmux_and_script() || ::access("/usr/bin/dbus-daemon", X_OK) != 0) {
    WARN("script or dbus-daemon is not installed; scripts/install-deps --test installs them");
    return;
  }
  User user;
  user.start_desktop();
  // On the desk where the notification shows: once, through the bus.
  const std::string local = reminder_bytes(user, "local", {{"TERM", "foot"}}, {}, false);
  CHECK(local.find("\x1b]777;") == std::string::npos);
  CHECK(read_file(user.notifications()).find("notify 1 app=stretch") != std::string::npos);
  // Over SSH the desktop is the far machine's: the terminal's comes too.
  const std::string remote = reminder_bytes(
      user, "remote", {{"TERM", "foot"}, {"SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22"}});
  CHECK(sequence_text(remote, "\x1b]777;notify;stretch;").ends_with(line_end));
  CHECK(read_file(user.notifications()).find("notify 2 app=stretch") != std::string::npos);
}

TEST_CASE("a terminal not known is asked its name, and without an answer gets OSC 777 and 9") {
  if (!has_tmux_and_script()) {
    WARN("script or tmux is not installed; scripts/install-deps --test installs them");
    return;
  }
  User user;
  const std::string unknown = reminder_bytes(user, "unknown", {{"TERM", "xterm-256color"}});
  CHECK(unknown.find("\x1b[>q\x1b[c") != std::string::npos);
  CHECK(sequence_text(unknown, "\x1b]777;notify;stretch;").ends_with(line_end));
  CHECK(sequence_text(unknown, "\x1b]9;stretch: ").ends_with(line_end));

  // One that answers XTVERSION, as WezTerm does, gets its own alone.
  const std::string answered = reminder_bytes(user, "wezterm", {{"TERM", "xterm-256color"}},
                                              "\x1bP>|WezTerm 20240203-110809-5046fc22\x1b\\"
                                              "\x1b[?65;4;6;18;22c");
  CHECK(sequence_text(answered, "\x1b]777;notify;stretch;").ends_with(line_end));
  CHECK(answered.find("\x1b]9;") == std::string::npos);
  // The answer is the terminal's, not keys: the reminder went on after it.
  CHECK(answered.find("Skipped") == std::string::npos);
}

TEST_CASE("inside tmux with allow-passthrough on, the notification reaches the terminal outside") {
  if (!has_tmux_and_script()) {
    WARN("script or tmux is not installed; scripts/install-deps --test installs them");
    return;
  }
  User user;
  // The one line the README gives.
  const TmuxForTest tmux(user.dir(), user.dir() / "tmux" / "socket", user.environment(),
                         "set -g allow-passthrough on\n",
                         shell_quoted(test_paths::stretch) + " remind --break 999999h desk-break");
  REQUIRE(tmux.started());
  // urxvt outside: its TERM is the client's, and tmux has its terminfo.
  const std::unique_ptr<RecordedTerminal> client = tmux.attach("client", "rxvt-unicode");
  REQUIRE(client->shows("Reminding you every 45m"));
  REQUIRE(eventually([&] { return user.answers(); }));
  CHECK(user.run({"remind", "--now"}).exit_code == 0);
  // tmux takes the sequence out of its wrapper and passes it on as it is.
  REQUIRE(client->shows("\x1b]777;notify;stretch;"));
  REQUIRE(client->shows(line_end + "\x1b\\"));
  CHECK(sequence_text(client->recorded(), "\x1b]777;notify;stretch;").ends_with(line_end));
  const ProcessResult status = user.run({"remind", "--status"});
  CHECK(status.out.find("Alerts now: terminal (OSC 777 for urxvt, through tmux), bell.\n") !=
        std::string::npos);

  // Passthrough off: tmux would drop it, so the reminder shows in tmux,
  // and says once how to turn passthrough on.
  REQUIRE(tmux.tmux({"set", "-g", "allow-passthrough", "off"}).exit_code == 0);
  CHECK(user.run({"remind", "--skip"}).exit_code == 0);
  const std::size_t before = client->recorded().size();
  CHECK(user.run({"remind", "--now"}).exit_code == 0);
  REQUIRE(client->shows("Enter: start desk-break · s: snooze 5m · q: skip", before));
  CHECK(client->recorded().find("\x1b]777;", before) == std::string::npos);
  CHECK(eventually([&] {
    return tmux.pane_text("main:0").find("allow-passthrough on` in ~/.tmux.conf") !=
           std::string::npos;
  }));
  client->type("q");
  CHECK(eventually([&] { return tmux.pane_text("main:0").find("Skipped.") != std::string::npos; }));
}

TEST_CASE("the service's reminder shows on the attached tmux clients, whose keys answer it") {
  if (!has_tmux_and_script()) {
    WARN("script or tmux is not installed; scripts/install-deps --test installs them");
    return;
  }
  User user;
  // Where tmux itself looks: $TMUX_TMPDIR/tmux-UID/default.
  const fs::path socket = user.dir() / fmt::format("tmux-{}", ::getuid()) / "default";
  const TmuxForTest tmux(user.dir(), socket, user.environment(), "", "/usr/bin/sleep 100000");
  REQUIRE(tmux.started());
  const std::unique_ptr<RecordedTerminal> big = tmux.attach("big", "xterm-256color");
  const std::unique_ptr<RecordedTerminal> small = tmux.attach("small", "xterm-256color", 40, 10);
  REQUIRE(eventually([&] {
    const std::string clients = tmux.tmux({"list-clients"}).out;
    return std::count(clients.begin(), clients.end(), '\n') == 2;
  }));
  BackgroundProcess& reminder = user.remind_as_service();
  CHECK(user.run({"remind", "--status"})
            .out.ends_with("Alerts now: tmux (on 2 clients).\n"
                           "Not now: desktop (no session bus), terminal (the reminder has no "
                           "terminal), bell (the "
                           "reminder has no terminal).\n"));

  const auto remind = [&] {
    const std::size_t from = big->recorded().size();
    CHECK(user.run({"remind", "--now"}).exit_code == 0);
    // The popup on the client it fits, its keys last.
    REQUIRE(big->shows("Time to stand up and stretch", from));
    REQUIRE(big->shows("Enter: start desk-break · s: snooze 5m · q: skip", from));
  };
  remind();
  // The message on the one it does not, cut to its width.
  CHECK(small->shows("Time to stand up and stretch"));

  big->type("s");
  CHECK(reminder.wait_for_output("Snoozed until"));
  CHECK(user.run({"remind", "--status"}).out.find(", in 5m.\n") != std::string::npos);
  remind();
  big->type("q");
  CHECK(reminder.wait_for_output("Skipped."));
  remind();
  // Escape alone, once tmux has told it from the start of a longer key.
  big->type("\x1b");
  CHECK(eventually([&] {
    const std::string output = reminder.output();
    return output.find("Skipped.") != output.rfind("Skipped.");
  }));
  remind();
  big->type("\r");
  // Start: the routine in a new window of the client's session.
  CHECK(eventually([&] {
    return tmux.tmux({"list-windows", "-t", "main", "-F", "#{window_name}"}).out.find("stretch") !=
           std::string::npos;
  }));
  CHECK(eventually(
      [&] { return tmux.pane_text("main:stretch").find("GET READY") != std::string::npos; }));
}

TEST_CASE("tmux as a program: what it answers, what it starts, and nothing without a server") {
  if (!has_tmux_and_script()) {
    WARN("script or tmux is not installed; scripts/install-deps --test installs them");
    return;
  }
  User user;
  const stretch::Environment environment{{"PATH", "/usr/bin:/bin"}, {"HOME", user.dir().string()}};
  const fs::path socket = user.dir() / "tmux" / "socket";
  const std::unique_ptr<stretch::TmuxServer> none = stretch::tmux_command_line(socket, environment);
  CHECK_FALSE(none->ask({"list-clients"}));
  CHECK_FALSE(none->start({"display-popup"}));

  const TmuxForTest tmux(user.dir(), socket, user.environment(), "", "/usr/bin/sleep 100000");
  REQUIRE(tmux.started());
  const std::unique_ptr<stretch::TmuxServer> server =
      stretch::tmux_command_line(socket, environment);
  CHECK(server->ask({"list-clients"}) == "");
  CHECK(server->ask({"display-message", "-p", "#{session_name}\t·"}) == "main\t·\n");
  CHECK_FALSE(server->ask({"no-such-command"}));
  const std::unique_ptr<RecordedTerminal> client = tmux.attach("client", "xterm-256color", 100, 30);
  std::vector<stretch::TmuxClient> clients;
  REQUIRE(eventually([&] {
    clients = stretch::parse_tmux_clients(
        server->ask({"list-clients", "-F", std::string(stretch::tmux_clients_format)})
            .value_or(""));
    return clients.size() == 1;
  }));
  CHECK(clients[0].width == 100);
  CHECK(clients[0].height == 30);
  CHECK(clients[0].session == "$0");
  CHECK_FALSE(clients[0].control);
  // A popup lasts: started, not waited for; closed from outside.
  const stretch::TmuxPopup popup{
      {"a popup #{pane_id} /nowhere"},
      {"/bin/sh", "-c", "printf '%s %s' \"$0\" \"$HOME\"; sleep 100000", "a popup #{pane_id}"},
      {"HOME=/nowhere"}};
  CHECK(server->start(stretch::popup_arguments(clients[0], popup)));
  CHECK(client->shows("a popup #{pane_id} /nowhere"));
  CHECK(server->ask(stretch::close_popup_arguments(clients[0])));
  const std::size_t before = client->recorded().size();
  CHECK(server->ask(stretch::message_arguments(clients[0], "100% #{pane_id} done")));
  CHECK(client->shows("100% #{pane_id} done", before));
}
