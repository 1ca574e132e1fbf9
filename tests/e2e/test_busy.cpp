// The busy sources against their real parts: calendars written by Python's
// icalendar, a process holding a video device open, a private PulseAudio
// server with a recording stream, dunst under Xvfb and a notification
// server on a private bus, GNOME's setting through GSettings; and the
// reminder itself, held while busy and coming once after.
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../test_paths.hpp"
#include "process.hpp"
#include "recorded_terminal.hpp"
#include "sandbox.hpp"
#include "stretch/busy/sources.hpp"
#include "stretch/remind/remind.hpp"

namespace fs = std::filesystem;
using stretch::Busy;
using stretch::BusyKind;

namespace {

bool executable(const char* program) {
  return ::access(program, X_OK) == 0;
}

// The tests' user (a scratch HOME, an environment of its own) with a
// runtime directory, and the programs a test starts for it.
class Scratch {
 public:
  Scratch() {
    fs::create_directories(dir() / "run");
    fs::permissions(dir() / "run", fs::perms::owner_all);
    user_.set_environment("XDG_RUNTIME_DIR", (dir() / "run").string());
    user_.set_environment("XDG_CONFIG_HOME", (dir() / "config").string());
  }

  const fs::path& dir() const { return user_.home(); }
  std::vector<std::string> environment() const { return user_.environment(); }
  void set_environment(const std::string& name, std::string value) {
    user_.set_environment(name, std::move(value));
  }
  BackgroundProcess& start(const std::vector<std::string>& argv) {
    processes_.push_back(std::make_unique<BackgroundProcess>(
        argv, user_.environment(),
        (dir() / fmt::format("process-{}.out", processes_.size())).string()));
    return *processes_.back();
  }
  ProcessResult run(std::vector<std::string> args) const {
    return run_process(args, user_.environment());
  }
  // stretch, as this user.
  ProcessResult stretch(std::vector<std::string> args) const { return user_.run(std::move(args)); }
  // A private session bus, for a notification server and stretch.
  std::string start_bus() {
    const std::string address = "unix:path=" + (dir() / "bus").string();
    BackgroundProcess& bus = start({"/usr/bin/dbus-daemon", "--session", "--nofork",
                                    "--address=" + address, "--print-address=1"});
    REQUIRE(bus.wait_for_output("unix:"));
    set_environment("DBUS_SESSION_BUS_ADDRESS", address);
    return address;
  }

 private:
  Sandbox user_{"busy"};
  // Declared after the user: the programs go before their files.
  std::vector<std::unique_ptr<BackgroundProcess>> processes_;
};

std::int64_t utc(int year, int month, int day, int hour, int minute) {
  std::tm time{};
  time.tm_year = year - 1900;
  time.tm_mon = month - 1;
  time.tm_mday = day;
  time.tm_hour = hour;
  time.tm_min = minute;
  return static_cast<std::int64_t>(::timegm(&time));
}

}  // namespace

TEST_CASE("calendar: icalendar-written files with recurrences, exceptions, zones and DST") {
  Scratch scratch;
  const ProcessResult wrote =
      scratch.run({test_paths::python, std::string(test_paths::busy) + "/write_calendars.py",
                   scratch.dir().string()});
  REQUIRE(wrote.exit_code == 0);
  stretch::StringOutput warnings;
  stretch::CalendarSource calendar({scratch.dir() / "work.ics", scratch.dir() / "team"}, warnings);
  const auto busy_until = [&](std::int64_t at) -> std::optional<std::int64_t> {
    const Busy busy = calendar.check(at);
    CHECK(busy.any() == busy.until.has_value());
    return busy.until;
  };
  // The weekly stand-up, Mondays 10:00-10:30 in Berlin: 8:00 UTC in summer
  // time.
  CHECK(busy_until(utc(2026, 10, 5, 8, 15)) == utc(2026, 10, 5, 8, 30));
  CHECK_FALSE(busy_until(utc(2026, 10, 5, 7, 59)));
  CHECK_FALSE(busy_until(utc(2026, 10, 5, 8, 30)));
  // Taken out (EXDATE).
  CHECK_FALSE(busy_until(utc(2026, 10, 12, 8, 15)));
  // Moved to the afternoon (RECURRENCE-ID): not at its old time.
  CHECK_FALSE(busy_until(utc(2026, 10, 19, 8, 15)));
  CHECK(busy_until(utc(2026, 10, 19, 12, 30)) == utc(2026, 10, 19, 13, 0));
  // Summer time ended on 25 October: still 10:00 in Berlin, now 9:00 UTC.
  CHECK_FALSE(busy_until(utc(2026, 10, 26, 8, 15)));
  CHECK(busy_until(utc(2026, 10, 26, 9, 15)) == utc(2026, 10, 26, 9, 30));
  // The tenth and last (COUNT=10, the taken-out one counted).
  CHECK(busy_until(utc(2026, 12, 7, 9, 15)) == utc(2026, 12, 7, 9, 30));
  CHECK_FALSE(busy_until(utc(2026, 12, 14, 9, 15)));
  // The vdir: 9:00 in New York is 14:00 UTC.
  CHECK(busy_until(utc(2026, 11, 2, 14, 30)) == utc(2026, 11, 2, 15, 0));
  CHECK_FALSE(busy_until(utc(2026, 11, 2, 13, 30)));
  // An all-day event, a transparent one and a cancelled one keep no one
  // from stretching.
  CHECK_FALSE(busy_until(utc(2026, 11, 3, 12, 0)));
  CHECK_FALSE(busy_until(utc(2026, 11, 4, 12, 30)));
  CHECK_FALSE(busy_until(utc(2026, 11, 5, 12, 30)));
  CHECK(warnings.text().empty());
  // A file that changes is read again; one that breaks is told about once.
  std::ofstream(scratch.dir() / "work.ics") << "BEGIN:VCALENDAR\nno calendar at all";
  CHECK_FALSE(busy_until(utc(2026, 10, 26, 9, 15)));
  CHECK_FALSE(busy_until(utc(2026, 10, 26, 9, 15)));
  CHECK(warnings.text() == fmt::format("stretch: warning: calendar {} cannot be read; its events "
                                       "are left out\n",
                                       (scratch.dir() / "work.ics").string()));
}

TEST_CASE("camera: a process that holds a /dev/video path open, in a mount namespace of its own") {
  if (::geteuid() != 0) {
    WARN(
        "skipped: a video device that a test can open needs root, to bind-mount /dev/null at "
        "/dev/videoN inside `unshare --mount`");
    return;
  }
  stretch::CameraSource camera("/proc", ::getuid());
  if (camera.check(0).any()) {
    WARN("skipped: a process of this user holds a camera open already");
    return;
  }
  Scratch scratch;
  std::ofstream(scratch.dir() / "null").close();
  // A tmpfs over /dev in the namespace keeps the real /dev untouched; the
  // descriptor then reads as /dev/video7, as a real camera's would.
  const std::string script = fmt::format(
      "mount --bind /dev/null {0}/null && mount -t tmpfs none /dev && touch /dev/video7 && "
      "mount --bind {0}/null /dev/video7 && echo holding && exec sleep 600 3</dev/video7",
      scratch.dir().string());
  BackgroundProcess& holder = scratch.start(
      {"/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script});
  if (!holder.wait_for_output("holding")) {
    WARN("skipped: no mount namespace here: " + holder.output());
    return;
  }
  CHECK(eventually([&] { return camera.check(0).sources == std::vector{BusyKind::camera}; }));
  holder.signal(SIGKILL);
  holder.wait();
  CHECK(eventually([&] { return !camera.check(0).any(); }));
}

TEST_CASE("microphone: a recording stream on a private PulseAudio server, not a monitor's") {
  if (!executable("/usr/bin/pulseaudio") || !executable("/usr/bin/parecord")) {
    WARN("skipped: pulseaudio and pulseaudio-utils are not installed");
    return;
  }
  Scratch scratch;
  const std::string server = "unix:" + (scratch.dir() / "pulse.sock").string();
  scratch.start({"/usr/bin/pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                 "--disallow-exit", "--use-pid-file=no", "-L", "module-null-source source_name=mic",
                 "-L", "module-null-sink sink_name=speakers", "-L",
                 "module-native-protocol-unix auth-anonymous=1 socket=" +
                     (scratch.dir() / "pulse.sock").string()});
  REQUIRE(eventually([&] {
    return scratch.run({"/usr/bin/pactl", "--server=" + server, "info"}).exit_code == 0;
  }));
  const auto streams = [&] {
    return scratch.run({"/usr/bin/pactl", "--server=" + server, "list", "short", "source-outputs"})
        .out;
  };
  // No sound cards in the made-up proc root: only the server tells.
  stretch::MicrophoneSource microphone(server, scratch.dir() / "proc", ::getpid());
  CHECK_FALSE(microphone.check(0).any());

  BackgroundProcess& recording =
      scratch.start({"/usr/bin/parecord", "--server=" + server, "-d", "mic", "/dev/null"});
  CHECK(
      eventually([&] { return microphone.check(0).sources == std::vector{BusyKind::microphone}; }));
  // The same stream, seen by a reminder that is the recording program.
  stretch::MicrophoneSource itself(server, scratch.dir() / "proc", recording.pid());
  CHECK_FALSE(itself.check(0).any());
  recording.signal(SIGTERM);
  recording.wait();
  CHECK(eventually([&] { return !microphone.check(0).any(); }));

  scratch.start({"/usr/bin/parecord", "--server=" + server, "-d", "speakers.monitor", "/dev/null"});
  REQUIRE(eventually([&] { return !streams().empty(); }));
  CHECK_FALSE(microphone.check(0).any());
}

TEST_CASE("do-not-disturb: dunst paused and resumed with dunstctl, under Xvfb on a private bus") {
  if (!executable("/usr/bin/dunst") || !executable("/usr/bin/Xvfb") ||
      !executable("/usr/bin/dbus-daemon")) {
    WARN("skipped: dunst, xvfb and dbus are not installed");
    return;
  }
  Scratch scratch;
  const std::string bus = scratch.start_bus();
  // Xvfb takes the first free display and says which.
  BackgroundProcess& x = scratch.start({"/usr/bin/Xvfb", "-displayfd", "1", "-nolisten", "tcp"});
  std::string display;
  REQUIRE(eventually([&] {
    std::istringstream lines(x.output());
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) {
        display = ":" + line;
      }
    }
    return !display.empty();
  }));
  scratch.set_environment("DISPLAY", display);
  scratch.start({"/usr/bin/dunst"});
  const auto dunstctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/dunstctl");
    return scratch.run(args);
  };
  REQUIRE(eventually([&] { return dunstctl({"is-paused"}).out == "false\n"; }));
  stretch::DoNotDisturbSource quiet(bus, false);
  CHECK_FALSE(quiet.check(0).any());
  REQUIRE(dunstctl({"set-paused", "true"}).exit_code == 0);
  CHECK(quiet.check(0).sources == std::vector{BusyKind::do_not_disturb});
  REQUIRE(dunstctl({"set-paused", "false"}).exit_code == 0);
  CHECK_FALSE(quiet.check(0).any());
}

TEST_CASE("do-not-disturb: a notification server's Inhibited property") {
  if (!executable("/usr/bin/dbus-daemon")) {
    WARN("skipped: dbus is not installed");
    return;
  }
  Scratch scratch;
  const std::string bus = scratch.start_bus();
  BackgroundProcess& plain =
      scratch.start({test_paths::bus_server, bus, (scratch.dir() / "plain.log").string()});
  REQUIRE(plain.wait_for_output("ready"));
  stretch::DoNotDisturbSource quiet(bus, false);
  CHECK_FALSE(quiet.check(0).any());
  plain.signal(SIGTERM);
  plain.wait();
  BackgroundProcess& inhibited = scratch.start(
      {test_paths::bus_server, bus, (scratch.dir() / "inhibited.log").string(), "--inhibited"});
  REQUIRE(inhibited.wait_for_output("ready"));
  CHECK(
      eventually([&] { return quiet.check(0).sources == std::vector{BusyKind::do_not_disturb}; }));
}

namespace {

// `stretch status --format json` of the scratch user, as an object.
nlohmann::json status_json(const Scratch& scratch) {
  const ProcessResult status = scratch.stretch({"status", "--format", "json"});
  return nlohmann::json::parse(status.out, nullptr, false);
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++found;
  }
  return found;
}

// The reminder as the service runs it, every 2 s, with only the sources
// that the test sets up.
BackgroundProcess& start_reminder(Scratch& scratch) {
  scratch.set_environment("STRETCH_CAMERA", "false");
  scratch.set_environment("STRETCH_MICROPHONE", "false");
  BackgroundProcess& reminder =
      scratch.start({test_paths::stretch, "remind", "--break", "999999h", "--every", "2s"});
  REQUIRE(eventually([&] { return scratch.stretch({"remind", "--status"}).exit_code == 0; }));
  return reminder;
}

}  // namespace

TEST_CASE(
    "a reminder due while busy comes only after, exactly once, and status says why meanwhile") {
  Scratch scratch;
  const fs::path busy = scratch.dir() / "busy";
  std::ofstream(busy).close();
  scratch.set_environment("STRETCH_BUSY_COMMAND", "/usr/bin/test -e " + busy.string());
  // A tmux client attached where the reminder finds it: held back on tmux
  // too.
  std::unique_ptr<TmuxForTest> tmux;
  std::unique_ptr<RecordedTerminal> client;
  if (has_tmux_and_script()) {
    tmux = std::make_unique<TmuxForTest>(
        scratch.dir(), scratch.dir() / fmt::format("tmux-{}", ::getuid()) / "default",
        scratch.environment(), "", "/usr/bin/sleep 100000");
    REQUIRE(tmux->started());
    client = tmux->attach("client", "xterm-256color");
    REQUIRE(eventually([&] { return !tmux->tmux({"list-clients"}).out.empty(); }));
  } else {
    WARN("script or tmux is not installed; the reminder is not looked for on tmux");
  }
  BackgroundProcess& reminder = start_reminder(scratch);
  REQUIRE(eventually([&] { return status_json(scratch).value("state", "") == "busy"; }));
  const nlohmann::json held = status_json(scratch);
  CHECK(held["text"] == "while you are busy");
  CHECK(held["busy"] == nlohmann::json::array({"busy-command"}));
  const nlohmann::json waybar =
      nlohmann::json::parse(scratch.stretch({"status", "--format", "waybar"}).out, nullptr, false);
  CHECK(waybar["class"] == "busy");
  CHECK(waybar["busy"] == nlohmann::json::array({"busy-command"}));
  CHECK(scratch.stretch({"remind", "--status"})
            .out.starts_with("A reminder is due, and waits: while you are busy.\n"));
  CHECK(reminder.output().find("Time to stand up") == std::string::npos);
  if (client) {
    CHECK(client->recorded().find("Time to stand up") == std::string::npos);
  }

  fs::remove(busy);
  // Until the reminder comes, the status says busy: the reminder writes its
  // words before the status that follows them.
  bool busy_throughout = true;
  const std::string ended = "You are free again. Time to stand up? Start:";
  CHECK(eventually(
      [&] {
        const bool still_busy = status_json(scratch).value("state", "") == "busy";
        const bool came = reminder.output().find(ended) != std::string::npos;
        busy_throughout = busy_throughout && (still_busy || came);
        return came;
      },
      stretch::busy_recheck_seconds + patience_seconds));
  CHECK(busy_throughout);
  // The reminders after it are the plain ones.
  CHECK(eventually(
      [&] { return reminder.output().find("Time to stand up and stretch") != std::string::npos; }));
  CHECK(count(reminder.output(), ended) == 1);
  if (client) {
    CHECK(client->shows("You are free again. Time to stand up?"));
  }
}

TEST_CASE("do-not-disturb on GNOME: show-banners off in GSettings holds the reminder") {
  if (!fs::exists("/usr/share/glib-2.0/schemas/org.gnome.desktop.notifications.gschema.xml")) {
    WARN("skipped: gsettings-desktop-schemas is not installed");
    return;
  }
  Scratch scratch;
  // GSettings' keyfile backend, where a GNOME session has dconf: the same
  // schema and key, in a file of the test's.
  const fs::path keyfile = scratch.dir() / "config/glib-2.0/settings/keyfile";
  fs::create_directories(keyfile.parent_path());
  std::ofstream(keyfile) << "[org/gnome/desktop/notifications]\nshow-banners=false\n";
  scratch.set_environment("XDG_CURRENT_DESKTOP", "GNOME");
  scratch.set_environment("GSETTINGS_BACKEND", "keyfile");
  BackgroundProcess& reminder = start_reminder(scratch);
  REQUIRE(eventually([&] { return status_json(scratch).value("state", "") == "busy"; }));
  CHECK(status_json(scratch)["busy"] == nlohmann::json::array({"do-not-disturb"}));
  CHECK(scratch.stretch({"status"}).out == "do not disturb\n");
  std::ofstream(keyfile) << "[org/gnome/desktop/notifications]\nshow-banners=true\n";
  CHECK(eventually(
      [&] {
        return reminder.output().find("Do not disturb is off. Time to stand up?") !=
               std::string::npos;
      },
      stretch::busy_recheck_seconds + patience_seconds));
}

TEST_CASE("a busy command that takes its time holds up neither remind --status nor SIGTERM") {
  Scratch scratch;
  const fs::path command = scratch.dir() / "busy";
  std::ofstream(command) << "#!/bin/sh\necho $$ > \"$0.pid\"\nexec sleep 3600\n";
  fs::permissions(command, fs::perms::owner_all);
  scratch.set_environment("STRETCH_BUSY_COMMAND", command.string());
  scratch.set_environment("STRETCH_HOOK_TIMEOUT", "1h");
  BackgroundProcess& reminder = start_reminder(scratch);
  const fs::path pid_file = scratch.dir() / "busy.pid";
  REQUIRE(eventually([&] { return fs::exists(pid_file) && fs::file_size(pid_file) > 0; }));
  pid_t pid = 0;
  std::ifstream(pid_file) >> pid;
  REQUIRE(pid > 0);
  // The reminder answers while its busy command runs.
  const ProcessResult status = scratch.stretch({"remind", "--status"});
  CHECK(status.exit_code == 0);
  CHECK(::kill(pid, 0) == 0);
  reminder.signal(SIGTERM);
  CHECK(reminder.wait().signal == SIGTERM);
  // Stopped with it, and reaped: not even a zombie is left.
  CHECK(::kill(pid, 0) != 0);
}
