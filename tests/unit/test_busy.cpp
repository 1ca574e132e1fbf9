#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include <poll.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../e2e/process.hpp"
#include "../scratch_dir.hpp"
#include "scripted_tmux.hpp"
#include "stretch/busy/sources.hpp"
#include "stretch/commands/context.hpp"
#include "stretch/commands/reminder_actions.hpp"
#include "stretch/remind/remind.hpp"
#include "virtual_input.hpp"

using namespace stretch;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// A source's answer, waiting on its fd as the reminder's loop does.
Busy answer_of(BusySource& source) {
  Busy busy = source.check(0);
  while (busy.pending) {
    pollfd ready{source.fd(), POLLIN, 0};
    ::poll(&ready, 1, -1);
    busy = source.check(0);
  }
  return busy;
}

constexpr std::int64_t monday = 20773;  // 2026-11-16, days since 1970-01-01
// Monday 2026-11-16 at 9:00 UTC.
constexpr std::int64_t monday_9 = monday * 86400 + 9 * 3600;

class NeverIdle final : public IdleSource {
 public:
  std::optional<std::int64_t> idle_since(std::int64_t now) override { return now; }
};

// Busy in the spans given, as seconds from Monday 9:00; counts each look.
class ScriptedBusy final : public BusySource {
 public:
  ScriptedBusy(BusyKind kind, std::vector<std::pair<std::int64_t, std::int64_t>> spans)
      : kind_(kind), spans_(std::move(spans)) {}
  Busy check(std::int64_t now) override {
    looks.push_back(now - monday_9);
    Busy busy;
    for (const auto& [from, to] : spans_) {
      if (now - monday_9 >= from && now - monday_9 < to) {
        busy.add(kind_);
        if (kind_ == BusyKind::calendar) {
          busy.until = monday_9 + to;
        }
      }
    }
    return busy;
  }
  std::vector<std::int64_t> looks;  // seconds from Monday 9:00

 private:
  BusyKind kind_;
  std::vector<std::pair<std::int64_t, std::int64_t>> spans_;
};

struct World {
  VirtualClock clock;
  FixedTimeZone zone{0};
  NeverIdle idle;

  explicit World(std::vector<VirtualClock::ScriptedWake> script) : clock(std::move(script)) {}
  std::int64_t wall() {
    return monday_9 + std::chrono::duration_cast<std::chrono::seconds>(clock.now()).count();
  }
  ReminderWorld world(BusySource* busy, std::vector<CommandSource*> sources = {}) {
    return {[this] { return wall(); }, zone, idle, [] { return std::optional<std::int64_t>(); },
            std::move(sources),        busy};
  }
};

// What the reminder did, in seconds from Monday 9:00, and each status.
class Recording final : public ReminderActions {
 public:
  explicit Recording(World& world) : world_(world) {}
  void remind() override { log.push_back("remind at " + at()); }
  void remind_after_busy(const Busy& waited, bool still_busy) override {
    log.push_back(std::string(still_busy ? "quietly, still busy, " : "after busy, ") +
                  "remind at " + at() + " for " + std::string(busy_name(waited.sources.at(0))));
  }
  void snoozed(std::int64_t) override { log.push_back("snooze at " + at()); }
  void start_routine() override { log.push_back("routine at " + at()); }
  void skipped() override { log.push_back("skip at " + at()); }
  void status_changed(const ReminderStatus& status) override {
    statuses.emplace_back(world_.wall() - monday_9, status);
  }
  std::vector<std::string> log;
  std::vector<std::pair<std::int64_t, ReminderStatus>> statuses;

 private:
  World& world_;
  std::string at() { return std::to_string(world_.wall() - monday_9) + "s"; }
};

ReminderSettings every(std::chrono::minutes minutes) {
  ReminderSettings settings = reminder_settings(Settings{});
  settings.schedule.every = std::chrono::seconds(minutes).count();
  return settings;
}

Wake key(char c) {
  return {Wake::Kind::key, c, 0};
}

// A proc tree made up of directories and symbolic links, as the camera
// source reads it.
struct FakeProc {
  ScratchDir root{"busy-proc"};
  void process(int pid, const std::vector<std::string>& targets) const {
    const fs::path fds = root / std::to_string(pid) / "fd";
    fs::create_directories(fds);
    int fd = 0;
    for (const std::string& target : targets) {
      fs::create_symlink(target, fds / std::to_string(fd++));
    }
  }
  void write(const fs::path& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative) << text;
  }
};

}  // namespace

TEST_CASE("a reminder due during a call waits, unseen, and comes once when the call ends") {
  // In a call from 40 min to 70 min 10 s; the reminder falls due at 45 min.
  ScriptedBusy call(BusyKind::camera, {{40 * 60, 70 * 60 + 10}});
  World world({{120min, key('q')}});
  Recording actions(world);
  run_reminders(world.clock, every(45min), world.world(&call), actions);
  // The call is over at 70:10; the look after it, 30 s on, brings the
  // reminder; the next comes 45 min after that.
  const std::vector<std::string> expected{"after busy, remind at 4230s for camera",
                                          "remind at 6930s"};
  CHECK(actions.log == expected);
  // Asked only when a reminder fell due, and then every 30 s.
  REQUIRE(call.looks.size() >= 3);
  CHECK(call.looks.front() == 45 * 60);
  for (std::size_t i = 1; i + 1 < call.looks.size(); ++i) {
    CHECK(call.looks[i] - call.looks[i - 1] == busy_recheck_seconds);
  }
  // Meanwhile the status says busy, and why.
  const auto during = std::find_if(actions.statuses.begin(), actions.statuses.end(),
                                   [](const auto& status) { return status.first == 50 * 60; });
  REQUIRE(during != actions.statuses.end());
  CHECK(during->second.state == ReminderStatus::State::busy);
  CHECK(during->second.busy.sources == std::vector<BusyKind>{BusyKind::camera});
  CHECK(during->second.next == monday_9 + 45 * 60 + 7200);
}

TEST_CASE("a reminder that waited max-defer comes anyway, once, and says it is still busy") {
  ScriptedBusy meeting(BusyKind::calendar, {{0, 4 * 3600}});
  World world({{200min, key('q')}});
  Recording actions(world);
  ReminderSettings settings = every(45min);
  settings.max_defer = 3600;
  run_reminders(world.clock, settings, world.world(&meeting), actions);
  // Due at 45 min, held an hour; the next falls due at 150 min, in the
  // meeting still, and waits.
  const std::vector<std::string> expected{"quietly, still busy, remind at 6300s for calendar"};
  CHECK(actions.log == expected);
  CHECK(actions.statuses.back().second.state == ReminderStatus::State::busy);
  CHECK(actions.statuses.back().second.busy.until == monday_9 + 4 * 3600);
}

namespace {

// The reminder's own actions, looked at whenever it says it waits.
class Watched final : public ReminderActions {
 public:
  Watched(Reminders& inner, std::function<void()> while_busy)
      : inner_(inner), while_busy_(std::move(while_busy)) {}
  void remind() override { inner_.remind(); }
  void remind_after_busy(const Busy& waited, bool still_busy) override {
    inner_.remind_after_busy(waited, still_busy);
  }
  void snoozed(std::int64_t until) override { inner_.snoozed(until); }
  void start_routine() override { inner_.start_routine(); }
  void skipped() override { inner_.skipped(); }
  void status_changed(const ReminderStatus& status) override {
    if (status.state == ReminderStatus::State::busy) {
      ++busy_statuses;
      while_busy_();
    }
    inner_.status_changed(status);
  }
  int busy_statuses = 0;

 private:
  Reminders& inner_;
  std::function<void()> while_busy_;
};

}  // namespace

TEST_CASE("a reminder that waits for a call waits on every channel: terminal, tmux and bell") {
  ScratchDir dir("busy");
  ScriptedBusy call(BusyKind::camera, {{40 * 60, 70 * 60 + 10}});
  World world({{100min, key('q')}});
  StringOutput out;
  StringOutput err;
  Context context{out, err, Environment{}};
  context.wall_clock = [&world] { return WallTime{world.wall(), 0}; };
  std::string terminal;
  AlertParts parts;
  parts.has_terminal = true;
  parts.terminal = std::make_unique<SharedOutput>(terminal);
  parts.notice = {{NotifySequence::osc777}, "foot", Multiplexer::none};
  auto server = std::make_unique<ScriptedTmux>();
  server->clients = "/dev/pts/3\t120\t40\t$0\t1\t0\n";
  const ScriptedTmux& tmux = *server;
  parts.tmux = std::make_unique<TmuxAlerts>(std::move(server));
  Alerts alerts(*parse_alert_choice("terminal,tmux,bell"), parts, err);
  VirtualInput keyboard(true);
  const ReminderSettings settings = every(45min);
  Reminders reminders({"neck", [] { return Routine{}; }, ""}, settings, dir / "remind.json",
                      keyboard, alerts, nullptr, context);
  Watched watched(reminders, [&] {
    CHECK(out.text().empty());
    CHECK(terminal.empty());
    CHECK(tmux.started.empty());
  });
  run_reminders(world.clock, settings, world.world(&call), watched);
  CHECK(watched.busy_statuses > 0);
  // The first thing on every channel is the reminder after the call, at
  // 70:30, with the bell.
  CHECK(out.text().starts_with("\a10:10 Your call has ended. Time to stand up? Enter: start neck"));
  CHECK(
      terminal.starts_with("\x1b]777;notify;stretch;10:10 Your call has ended. Time to stand up?"));
  REQUIRE_FALSE(tmux.started.empty());
  const std::vector<std::string>& popup = tmux.started.front();
  CHECK(std::find(popup.begin(), popup.end(),
                  "10:10 Your call has ended. Time to stand up?\n"
                  "Enter: start neck · s: snooze 5m · q: skip") != popup.end());
}

TEST_CASE("no busy source is asked before a reminder is due, and without one nothing waits") {
  ScriptedBusy call(BusyKind::microphone, {{0, 100 * 60}});
  World world({{44min, key('x')}, {45min + 10s, key('q')}});
  Recording actions(world);
  run_reminders(world.clock, every(45min), world.world(&call), actions);
  CHECK(call.looks == std::vector<std::int64_t>{45 * 60});
  CHECK(actions.log.empty());
  World free({{46min, key('q')}});
  Recording free_actions(free);
  run_reminders(free.clock, every(45min), free.world(nullptr), free_actions);
  CHECK(free_actions.log == std::vector<std::string>{"remind at 2700s"});
}

TEST_CASE("Enter during a call starts the routine: busy never holds back what the user asks for") {
  ScriptedBusy call(BusyKind::camera, {{0, 200 * 60}});
  World world({{50min, key('\n')}, {60min, key('q')}});
  Recording actions(world);
  run_reminders(world.clock, every(45min), world.world(&call), actions);
  CHECK(actions.log == std::vector<std::string>{"routine at 3000s"});
  CHECK(actions.statuses.back().second.state == ReminderStatus::State::waiting);
}

TEST_CASE("why a reminder waits, in words") {
  const FixedTimeZone zone(3600);
  Busy call;
  call.add(BusyKind::calendar);
  call.add(BusyKind::microphone);
  CHECK(busy_reason(call, zone, {}) == "after your call");
  CHECK(busy_ended(call) == "Your call has ended. Time to stand up?");
  Busy meeting;
  meeting.add(BusyKind::calendar);
  meeting.until = monday_9 + 2 * 3600 + 30 * 60;  // 11:30 UTC, 12:30 here
  CHECK(busy_reason(meeting, zone, {}) == "after your meeting (until 12:30)");
  CHECK(busy_ended(meeting) == "Your meeting has ended. Time to stand up?");
  Busy quiet;
  quiet.add(BusyKind::do_not_disturb);
  CHECK(busy_reason(quiet, zone, {}) == "do not disturb");
  Busy command;
  command.add(BusyKind::command);
  CHECK(busy_reason(command, zone, {}) == "while you are busy");
  for (const BusyKind kind : {BusyKind::camera, BusyKind::microphone, BusyKind::do_not_disturb,
                              BusyKind::calendar, BusyKind::command}) {
    CHECK(busy_kind_named(busy_name(kind)) == kind);
  }
}

TEST_CASE("a busy answer still on its way holds the reminder back, and is asked for again") {
  // The busy command: pending until answered, then busy or not.
  class Slow final : public BusySource {
   public:
    Busy check(std::int64_t /*now*/) override {
      ++asked;
      Busy busy;
      busy.pending = !answer.has_value();
      if (answer == true) {
        busy.add(BusyKind::command);
      }
      return busy;
    }
    std::optional<bool> answer;
    int asked = 0;
  } command;
  const FixedTimeZone zone(0);
  ReminderPlan plan(every(45min), zone, monday_9);
  const std::int64_t due = monday_9 + 45 * 60;
  CHECK(plan.take_due(due, &command) == ReminderPlan::Due::none);
  // Nothing to wake for but the source's fd: no busy loop.
  CHECK_FALSE(plan.next_wake());
  CHECK(plan.take_due(due + 1, &command) == ReminderPlan::Due::none);
  command.answer = true;
  CHECK(plan.take_due(due + 2, &command) == ReminderPlan::Due::none);
  CHECK(plan.status().state == ReminderStatus::State::busy);
  CHECK(command.asked == 3);
  // The look 30 s on finds the command running again; its answer is asked
  // for at once, not 30 s later.
  command.answer.reset();
  CHECK(plan.take_due(due + 2 + busy_recheck_seconds, &command) == ReminderPlan::Due::none);
  command.answer = false;
  CHECK(plan.take_due(due + 3 + busy_recheck_seconds, &command) == ReminderPlan::Due::after_busy);
  CHECK(command.asked == 5);
}

TEST_CASE("the camera: a video device held open by one of the user's processes") {
  FakeProc proc;
  proc.process(100, {"/dev/pts/3", "socket:[4242]", "pipe:[99]", "/home/sam/notes.txt"});
  proc.process(200, {"/dev/null", "anon_inode:[eventfd]"});
  proc.write("self/status", "not a process\n");
  CameraSource camera(proc.root.path(), ::getuid());
  CHECK_FALSE(camera.check(0).any());
  proc.process(300, {"socket:[1]", "/dev/video2"});
  CHECK(camera.check(0).sources == std::vector<BusyKind>{BusyKind::camera});
  // Another user's processes are not looked at.
  CameraSource someone_else(proc.root.path(), ::getuid() + 1);
  CHECK_FALSE(someone_else.check(0).any());
  // No proc tree at all: it cannot tell.
  CameraSource nowhere(proc.root / "missing", ::getuid());
  CHECK_FALSE(nowhere.check(0).any());
}

TEST_CASE("without a sound server, a sound card's running capture device counts") {
  FakeProc proc;
  proc.write("asound/card0/pcm0p/sub0/status", "state: RUNNING\n");
  proc.write("asound/card0/pcm0c/sub0/status", "closed\n");
  proc.write("asound/card1/pcm0c/sub0/status", "state: PREPARED\n");
  CHECK_FALSE(capture_running(proc.root.path()));
  MicrophoneSource microphone("", proc.root.path(), ::getpid());
  CHECK_FALSE(microphone.check(0).any());
  proc.write("asound/card1/pcm0c/sub1/status", "state: RUNNING\nowner_pid   : 4242\n");
  CHECK(capture_running(proc.root.path()));
  CHECK(microphone.check(0).sources == std::vector<BusyKind>{BusyKind::microphone});
  // A server address where none answers: the cards tell.
  MicrophoneSource no_server("unix:" + (proc.root / "no-server").string(), proc.root.path(),
                             ::getpid());
  CHECK(no_server.check(0).any());
}

TEST_CASE("the busy command: exit 0 is busy, anything else or the time limit is not") {
  StringOutput warnings;
  const Environment path{{"PATH", "/usr/bin:/bin"}};
  const auto answer = [&](std::vector<std::string> words, ClockTime timeout, Output& output,
                          const Environment& environment) {
    BusyCommandSource source(std::move(words), timeout, environment, output);
    return answer_of(source);
  };
  CHECK(answer({"true"}, 5s, warnings, path).sources == std::vector<BusyKind>{BusyKind::command});
  CHECK_FALSE(answer({"false"}, 5s, warnings, path).any());
  CHECK_FALSE(answer({"sh", "-c", "exit 3"}, 5s, warnings, path).any());
  CHECK(warnings.text().empty());
  CHECK_FALSE(answer({"sleep", "30"}, 200ms, warnings, path).any());
  CHECK(warnings.text() ==
        "stretch: warning: busy command sleep ran past the hooks' time limit and was stopped; it "
        "counts as not busy\n");
  StringOutput missing_warnings;
  BusyCommandSource missing({"/nonexistent/busy"}, 5s, path, missing_warnings);
  CHECK_FALSE(missing.check(0).any());
  CHECK_FALSE(missing.check(0).any());
  CHECK(missing_warnings.text() ==
        "stretch: warning: busy command /nonexistent/busy could not start: No such file or "
        "directory\n");
  // The program is looked for on the PATH it is given, not the process's.
  StringOutput elsewhere_warnings;
  CHECK_FALSE(
      answer({"true"}, 5s, elsewhere_warnings, Environment{{"PATH", "/nonexistent"}}).any());
  CHECK(elsewhere_warnings.text() ==
        "stretch: warning: busy command true could not start: No such file or directory\n");
}

TEST_CASE("the busy command is never waited for, and goes with its source at once") {
  const ScratchDir dir;
  const fs::path pid_file = dir / "pid";
  StringOutput warnings;
  pid_t pid = 0;
  {
    BusyCommandSource source({"sh", "-c", "echo $$ > " + pid_file.string() + "; exec sleep 3600"},
                             1h, Environment{{"PATH", "/usr/bin:/bin"}}, warnings);
    const Busy asked = source.check(0);
    CHECK(asked.pending);
    CHECK_FALSE(asked.any());
    CHECK(source.fd() >= 0);
    // Still running: pending again, and the fd is not ready.
    pollfd ready{source.fd(), POLLIN, 0};
    CHECK(::poll(&ready, 1, 0) == 0);
    CHECK(source.check(0).pending);
    REQUIRE(eventually([&] { return fs::exists(pid_file) && fs::file_size(pid_file) > 0; }));
    std::ifstream(pid_file) >> pid;
    REQUIRE(pid > 0);
    CHECK(::kill(pid, 0) == 0);
  }
  // Stopped and reaped: no such process, not even a zombie.
  CHECK(::kill(pid, 0) != 0);
  CHECK(warnings.text().empty());
}

TEST_CASE("the settings turn each source off by name, and a calendar path may start with ~") {
  Settings settings;
  Environment environment{{"HOME", "/home/sam"}};
  BusySettings defaults = busy_settings(settings, environment);
  CHECK(defaults.camera);
  CHECK(defaults.microphone);
  CHECK(defaults.do_not_disturb);
  CHECK(defaults.calendar.empty());
  CHECK(defaults.command.empty());
  settings.set("remind.camera", "false", "test");
  settings.set("remind.microphone", "false", "test");
  settings.set("remind.do_not_disturb", "false", "test");
  settings.set("remind.calendar", "~/.calendars/work:/srv/team.ics", "test");
  settings.set("remind.busy_command", "pgrep -x obs", "test");
  const BusySettings chosen = busy_settings(settings, environment);
  CHECK_FALSE(chosen.camera);
  CHECK_FALSE(chosen.microphone);
  CHECK_FALSE(chosen.do_not_disturb);
  CHECK(chosen.calendar == std::vector<fs::path>{"/home/sam/.calendars/work", "/srv/team.ics"});
  CHECK(chosen.command == std::vector<std::string>{"pgrep", "-x", "obs"});
  StringOutput warnings;
  CHECK(open_busy_sources(chosen, {environment, "/proc", ::getuid(), ::getpid()}, warnings)
            ->empty() == false);
  BusySettings none = chosen;
  none.calendar.clear();
  none.command.clear();
  CHECK(open_busy_sources(none, {environment, "/proc", ::getuid(), ::getpid()}, warnings)->empty());
}
