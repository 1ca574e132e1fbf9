#include <catch2/catch.hpp>

#include "stretch/remind/remind.hpp"

using namespace stretch;
using namespace std::chrono_literals;

namespace {

class FixedZone final : public stretch::TimeZone {
 public:
  int utc_offset(std::int64_t) const override { return 3600; }
};

constexpr std::int64_t monday = 20773;  // 2026-11-16, days since 1970-01-01
// Monday 2026-11-16 at 9:00 in UTC+1.
constexpr std::int64_t monday_9 = monday * 86400 + 8 * 3600;

class FakeIdle final : public IdleSource {
 public:
  std::optional<std::int64_t> idle_since(std::int64_t now) override {
    // Busy all along, but for one time away.
    if (away_from && now >= *away_from && now < away_to) {
      return *away_from;
    }
    return now;
  }
  std::optional<std::int64_t> away_from;
  std::int64_t away_to = 0;
};

// Wall time on the virtual clock, from Monday 9:00, with the jumps that a
// suspended machine makes: its steady clock stands still meanwhile.
struct World {
  VirtualClock clock;
  FixedZone zone;
  FakeIdle idle;
  std::int64_t start = monday_9;
  std::int64_t suspended = 0;
  std::optional<std::int64_t> session_end;

  explicit World(std::vector<VirtualClock::ScriptedWake> script) : clock(std::move(script)) {}

  std::int64_t wall() {
    return start + std::chrono::duration_cast<std::chrono::seconds>(clock.now()).count() +
           suspended;
  }
  ReminderWorld world(std::vector<CommandSource*> sources = {}) {
    const auto ended = [this]() -> std::optional<std::int64_t> {
      return session_end && wall() >= *session_end ? session_end : std::nullopt;
    };
    return {[this] { return wall(); }, zone, idle, ended, std::move(sources)};
  }
  ReminderWorld world_in(const stretch::TimeZone& other) {
    ReminderWorld in = world();
    return {in.wall_clock, other, idle, in.last_session_end, {}};
  }
};

class RecordingActions final : public ReminderActions {
 public:
  explicit RecordingActions(World& world) : world_(world) {}
  void remind() override { log.push_back("remind at " + time()); }
  void snoozed(std::int64_t) override { log.push_back("snooze at " + time()); }
  void start_routine() override { log.push_back("routine at " + time()); }
  void skipped() override { log.push_back("skip at " + time()); }
  void status_changed(const ReminderStatus& status) override { last = status; }
  std::vector<std::string> log;
  ReminderStatus last;
  std::function<void()> on_remind;

 private:
  World& world_;
  // Local time of day.
  std::string time() {
    const std::int64_t seconds = (world_.wall() + 3600) % 86400;
    const std::int64_t day = (world_.wall() + 3600) / 86400 - monday;
    const std::string clock = std::to_string(seconds / 3600) + ":" +
                              (seconds / 60 % 60 < 10 ? "0" : "") +
                              std::to_string(seconds / 60 % 60);
    return day == 0 ? clock : "day " + std::to_string(day) + " " + clock;
  }
};

Wake key(char c) {
  return {Wake::Kind::key, c, 0};
}

// Commands as the control socket would bring them, on a scripted wake.
class ScriptedCommands final : public CommandSource {
 public:
  explicit ScriptedCommands(std::vector<ReminderCommand> commands)
      : commands_(std::move(commands)) {}
  int fd() const override { return 42; }
  void ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) override {
    answers.push_back(run(commands_.at(next_++)));
  }
  std::vector<ReminderStatus> answers;

 private:
  std::vector<ReminderCommand> commands_;
  std::size_t next_ = 0;
};

Wake command() {
  return {Wake::Kind::ready, 0, 0, 42};
}

ReminderSettings every(std::chrono::minutes minutes) {
  ReminderSettings settings = reminder_settings(Settings{});
  settings.schedule.every = std::chrono::seconds(minutes).count();
  return settings;
}

}  // namespace

TEST_CASE("durations take h, m and s") {
  CHECK(parse_duration("90s") == std::chrono::seconds(90));
  CHECK(parse_duration("45m") == std::chrono::minutes(45));
  CHECK(parse_duration("1h30m") == std::chrono::minutes(90));
  CHECK(parse_duration("2h") == std::chrono::hours(2));
  CHECK_FALSE(parse_duration("45").has_value());
  CHECK_FALSE(parse_duration("m").has_value());
  CHECK_FALSE(parse_duration("0m").has_value());
  CHECK_FALSE(parse_duration("5x").has_value());
  CHECK_FALSE(parse_duration("").has_value());
}

TEST_CASE("reminders come at each interval: s snoozes, Enter runs the routine, q quits") {
  World world({{46min, key('s')},   // snooze the 9:45 reminder
               {52min, key('\n')},  // the snoozed one came at 9:51: start the routine
               {60min, key('x')},   // a stray key changes nothing
               {200min, key('q')}});
  RecordingActions actions(world);
  const int signal = run_reminders(world.clock, every(45min), world.world(), actions);
  CHECK(signal == 0);
  const std::vector<std::string> expected{"remind at 9:45",  "snooze at 9:46",  "remind at 9:51",
                                          "routine at 9:52", "remind at 10:37", "remind at 11:22",
                                          "remind at 12:07"};
  CHECK(actions.log == expected);
}

TEST_CASE("a signal ends the reminders and is handed back") {
  World world({{10min, Wake{Wake::Kind::signal, 0, 15}}});
  RecordingActions actions(world);
  CHECK(run_reminders(world.clock, every(45min), world.world(), actions) == 15);
  CHECK(actions.log.empty());
}

TEST_CASE("after a suspend one reminder comes, not every one that was missed") {
  World world({{20min, key('x')}, {200min, key('q')}});
  RecordingActions actions(world);
  ReminderSettings settings = every(45min);
  settings.schedule.hours = *parse_hours("9:00-17:30");
  settings.schedule.at = *parse_times("10:30,11:00");
  // At 9:20 the lid closes until 12:20: three reminders were missed.
  bool slept = false;
  struct Sleeper final : ReminderActions {
    RecordingActions& inner;
    World& world;
    bool& slept;
    Sleeper(RecordingActions& i, World& w, bool& s) : inner(i), world(w), slept(s) {}
    void remind() override { inner.remind(); }
    void snoozed(std::int64_t until) override { inner.snoozed(until); }
    void start_routine() override { inner.start_routine(); }
    void status_changed(const ReminderStatus& status) override {
      if (!slept && world.clock.now() >= 20min) {
        slept = true;
        world.suspended = 3 * 3600;
      }
      inner.status_changed(status);
    }
  } sleeper(actions, world, slept);
  run_reminders(world.clock, settings, world.world(), sleeper);
  // 20 min of clock + 3 h of suspend, then at most 30 s to notice.
  REQUIRE(actions.log.size() >= 2);
  CHECK(actions.log[0] == "remind at 12:20");
  CHECK(actions.log[1] == "remind at 13:05");
}

TEST_CASE("a suspend past working hours brings no reminder until the next working day") {
  World world({{20min, key('x')}, {30h, key('q')}});
  RecordingActions actions(world);
  ReminderSettings settings = every(45min);
  settings.schedule.hours = *parse_hours("9:00-17:30");
  world.suspended = 0;
  struct Sleeper final : ReminderActions {
    RecordingActions& inner;
    World& world;
    Sleeper(RecordingActions& i, World& w) : inner(i), world(w) {}
    void remind() override { inner.remind(); }
    void snoozed(std::int64_t until) override { inner.snoozed(until); }
    void start_routine() override { inner.start_routine(); }
    void status_changed(const ReminderStatus& status) override {
      if (world.suspended == 0 && world.clock.now() >= 20min) {
        world.suspended = 10 * 3600;  // 9:20 to 19:20
      }
      inner.status_changed(status);
    }
  } sleeper(actions, world);
  run_reminders(world.clock, settings, world.world(), sleeper);
  REQUIRE_FALSE(actions.log.empty());
  CHECK(actions.log.front() == "remind at day 1 9:45");
}

TEST_CASE("a session recorded in the history restarts the countdown") {
  World world({{30min, key('x')}, {135min, key('q')}});
  RecordingActions actions(world);
  // A session in another terminal ended at 9:40.
  world.session_end = monday_9 + 40 * 60;
  run_reminders(world.clock, every(45min), world.world(), actions);
  const std::vector<std::string> expected{"remind at 10:25", "remind at 11:10"};
  CHECK(actions.log == expected);
}

TEST_CASE("time away of a break's length restarts the countdown, and nothing comes meanwhile") {
  World world({{200min, key('q')}});
  RecordingActions actions(world);
  // Away from 9:30 to 10:30; the reminder at 9:45 would have come meanwhile.
  world.idle.away_from = monday_9 + 30 * 60;
  world.idle.away_to = monday_9 + 90 * 60;
  run_reminders(world.clock, every(45min), world.world(), actions);
  REQUIRE(actions.log.size() >= 2);
  CHECK(actions.log[0] == "remind at 11:15");
  CHECK(actions.log[1] == "remind at 12:00");
}

TEST_CASE("a short time away changes nothing") {
  World world({{60min, key('q')}});
  RecordingActions actions(world);
  world.idle.away_from = monday_9 + 30 * 60;
  world.idle.away_to = monday_9 + 34 * 60;
  run_reminders(world.clock, every(45min), world.world(), actions);
  CHECK(actions.log == std::vector<std::string>{"remind at 9:45"});
}

TEST_CASE("commands pause, resume, skip and remind now, each answered with the status") {
  const std::int64_t noon = monday * 86400 + 11 * 3600;
  ScriptedCommands commands({{ReminderCommand::Kind::status},
                             {ReminderCommand::Kind::pause_until, noon},
                             {ReminderCommand::Kind::resume},
                             {ReminderCommand::Kind::skip},
                             {ReminderCommand::Kind::now},
                             {ReminderCommand::Kind::pause_until, noon}});
  World world({{10min, command()},  // status
               {20min, command()},  // pause until 12:00
               {30min, command()},  // resume at 9:30
               {40min, command()},  // skip the one at 10:15
               {50min, command()},  // remind now, at 9:50
               {60min, command()},  // pause until noon again
               {240min, key('q')}});
  RecordingActions actions(world);
  run_reminders(world.clock, every(45min), world.world({&commands}), actions);
  REQUIRE(commands.answers.size() == 6);
  CHECK(commands.answers[0].state == ReminderStatus::State::waiting);
  CHECK(commands.answers[0].next == monday_9 + 45 * 60);
  CHECK(commands.answers[1].state == ReminderStatus::State::paused);
  CHECK(commands.answers[1].paused_until == noon);
  CHECK(commands.answers[2].next == monday_9 + 75 * 60);
  CHECK(commands.answers[3].next == monday_9 + 85 * 60);
  CHECK(commands.answers[4].state == ReminderStatus::State::due);
  const std::vector<std::string> expected{"skip at 9:40", "remind at 9:50", "remind at 12:45"};
  CHECK(actions.log == expected);
}

TEST_CASE("remind now ends a pause, so that the reminder it brings stays") {
  const std::int64_t noon = monday * 86400 + 11 * 3600;
  ScriptedCommands commands(
      {{ReminderCommand::Kind::pause_until, noon}, {ReminderCommand::Kind::now}});
  World world({{10min, command()}, {20min, command()}, {30min, key('q')}});
  RecordingActions actions(world);
  run_reminders(world.clock, every(45min), world.world({&commands}), actions);
  REQUIRE(commands.answers.size() == 2);
  CHECK(commands.answers[0].state == ReminderStatus::State::paused);
  CHECK(commands.answers[1].state == ReminderStatus::State::due);
  CHECK_FALSE(commands.answers[1].paused_until);
  const std::vector<std::string> expected{"remind at 9:20"};
  CHECK(actions.log == expected);
}

TEST_CASE("a fixed time keeps to the clock on the wall when summer time begins overnight") {
  // Sunday 2026-03-29: from UTC+1 to UTC+2 at 01:00 UTC.
  constexpr std::int64_t march_29 = 20541;
  class Spring final : public stretch::TimeZone {
   public:
    int utc_offset(std::int64_t epoch) const override {
      return epoch < march_29 * 86400 + 3600 ? 3600 : 7200;
    }
  } spring;
  World world({{40h, key('q')}});
  world.start = (march_29 - 1) * 86400 + 19 * 3600;  // Saturday 20:00, until Monday 13:00
  struct Moments final : ReminderActions {
    World& world;
    std::vector<std::int64_t> at;
    explicit Moments(World& w) : world(w) {}
    void remind() override { at.push_back(world.wall()); }
    void snoozed(std::int64_t) override {}
    void start_routine() override {}
  } moments(world);
  ReminderSettings settings = every(8h);
  settings.schedule.hours = *parse_hours("9:00-17:30");
  settings.schedule.at = *parse_times("10:30");
  run_reminders(world.clock, settings, world.world_in(spring), moments);
  // 10:30 summer time on Sunday and Monday: 8:30 UTC. The countdown from
  // Sunday's would end after working hours.
  const std::vector<std::int64_t> expected{march_29 * 86400 + 8 * 3600 + 30 * 60,
                                           (march_29 + 1) * 86400 + 8 * 3600 + 30 * 60};
  CHECK(moments.at == expected);
}
