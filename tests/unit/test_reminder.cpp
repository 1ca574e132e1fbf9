#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "stretch/control.hpp"
#include "stretch/reminder.hpp"

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
  const ReminderSettings settings;
  const ReminderStatus due{ReminderStatus::State::due, 1'795'002'700, std::nullopt};
  {
    // Waits, as it goes, for the hook to end.
    HookRunner hooks(dir.path() / "hooks", std::chrono::seconds(30), context.environment, err);
    Reminders reminders({"", fit, ""}, settings, status_file, keyboard, nullptr, &hooks, context);
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
