// The reminder as the user service runs it: no terminal, a private session
// bus with a stand-in notification server, and the control socket used
// from other processes.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <thread>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "../test_paths.hpp"
#include "process.hpp"
#include "sandbox.hpp"
#include "stretch/remind/idle.hpp"
#include "stretch/sinks/history.hpp"

namespace fs = std::filesystem;

namespace {

// A user's scratch home and runtime directory, and a session bus of their
// own when a test starts one. What it started is stopped before its home
// goes.
class Desk : public Sandbox {
 public:
  Desk() : Sandbox("remind") {
    fs::create_directories(dir() / "run");
    fs::permissions(dir() / "run", fs::perms::owner_all);
    set_environment("XDG_RUNTIME_DIR", (dir() / "run").string());
  }

  const fs::path& dir() const { return home(); }

  // dbus-daemon on a socket of this desk's, and the notification server on
  // it when given actions to answer with.
  void start_bus(std::optional<std::vector<std::string>> server_actions) {
    const std::string address = "unix:path=" + (dir() / "bus").string();
    bus_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/bin/dbus-daemon", "--session", "--nofork",
                                 "--address=" + address, "--print-address=1"},
        environment(), (dir() / "dbus.out").string());
    REQUIRE(bus_->wait_for_output("unix:"));
    bus_address_ = address;
    set_environment("DBUS_SESSION_BUS_ADDRESS", address);
    if (server_actions) {
      std::vector<std::string> argv{test_paths::bus_server, address, log().string()};
      argv.insert(argv.end(), server_actions->begin(), server_actions->end());
      server_ =
          std::make_unique<BackgroundProcess>(argv, environment(), (dir() / "server.out").string());
      REQUIRE(server_->wait_for_output("ready"));
    }
  }
  fs::path log() const { return dir() / "notifications.log"; }
  const std::string& bus_address() const { return bus_address_; }

  // `stretch remind` in the background, as the service runs it, once it
  // answers on its socket.
  BackgroundProcess& remind(std::vector<std::string> args = {}) {
    BackgroundProcess& started = start_remind(std::move(args));
    REQUIRE(eventually([&] { return run({"remind", "--status"}).exit_code == 0; }));
    return started;
  }
  // The machine's own terminals may have been idle for long, which would
  // count as time away: a break of a hundred years is never reached.
  BackgroundProcess& start_remind(std::vector<std::string> args) {
    args.insert(args.begin(), {test_paths::stretch, "remind", "--break", "999999h"});
    reminders_.push_back(std::make_unique<BackgroundProcess>(
        args, environment(), (dir() / fmt::format("remind-{}.out", reminders_.size())).string()));
    return *reminders_.back();
  }

 private:
  std::unique_ptr<BackgroundProcess> bus_;
  std::unique_ptr<BackgroundProcess> server_;
  std::vector<std::unique_ptr<BackgroundProcess>> reminders_;
  std::string bus_address_;
};

bool has_dbus_daemon() {
  return ::access("/usr/bin/dbus-daemon", X_OK) == 0;
}

// The first line of remind --status: the reminder's state, before its
// alerts.
std::string state_line(const ProcessResult& status) {
  return status.out.substr(0, status.out.find('\n') + 1);
}

}  // namespace

TEST_CASE("remind's words go to the running reminder over its socket, from other processes") {
  Desk desk;
  const ProcessResult none = desk.run({"remind", "--status"});
  CHECK(none.exit_code == 69);
  CHECK(none.err.find("no reminder is running") != std::string::npos);
  CHECK(desk.run({"status"}).out.empty());

  BackgroundProcess& reminder = desk.remind();
  const ProcessResult second = desk.run({"remind"});
  CHECK(second.exit_code == 75);
  CHECK(second.err ==
        fmt::format("stretch: error: a reminder is already running (pid {}); `stretch remind "
                    "--status` talks to it\n",
                    reminder.pid()));

  CHECK(state_line(desk.run({"remind", "--status"})).ends_with(", in 45m.\n"));
  CHECK(desk.run({"remind", "--pause-until", "14:00"}).out == "Paused until 14:00.\n");
  CHECK(desk.run({"status"}).out == "paused until 14:00\n");
  const auto waybar = nlohmann::json::parse(desk.run({"status", "--format", "waybar"}).out);
  CHECK(waybar["class"] == "paused");
  CHECK(waybar["text"] == "paused until 14:00");
  CHECK(desk.run({"remind", "--pause", "1h"}).out.starts_with("Paused until "));
  CHECK(desk.run({"remind", "--resume"}).out.ends_with(", in 45m.\n"));
  CHECK(desk.run({"status"}).out == "stretch in 45m\n");
  const auto json = nlohmann::json::parse(desk.run({"status", "--format", "json"}).out);
  CHECK(json["state"] == "waiting");
  CHECK(json["seconds_left"] > 2690);

  CHECK(desk.run({"remind", "--now"}).out == "A reminder is due now.\n");
  CHECK(desk.run({"status"}).out == "stretch now\n");
  CHECK(reminder.wait_for_output("Time to stand up and stretch: \"5 minutes: "));
  CHECK(desk.run({"remind", "--skip"}).out.ends_with(", in 45m.\n"));

  const ProcessResult bad = desk.run({"remind", "--pause-until", "25:00"});
  CHECK(bad.exit_code == 64);
  CHECK(bad.err == "stretch: error: --pause-until: \"25:00\" is not a time of day like 14:00\n");
  CHECK(desk.run({"remind", "--now", "--skip"}).exit_code == 64);

  reminder.signal(SIGTERM);
  CHECK(reminder.wait().signal == SIGTERM);
  CHECK_FALSE(fs::exists(desk.dir() / "run/stretch/remind.sock"));
  CHECK(desk.run({"status"}).out.empty());
  CHECK(desk.run({"remind", "--skip"}).exit_code == 69);
}

TEST_CASE(
    "a killed reminder leaves nothing that blocks the next, and of two started at once one runs") {
  Desk desk;
  BackgroundProcess& killed = desk.remind();
  killed.signal(SIGKILL);
  killed.wait();
  REQUIRE(fs::exists(desk.dir() / "run/stretch/remind.sock"));
  CHECK(desk.run({"remind", "--status"}).exit_code == 69);
  CHECK(desk.run({"status"}).out.empty());

  BackgroundProcess& next = desk.remind();
  next.signal(SIGTERM);
  next.wait();

  BackgroundProcess& first = desk.start_remind({});
  BackgroundProcess& second = desk.start_remind({});
  // One of them finds the other holding the lock and ends at once.
  int winner = 0;
  ProcessResult loser;
  REQUIRE(eventually([&] {
    for (auto [reminder, other] : {std::pair{&first, &second}, std::pair{&second, &first}}) {
      if (reminder->output().find("already running") != std::string::npos) {
        winner = other->pid();
        loser = reminder->wait();
        return true;
      }
    }
    return false;
  }));
  CHECK(loser.exit_code == 75);
  CHECK(loser.out.find(fmt::format("(pid {})", winner)) != std::string::npos);
  CHECK(eventually([&] { return desk.run({"remind", "--status"}).exit_code == 0; }));
}

TEST_CASE("notifications over a private session bus: Snooze, Skip and Start end to end") {
  if (!has_dbus_daemon()) {
    WARN("dbus-daemon is not installed; scripts/install-deps --test installs it");
    return;
  }
  Desk desk;
  desk.start_bus(std::vector<std::string>{"snooze", "skip", "start", "-"});
  const fs::path terminal = desk.dir() / "terminal";
  std::ofstream(terminal) << "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args\"\n";
  fs::permissions(terminal, fs::perms::owner_all);
  desk.remind({"--terminal", terminal.string() + " --title stretch"});

  const auto notified = [&](int count) {
    return eventually([&] {
      return read_file(desk.log()).find(fmt::format("notify {} ", count)) != std::string::npos;
    });
  };
  const auto status_ends = [&](const std::string& ending) {
    return eventually([&] {
      return state_line(desk.run({"remind", "--status"})).ends_with(ending);
    });
  };

  CHECK(desk.run({"remind", "--now"}).exit_code == 0);
  REQUIRE(notified(1));
  CHECK(status_ends(", in 5m.\n"));  // snoozed
  const std::string first = read_file(desk.log());
  CHECK(
      first.starts_with("notify 1 app=stretch summary=Time to stand up and stretch body=\"5 "
                        "minutes: "));
  CHECK(first.find(" actions=start,Start,snooze,Snooze,skip,Skip\n") != std::string::npos);

  CHECK(desk.run({"remind", "--now"}).exit_code == 0);
  REQUIRE(notified(2));
  CHECK(status_ends(", in 45m.\n"));  // skipped

  CHECK(desk.run({"remind", "--now"}).exit_code == 0);
  REQUIRE(notified(3));
  const fs::path arguments = desk.dir() / "terminal.args";
  REQUIRE(eventually([&] { return read_file(arguments).ends_with("5\n"); }));
  CHECK(read_file(arguments) ==
        fmt::format("--title\nstretch\n{}\nstart\n--minutes\n5\n", test_paths::stretch));
  CHECK(desk.run({"status"}).out == "stretch in 45m\n");

  // Answered elsewhere, a notification is taken back.
  CHECK(desk.run({"remind", "--now"}).exit_code == 0);
  REQUIRE(notified(4));
  CHECK(desk.run({"remind", "--skip"}).exit_code == 0);
  CHECK(eventually([&] { return read_file(desk.log()).ends_with("close 4\n"); }));
}

TEST_CASE("with no notification server the reminder goes on, and stretch status shows it due") {
  if (!has_dbus_daemon()) {
    WARN("dbus-daemon is not installed; scripts/install-deps --test installs it");
    return;
  }
  Desk desk;
  desk.start_bus(std::nullopt);
  BackgroundProcess& reminder = desk.remind();
  CHECK(desk.run({"remind", "--now"}).out == "A reminder is due now.\n");
  CHECK(reminder.wait_for_output("no notification server answers"));
  CHECK(desk.run({"status"}).out == "stretch now\n");
}

TEST_CASE("logind's idle hint is read over the bus") {
  if (!has_dbus_daemon()) {
    WARN("dbus-daemon is not installed; scripts/install-deps --test installs it");
    return;
  }
  Desk desk;
  desk.start_bus(std::nullopt);
  const std::string address = desk.bus_address();
  {
    BackgroundProcess logind(
        {test_paths::bus_server, address, desk.log().string(), "--idle", "1", "1795000000000000"},
        desk.environment(), (desk.dir() / "logind.out").string());
    REQUIRE(logind.wait_for_output("ready"));
    stretch::LogindIdleSource source(address, ::getuid());
    CHECK(source.idle_since(1'795'000'600) == 1'795'000'000);
  }
  BackgroundProcess busy(
      {test_paths::bus_server, address, desk.log().string(), "--idle", "0", "1795000000000000"},
      desk.environment(), (desk.dir() / "busy.out").string());
  REQUIRE(busy.wait_for_output("ready"));
  stretch::LogindIdleSource source(address, ::getuid());
  CHECK(source.idle_since(1'795'000'600) == 1'795'000'600);
}

TEST_CASE("stretch status shows the session running in another process, and nothing after it") {
  Desk desk;
  const std::string session_file = (desk.dir() / "session.out").string();
  BackgroundProcess session({test_paths::stretch, "start", "lower-back", "--format", "text"},
                            desk.environment(), session_file);
  const std::regex shown("Forearm Cat-Cow( · [A-Za-z: ]+ · 0:[0-5][0-9])?\n");
  std::string line;
  REQUIRE(eventually([&] {
    line = desk.run({"status"}).out;
    return !line.empty();
  }));
  INFO(line);
  CHECK(std::regex_match(line, shown));
  // Once its first phase has begun, the time left in it.
  const std::regex counting("Forearm Cat-Cow · setup · 0:1[0-5]\n");
  CHECK(eventually([&] { return std::regex_match(desk.run({"status"}).out, counting); }));
  const auto json = nlohmann::json::parse(desk.run({"status", "--format", "json"}).out);
  CHECK(json["state"] == "session");
  CHECK(json["routine"] == "lower-back");
  const auto waybar = nlohmann::json::parse(desk.run({"status", "--format", "waybar"}).out);
  CHECK(waybar["class"] == "session");
  CHECK(waybar["tooltip"] == "lower-back: Forearm Cat-Cow, round 1 of 2");
  session.signal(SIGTERM);
  session.wait();
  CHECK(desk.run({"status"}).out.empty());
}

TEST_CASE("a paused session shows in stretch status while its process lives, and never blocks") {
  Desk desk;
  const fs::path file = desk.dir() / "run" / "stretch" / "session.json";
  fs::create_directories(file.parent_path());
  const auto paused_session = [&](pid_t pid) {
    std::ofstream(file) << fmt::format(
        R"({{"routine":"lower-back","stretch":"Forearm Cat-Cow","phase":"flow","round":1,)"
        R"("rounds":2,"cue":"","seconds_left":20,"paused":true,"pid":{}}})"
        "\n",
        pid);
  };
  paused_session(::getpid());
  CHECK(desk.run({"status"}).out == "Forearm Cat-Cow · flow · 0:20 · paused\n");

  // A paused session that was killed (SIGKILL leaves its file behind).
  const pid_t gone = ::fork();
  if (gone == 0) {
    ::_exit(0);
  }
  REQUIRE(::waitpid(gone, nullptr, 0) == gone);
  paused_session(gone);
  CHECK(desk.run({"status"}).out.empty());

  // A FIFO in its place would wait for a writer forever.
  fs::remove(file);
  REQUIRE(::mkfifo(file.c_str(), 0600) == 0);
  const ProcessResult fifo = desk.run({"status"});
  CHECK(fifo.exit_code == 0);
  CHECK(fifo.out.empty());
}

TEST_CASE("a session finished in another terminal restarts the running reminder's countdown") {
  Desk desk;
  desk.remind({"--every", "1h"});
  const fs::path state = desk.dir() / "run/stretch/remind.json";
  const auto next_reminder = [&] { return nlohmann::json::parse(read_file(state)).at("next"); };
  const std::int64_t first = next_reminder();

  // A real session, recorded in the history as every session is: 14 s of
  // plan at --speed 5, so that it ends seconds after the reminder started.
  const ProcessResult session = desk.run(
      {"start", (fs::path(test_paths::fixtures) / "good/minimal.json").string(), "--speed", "5"});
  REQUIRE(session.exit_code == 0);
  const auto record =
      nlohmann::json::parse(read_file(desk.dir() / ".local/state/stretch/history.jsonl"));
  REQUIRE(record.at("outcome") == "done");

  // Each word to the reminder is a turn of its loop, which reads the history
  // when it has changed: the next reminder comes an hour after the real end.
  std::int64_t next = first;
  CHECK(eventually([&] {
    desk.run({"remind", "--status"});
    next = next_reminder();
    return next != first;
  }));
  const std::optional<stretch::WallTime> started =
      stretch::parse_iso8601(record.at("start").get<std::string>());
  REQUIRE(started);
  const auto wall = static_cast<std::int64_t>(std::llround(record.at("wall").get<double>()));
  CHECK(next == started->epoch + wall + 3600);
  CHECK(next > first);
}

TEST_CASE("a session on another machine restarts the reminder's countdown once it is synced") {
  // Two machines' homes sharing one folder, as a sync tool keeps it.
  const ScratchDir sync("sync");
  const fs::path shared = sync / "stretch";
  Desk desk;
  desk.set_environment("STRETCH_SHARED_DIR", shared.string());
  desk.set_environment("STRETCH_MACHINE", "desktop");
  Sandbox laptop("laptop");
  laptop.set_environment("STRETCH_SHARED_DIR", shared.string());
  laptop.set_environment("STRETCH_MACHINE", "laptop");
  desk.remind({"--every", "1h"});
  const fs::path state = desk.dir() / "run/stretch/remind.json";
  const auto next_reminder = [&] { return nlohmann::json::parse(read_file(state)).at("next"); };
  const std::int64_t first = next_reminder();

  const ProcessResult session = laptop.run(
      {"start", (fs::path(test_paths::fixtures) / "good/minimal.json").string(), "--speed", "5"});
  REQUIRE(session.exit_code == 0);
  const auto record = nlohmann::json::parse(read_file(shared / "laptop.jsonl"));
  REQUIRE(record.at("machine") == "laptop");

  // Nothing is asked of the reminder: the folder's watch wakes it, and the
  // next reminder comes an hour after the laptop's session really ended.
  std::int64_t next = first;
  CHECK(eventually([&] {
    next = next_reminder();
    return next != first;
  }));
  const std::optional<stretch::WallTime> started =
      stretch::parse_iso8601(record.at("start").get<std::string>());
  REQUIRE(started);
  const auto wall = static_cast<std::int64_t>(std::llround(record.at("wall").get<double>()));
  CHECK(next == started->epoch + wall + 3600);
  CHECK_FALSE(fs::exists(desk.dir() / ".local/state/stretch/history.jsonl"));
}

namespace {

// Another user, as a test run by root can become one with setpriv.
constexpr uid_t stranger = 65534;

bool can_be_another_user() {
  return ::geteuid() == 0 && ::access("/usr/bin/setpriv", X_OK) == 0;
}

std::vector<std::string> as_stranger(const std::vector<std::string>& argv) {
  std::vector<std::string> as{"/usr/bin/setpriv", fmt::format("--reuid={}", stranger),
                              fmt::format("--regid={}", stranger), "--clear-groups", "--"};
  as.insert(as.end(), argv.begin(), argv.end());
  return as;
}

// A client of the reminder's socket that the test drives byte by byte.
class RawClient {
 public:
  explicit RawClient(const fs::path& socket) : fd_(::socket(AF_UNIX, SOCK_STREAM, 0)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;
  ~RawClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(const std::string& text) const {
    [[maybe_unused]] const ssize_t sent = ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL);
  }
  // Whether the reminder has hung up on it, without waiting.
  bool closed() const {
    char byte = 0;
    return ::recv(fd_, &byte, 1, MSG_DONTWAIT) == 0;
  }

 private:
  int fd_;
  bool connected_ = false;
};

}  // namespace

TEST_CASE("a runtime directory open to others is refused, and nothing planted in it is followed") {
  Desk desk;
  const fs::path shared = desk.dir() / "shared";
  fs::create_directories(shared);
  // Like /tmp, where people without logind often point XDG_RUNTIME_DIR.
  fs::permissions(shared, fs::perms::all | fs::perms::sticky_bit);
  desk.set_environment("XDG_RUNTIME_DIR", shared.string());
  const fs::path precious = desk.dir() / "precious";
  std::ofstream(precious) << "keep me\n";
  // Another user comes first: a folder of theirs, the lock a link to a
  // file of ours, and a session with a clipboard write for the status bar.
  const std::string plant = fmt::format(
      "mkdir -m 777 {0}/stretch && ln -s {1} {0}/stretch/remind.lock && printf "
      "'{{\"routine\":\"x\",\"stretch\":\"\\033]52;c;aGk=\\a\",\"phase\":\"flow\",\"round\":1,"
      "\"rounds\":1,\"cue\":\"\",\"seconds_left\":9,\"paused\":true,\"pid\":1}}\\n' > "
      "{0}/stretch/session.json",
      shared.string(), precious.string());
  if (can_be_another_user()) {
    fs::permissions(desk.dir(), fs::perms::owner_all | fs::perms::others_exec);
    REQUIRE(run_process(as_stranger({"/bin/sh", "-c", plant}), desk.environment()).exit_code == 0);
  } else {
    WARN("another user simulated only as root (setpriv); the files are planted by this user");
    REQUIRE(run_process({"/bin/sh", "-c", plant}, desk.environment()).exit_code == 0);
  }
  const std::string refused = fmt::format(
      "stretch: error: {0} is open to other users (mode 1777); stretch keeps its files only in a "
      "directory that is yours alone: `chmod 700 {0}`, or set XDG_RUNTIME_DIR to a directory of "
      "yours with mode 0700\n",
      shared.string());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"remind"}, {"remind", "--status"}, {"status"}}) {
    const ProcessResult result = desk.run(args);
    INFO(args.front());
    CHECK(result.exit_code == 73);
    CHECK(result.err == refused);
    CHECK(result.out.empty());
  }
  // A session goes on without its status for bars, and says why.
  BackgroundProcess session({test_paths::stretch, "start", "lower-back", "--format", "text"},
                            desk.environment(), (desk.dir() / "session.out").string());
  CHECK(session.wait_for_output("stretch: warning: " +
                                refused.substr(std::string("stretch: error: ").size())));
  session.signal(SIGTERM);
  CHECK(session.wait().signal == SIGTERM);
  CHECK(read_file(precious) == "keep me\n");
}

TEST_CASE("stretch's own folder must be the user's, and its lock file is never a link") {
  Desk desk;
  const fs::path folder = desk.dir() / "run/stretch";
  const fs::path precious = desk.dir() / "precious";
  std::ofstream(precious) << "keep me\n";

  fs::create_directory_symlink(desk.dir(), folder);
  const ProcessResult link = desk.run({"remind"});
  CHECK(link.exit_code == 73);
  CHECK(link.err == fmt::format("stretch: error: {} is not a directory; stretch keeps its files "
                                "only in a directory that is yours alone: remove it, and stretch "
                                "makes it anew\n",
                                folder.string()));
  fs::remove(folder);

  // Open to others, but ours: closed, as the user would.
  fs::create_directory(folder);
  fs::permissions(folder, fs::perms::all);
  fs::create_symlink(precious, folder / "remind.lock");
  const ProcessResult planted = desk.run({"remind"});
  CHECK(planted.exit_code == 73);
  CHECK(planted.err == fmt::format("stretch: error: {}: Too many levels of symbolic links\n",
                                   (folder / "remind.lock").string()));
  CHECK(read_file(precious) == "keep me\n");
  CHECK((fs::status(folder).permissions() & fs::perms::all) == fs::perms::owner_all);
  fs::remove(folder / "remind.lock");

  if (!can_be_another_user()) {
    WARN("skipped: a folder of another user's needs root (setpriv) to make");
    return;
  }
  REQUIRE(::chown(folder.c_str(), stranger, stranger) == 0);
  const std::string theirs = fmt::format(
      "stretch: error: {} belongs to another user (uid {}); stretch keeps its files only in a "
      "directory that is yours alone: remove it, and stretch makes it anew\n",
      folder.string(), stranger);
  CHECK(desk.run({"remind"}).err == theirs);
  CHECK(desk.run({"status"}).err == theirs);
}

TEST_CASE("the control socket answers only its own user") {
  if (!can_be_another_user()) {
    WARN("skipped: another user is simulated only as root (setpriv)");
    return;
  }
  Desk desk;
  desk.remind();
  // Reached by another user all the same: a link to the socket in a folder
  // anyone may enter, the socket open to all.
  ScratchDir open("open");
  fs::permissions(open.path(),
                  fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  const fs::path socket = open / "remind.sock";
  REQUIRE(::link((desk.dir() / "run/stretch/remind.sock").c_str(), socket.c_str()) == 0);
  fs::permissions(socket, fs::perms::all);
  const std::string client =
      "import socket, sys\n"
      "s = socket.socket(socket.AF_UNIX)\n"
      "s.connect(sys.argv[1])\n"
      "print('connected')\n"
      "try:\n"
      "    s.sendall(b'pause-until 4102444800\\n')\n"
      "    print(repr(s.recv(4096)))\n"
      "except (BrokenPipeError, ConnectionResetError):\n"
      "    print('closed')\n";
  const ProcessResult mine =
      run_process({"/usr/bin/python3", "-c", client, socket.string()}, desk.environment());
  CHECK(mine.out.starts_with("connected\nb'{\"state\":\"paused\""));
  CHECK(desk.run({"remind", "--resume"}).exit_code == 0);
  const ProcessResult theirs = run_process(
      as_stranger({"/usr/bin/python3", "-c", client, socket.string()}), desk.environment());
  INFO(theirs.err);
  // Hung up on, before or after its command came.
  CHECK((theirs.out == "connected\nb''\n" || theirs.out == "connected\nclosed\n"));
  CHECK(state_line(desk.run({"remind", "--status"})).ends_with(", in 45m.\n"));
}

TEST_CASE("clients that say nothing, or drip, hold up neither remind --status nor SIGTERM") {
  Desk desk;
  BackgroundProcess& reminder = desk.remind();
  const fs::path socket = desk.dir() / "run/stretch/remind.sock";
  std::vector<std::unique_ptr<RawClient>> silent;
  for (int i = 0; i < 20; ++i) {
    silent.push_back(std::make_unique<RawClient>(socket));
    REQUIRE(silent.back()->connected());
  }
  const ProcessResult status = desk.run({"remind", "--status"});
  CHECK(status.exit_code == 0);
  CHECK(state_line(status).ends_with(", in 45m.\n"));
  // Each had its time, and is hung up on.
  CHECK(eventually([&] {
    return std::all_of(silent.begin(), silent.end(), [](const auto& c) { return c->closed(); });
  }));

  // A byte at a time, for as long as the reminder lives: it still ends on
  // SIGTERM.
  const RawClient drip(socket);
  REQUIRE(drip.connected());
  std::atomic<bool> ended = false;
  std::thread dripping([&] {
    while (!ended) {
      drip.send("s");
      ::poll(nullptr, 0, 10);
    }
  });
  reminder.signal(SIGTERM);
  const ProcessResult result = reminder.wait();
  ended = true;
  dripping.join();
  CHECK(result.signal == SIGTERM);
}

TEST_CASE("a button pressed by a program that does not own the notification service is ignored") {
  if (!has_dbus_daemon()) {
    WARN("dbus-daemon is not installed; scripts/install-deps --test installs it");
    return;
  }
  Desk desk;
  // Skip, sent for the notification on screen, by another connection.
  desk.start_bus(std::vector<std::string>{"forge:skip"});
  desk.remind();
  CHECK(desk.run({"remind", "--now"}).exit_code == 0);
  REQUIRE(eventually([&] { return read_file(desk.log()).starts_with("notify 1 "); }));
  CHECK(state_line(desk.run({"remind", "--status"})) == "A reminder is due now.\n");
}

TEST_CASE("a FIFO in the history's place holds up neither history nor a session's end") {
  Desk desk;
  const fs::path history = desk.dir() / ".local/state/stretch/history.jsonl";
  fs::create_directories(history.parent_path());
  REQUIRE(::mkfifo(history.c_str(), 0600) == 0);
  const ProcessResult listed = desk.run({"history"});
  CHECK(listed.exit_code == 0);
  CHECK(listed.err ==
        fmt::format("stretch: warning: cannot read {}: not a regular file\n", history.string()));
  const ProcessResult session = desk.run(
      {"start", (fs::path(test_paths::fixtures) / "good/minimal.json").string(), "--speed", "50"});
  CHECK(session.exit_code == 0);
  CHECK(session.err == fmt::format("stretch: warning: history not saved: cannot read {}: not a "
                                   "regular file\n",
                                   history.string()));
}
