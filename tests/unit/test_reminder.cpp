#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../e2e/process.hpp"
#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "stretch/commands/reminder_actions.hpp"
#include "stretch/remind/control.hpp"
#include "virtual_input.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

class Keyboard final : public LiveInput {
 public:
  Clock& clock() override { return clock_; }
  bool has_keys() const override { return true; }

 private:
  VirtualClock clock_;
};

// Channels with nothing to send on but the reminder's own line, and the
// bell on a terminal.
struct LineOnly {
  LineOnly(bool terminal, Output& warnings) : alerts(AlertChoice{}, parts, warnings) {
    parts.has_terminal = terminal;
  }
  AlertParts parts;
  Alerts alerts;
};

}  // namespace

TEST_CASE("each reminder builds the session it offers once, for the hook and the message") {
  ScratchDir dir("reminder");
  fs::create_directories(dir.path() / "hooks");
  const fs::path hook = dir.path() / "hooks" / "reminder";
  std::ofstream(hook) << "#!/bin/sh\ncat > \"$OUT\"\n";
  fs::permissions(hook, fs::perms::owner_all);
  const fs::path heard = dir.path() / "heard.json";
  const fs::path status_file = dir.path() / "remind.json";

  StringOutput out;
  StringOutput err;
  Context context{out, err, Environment{{"PATH", "/usr/bin:/bin"}, {"OUT", heard.string()}}};
  context.time_zone = std::make_shared<FixedTimeZone>(3600);
  context.wall_clock = [] { return WallTime{1'795'000'000, 3600}; };  // 12:06 in UTC+1
  Keyboard keyboard;
  int built = 0;
  const auto fit = [&built] {
    ++built;
    Routine fitted;
    fitted.name = "fitted-neck";
    fitted.title = "5 minutes for the neck";
    return fitted;
  };
  const ReminderSettings settings = reminder_settings(Settings{});
  const ReminderStatus due{ReminderStatus::State::due, 1'795'002'700, std::nullopt};
  {
    // Waits, as it goes, for the hook to end.
    HookRunner hooks(dir.path() / "hooks", std::chrono::seconds(30), context.environment, err);
    LineOnly channels(true, err);
    Reminders reminders({"", fit, ""}, settings, status_file, keyboard, channels.alerts, &hooks,
                        context);
    reminders.remind();
    CHECK(built == 1);
    reminders.status_changed(due);
    CHECK(read_file(status_file) == format_reminder_status(due, settings.schedule.every));
  }
  CHECK_FALSE(fs::exists(status_file));
  CHECK(out.text() ==
        "\a12:06 Time to stand up and stretch. Enter: start \"5 minutes for the neck\" · s: "
        "snooze 5m · q: quit\n");
  CHECK(nlohmann::json::parse(read_file(heard)).at("routine") == "fitted-neck");
  CHECK(err.text().empty());
}

TEST_CASE("a reminder that waited for a call says the call has ended, and rings only then") {
  ScratchDir dir("reminder");
  StringOutput out;
  StringOutput err;
  Context context{out, err, Environment{{"PATH", "/usr/bin:/bin"}}};
  context.time_zone = std::make_shared<FixedTimeZone>(3600);
  context.wall_clock = [] { return WallTime{1'795'000'000, 3600}; };  // 12:06 in UTC+1
  const auto fit = [] { return Routine{}; };
  const ReminderSettings settings = reminder_settings(Settings{});
  Busy call;
  call.add(BusyKind::camera);
  {
    Keyboard keyboard;
    LineOnly channels(true, err);
    Reminders reminders({"neck", fit, ""}, settings, dir / "remind.json", keyboard, channels.alerts,
                        nullptr, context);
    reminders.remind_after_busy(call, false);
    reminders.remind_after_busy(call, true);
  }
  CHECK(out.text() ==
        "\a12:06 Your call has ended. Time to stand up? Enter: start neck · s: snooze 5m · q: "
        "quit\n"
        "12:06 Time to stand up and stretch. Enter: start neck · s: snooze 5m · q: quit\n");
  {
    VirtualInput service(false);
    LineOnly channels(false, err);
    Reminders reminders({"neck", fit, ""}, settings, dir / "remind.json", service, channels.alerts,
                        nullptr, context);
    reminders.remind_after_busy(call, false);
  }
  CHECK(err.text() == "12:06 Your call has ended. Time to stand up? Start: neck.\n");
}

TEST_CASE("remind --status says what a reminder that waits is waiting for") {
  StringOutput out;
  StringOutput err;
  Context context{out, err, Environment{}};
  context.time_zone = std::make_shared<FixedTimeZone>(3600);
  context.wall_clock = [] { return WallTime{1'795'000'000, 3600}; };
  context.locale_time.twelve_hour_clock = true;
  ReminderStatus waits{ReminderStatus::State::busy, 1'795'007'200, std::nullopt};
  waits.busy.add(BusyKind::calendar);
  waits.busy.until = 1'795'001'800;  // 12:36 in UTC+1
  CHECK(describe_reminder_status(waits, context) ==
        "A reminder is due, and waits: after your meeting (until 12:36 PM).\n");
}

TEST_CASE("a hook's watcher is reaped when its hook has ended, so that hooks leave no threads") {
  const ScratchDir dir;
  fs::create_directories(dir.path() / "hooks");
  const fs::path hook = dir.path() / "hooks" / "reminder";
  std::ofstream(hook) << "#!/bin/sh\ncat > \"$0.$$\"\n";
  fs::permissions(hook, fs::perms::owner_all);
  StringOutput warnings;
  HookRunner hooks(dir.path() / "hooks", std::chrono::seconds(30), Environment{}, warnings);
  const auto ran = [&](std::size_t times) {
    return eventually([&] {
      return static_cast<std::size_t>(
                 std::distance(fs::directory_iterator(hook.parent_path()), {})) == times + 1;
    });
  };
  // A finished thread that is never joined keeps its stack mapped.
  const auto maps = [] {
    std::ifstream in("/proc/self/maps");
    return std::count(std::istreambuf_iterator<char>(in), {}, '\n');
  };
  hooks.run("reminder", "{}\n");
  REQUIRE(ran(1));
  const auto before = maps();
  for (std::size_t times = 2; times <= 40; ++times) {
    hooks.run("reminder", "{}\n");
    REQUIRE(ran(times));
  }
  // The last one or two may still be on their way out, and a thread's
  // first allocation may open a malloc arena; kept, each of the 39 threads
  // would hold its stack and guard page.
  const auto after = maps();
  INFO(before << " maps before, " << after << " after");
  CHECK(after <= before + 24);
  CHECK(warnings.text().empty());
}

TEST_CASE("a hook others may change is not run, and the warning says how to fix it") {
  const ScratchDir dir;
  fs::create_directories(dir.path() / "hooks");
  const fs::path hook = dir.path() / "hooks" / "reminder";
  std::ofstream(hook) << "#!/bin/sh\ntouch \"$0.ran\"\n";
  fs::permissions(hook, fs::perms::owner_all | fs::perms::group_all | fs::perms::others_exec);
  StringOutput warnings;
  {
    HookRunner hooks(dir.path() / "hooks", std::chrono::seconds(30), Environment{}, warnings);
    hooks.run("reminder", "{}\n");
  }
  CHECK_FALSE(fs::exists(dir.path() / "hooks" / "reminder.ran"));
  CHECK(warnings.text() ==
        fmt::format("stretch: warning: {0} can be changed by other users (mode 0771), and stretch "
                    "acts on it as you: `chmod go-w {0}`\n",
                    hook.string()));
}
