#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"

#include "../test_paths.hpp"
#include "stretch/commands/reminder_actions.hpp"
#include "stretch/platform/config.hpp"
#include "stretch/platform/error.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

// For each setting: a value for the file (as TOML), one for the
// environment and one more for a flag, each other than the default.
struct Sample {
  std::string toml;
  std::string file_value;
  std::string environment;
  std::string flag;
};

const std::map<std::string, Sample>& samples() {
  static const std::map<std::string, Sample> all{
      {"start.bell", {"true", "true", "0", "true"}},
      {"start.say", {"true", "true", "no", "true"}},
      {"start.say_cmd", {R"("espeak-ng -s 140")", "espeak-ng -s 140", "spd-say", "say"}},
      {"start.color", {R"("never")", "never", "always", "auto"}},
      {"start.format", {R"("json")", "json", "text", "auto"}},
      {"start.status_file", {R"("/tmp/a.json")", "/tmp/a.json", "/tmp/b.json", "/tmp/c.json"}},
      {"start.no_history", {"true", "true", "false", "true"}},
      {"remind.every", {R"("30m")", "30m", "1h", "20m"}},
      {"remind.hours", {R"("8:00-16:00")", "8:00-16:00", "9:00-17:30", "10:00-12:00"}},
      {"remind.days", {R"("mon-fri")", "mon-fri", "mon,wed,fri", "sat-sun"}},
      {"remind.at", {R"(["10:30", "15:00"])", "10:30,15:00", "11:00", "9:00,13:00"}},
      {"remind.routine", {R"("desk-break")", "desk-break", "eyes", "hips-glutes"}},
      {"remind.snooze", {R"("10m")", "10m", "15m", "2m"}},
      {"remind.terminal", {R"("foot")", "foot", "kitty", "xterm -e"}},
      {"remind.alert", {R"("terminal,bell")", "terminal,bell", "tmux", "desktop,tmux"}},
      {"remind.tmux_socket",
       {R"("/tmp/tmux-1000/work")", "/tmp/tmux-1000/work", "/run/t/default", "/srv/t"}},
      {"remind.idle", {R"("10m")", "10m", "3m", "20m"}},
      {"remind.camera", {"false", "false", "off", "false"}},
      {"remind.microphone", {"false", "false", "0", "false"}},
      {"remind.do_not_disturb", {"false", "false", "no", "false"}},
      {"remind.calendar",
       {R"(["/cal/work", "/cal/home.ics"])", "/cal/work:/cal/home.ics", "/cal/a.ics", "/cal/b"}},
      {"remind.busy_command", {R"("pgrep -x obs")", "pgrep -x obs", "true", "false"}},
      {"remind.max_defer", {R"("1h")", "1h", "30m", "3h"}},
      {"hooks.timeout", {R"("30s")", "30s", "5s", "1m"}},
      {"history.shared_dir", {R"("~/Sync/stretch")", "~/Sync/stretch", "/srv/a", "/srv/b"}},
      {"history.machine", {R"("laptop")", "laptop", "desk-2", "home.box"}},
  };
  return all;
}

std::string config_error(std::string_view text) {
  try {
    parse_config(text, "/home/sam/.config/stretch/config.toml");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::config);
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE(
    "every setting has a sample, and each layer wins over the one below: default, file, "
    "environment, flag") {
  REQUIRE(samples().size() == setting_specs().size());
  ScratchDir scratch;
  const fs::path file = scratch.path() / "config.toml";
  for (const SettingSpec& spec : setting_specs()) {
    INFO(spec.key());
    const Sample& sample = samples().at(spec.key());
    std::ofstream(file) << "# a comment\n[" << spec.section << "]\n"
                        << spec.name << " = " << sample.toml << "\n";
    Environment environment{{"STRETCH_CONFIG", file.string()}};
    CHECK(load_settings(Environment{{"STRETCH_CONFIG", "/dev/null"}}).setting(spec.key()).source ==
          "default");
    CHECK(Settings().text(spec.key()) == spec.default_value);

    const Settings from_file = load_settings(environment);
    CHECK(from_file.text(spec.key()) == sample.file_value);
    CHECK(from_file.setting(spec.key()).source == file.string() + ":3");

    environment.set(std::string(spec.environment), sample.environment);
    Settings from_environment = load_settings(environment);
    CHECK(from_environment.text(spec.key()) == check_setting(spec, sample.environment).value);
    CHECK(from_environment.setting(spec.key()).source ==
          "environment " + std::string(spec.environment));

    from_environment.apply({{spec.key(), sample.flag, "--some-flag"}});
    CHECK(from_environment.text(spec.key()) == sample.flag);
    CHECK(from_environment.setting(spec.key()).source == "flag --some-flag");
  }
}

TEST_CASE("each kind of mistake in the config file, with where it is") {
  CHECK(config_error("[start]\nbel = true\n") ==
        "/home/sam/.config/stretch/config.toml:2:1: unknown key \"bel\" in [start]; did you mean "
        "\"bell\"?");
  CHECK(config_error("[start]\nvolume = 3\n") ==
        "/home/sam/.config/stretch/config.toml:2:1: unknown key \"volume\" in [start]; the keys "
        "are bell, say, say_cmd, color, format, status_file, no_history");
  CHECK(config_error("[strat]\nbell = true\n") ==
        "/home/sam/.config/stretch/config.toml:1:2: unknown section \"strat\"; did you mean "
        "\"start\"?");
  CHECK(config_error("bell = true\n") ==
        "/home/sam/.config/stretch/config.toml:1:1: \"bell\" is not in a section; settings go "
        "under [start], [remind], [hooks], [history]");
  CHECK(config_error("[start]\nbell = \"yes\"\n") ==
        "/home/sam/.config/stretch/config.toml:2:8: start.bell must be true or false, not a "
        "string");
  CHECK(config_error("[remind]\nevery = 45\n") ==
        "/home/sam/.config/stretch/config.toml:2:9: remind.every must be a string, not a number");
  CHECK(config_error("[remind]\nat = [\"10:30\", 15]\n") ==
        "/home/sam/.config/stretch/config.toml:2:6: remind.at must be a string or an array of "
        "strings, not an array");
  CHECK(config_error("[remind]\nsnooze = \"5 minutes\"\n") ==
        "/home/sam/.config/stretch/config.toml:2:10: remind.snooze: \"5 minutes\" is not a "
        "duration like 90s, 45m or 1h30m");
  CHECK(config_error("[start]\ncolor = \"blue\"\n") ==
        "/home/sam/.config/stretch/config.toml:2:9: start.color: \"blue\" is not one of auto, "
        "always, never");
  CHECK(config_error("[remind]\nhours = \"17:30-17:30\"\n") ==
        "/home/sam/.config/stretch/config.toml:2:9: remind.hours: \"17:30-17:30\" is not a range "
        "of times like 9:00-17:30");
  CHECK(config_error("[remind]\ndays = \"mon-fry\"\n") ==
        "/home/sam/.config/stretch/config.toml:2:8: remind.days: \"mon-fry\" is not days like "
        "mon-fri or mon,wed,fri");
  CHECK(config_error("[remind]\nat = \"10:30,25:00\"\n") ==
        "/home/sam/.config/stretch/config.toml:2:6: remind.at: \"10:30,25:00\" is not times of "
        "day like 10:30,15:00");
  // The first mistake in the file is the one told, whatever the keys' names.
  CHECK(config_error("[remind]\nsnooze = \"x\"\nat = \"y\"\n")
            .starts_with("/home/sam/.config/stretch/config.toml:2:10: remind.snooze"));
  // toml++'s own words for what is not TOML at all.
  CHECK(config_error("[start\nbell = true\n")
            .starts_with("/home/sam/.config/stretch/config.toml:1:7: "));
  CHECK(config_error("[start]\nbell = true\nbell = false\n")
            .starts_with("/home/sam/.config/stretch/config.toml:3:"));
  CHECK(config_error("[history]\nmachine = \"Work Laptop\"\n") ==
        "/home/sam/.config/stretch/config.toml:2:11: history.machine: \"Work Laptop\" cannot name "
        "a machine: use up to 64 of a-z, 0-9, '.', '_' and '-', not starting with '.'");
  // Control characters never reach the terminal from the file.
  CHECK(config_error("[start]\n\"b\\u001bell\" = 1\n") ==
        "/home/sam/.config/stretch/config.toml:2:1: unknown key \"b^[ell\" in [start]; did you "
        "mean \"bell\"?");
}

TEST_CASE("a machine's name: what it may hold, and the default the host name gives") {
  for (const std::string_view good : {"laptop", "desk-2", "home.box", "a_b", "0", "x-"}) {
    INFO(good);
    CHECK(is_machine_name(good));
  }
  for (const std::string_view bad :
       {"", "Laptop", "my laptop", ".hidden", "a/b", "caf\xc3\xa9", "a\nb", "..", "x:y"}) {
    INFO(bad);
    CHECK_FALSE(is_machine_name(bad));
  }
  CHECK(is_machine_name(std::string(64, 'a')));
  CHECK_FALSE(is_machine_name(std::string(65, 'a')));

  CHECK(machine_from_host_name("laptop") == "laptop");
  CHECK(machine_from_host_name("Sams-MacBook-Pro.local") == "sams-macbook-pro.local");
  CHECK(machine_from_host_name("desk one") == "desk-one");
  CHECK(machine_from_host_name(".odd") == "odd");
  CHECK(machine_from_host_name("") == "");
  CHECK(machine_from_host_name(std::string(80, 'H')) == std::string(64, 'h'));
  for (const std::string_view host : {"Büro-PC", "WORK_box", "..x", "a b/c"}) {
    INFO(host);
    CHECK(is_machine_name(machine_from_host_name(host)));
  }

  // The host name is the default, as stretch config shows it; a name set
  // anywhere wins, and is held to the rule.
  const Environment none{{"STRETCH_CONFIG", "/dev/null"}};
  const Settings from_host = load_settings(none, "Desk-PC");
  CHECK(from_host.text("history.machine") == "desk-pc");
  CHECK(from_host.setting("history.machine").source == "default");
  CHECK(load_settings(Environment{{"STRETCH_CONFIG", "/dev/null"}, {"STRETCH_MACHINE", "laptop"}},
                      "Desk-PC")
            .text("history.machine") == "laptop");
  try {
    load_settings(Environment{{"STRETCH_CONFIG", "/dev/null"}, {"STRETCH_MACHINE", "Laptop"}});
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::config);
    CHECK(std::string(error.what()) ==
          "STRETCH_MACHINE: \"Laptop\" cannot name a machine: use up to 64 of a-z, 0-9, '.', '_' "
          "and '-', not starting with '.'");
  }
}

TEST_CASE("a bad environment value, an unreadable file and a missing one") {
  try {
    load_settings(Environment{{"STRETCH_CONFIG", "/dev/null"}, {"STRETCH_BELL", "maybe"}});
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::config);
    CHECK(std::string(error.what()) == "STRETCH_BELL: \"maybe\" is not true or false");
  }
  ScratchDir scratch("config");
  try {
    load_settings(Environment{{"STRETCH_CONFIG", scratch.path().string()}});
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::no_input);
    CHECK(std::string(error.what()) ==
          "cannot read " + scratch.path().string() + ": it is a directory");
  }
  const Settings none = load_settings(Environment{{"HOME", scratch.path().string()}});
  CHECK(none.setting("remind.every").source == "default");
}

TEST_CASE("the starter file parses, and with every line uncommented gives the defaults") {
  const std::string starter = starter_config();
  CHECK(parse_config(starter, "starter.toml").setting("start.bell").source == "default");
  std::string uncommented;
  std::size_t begin = 0;
  while (begin < starter.size()) {
    const std::size_t end = starter.find('\n', begin);
    std::string line = starter.substr(begin, end - begin);
    if (line.starts_with("# ") && line.find(" = ") != std::string::npos) {
      line.erase(0, 2);
    }
    uncommented += line + "\n";
    begin = end + 1;
  }
  const Settings settings = parse_config(uncommented, "starter.toml");
  for (const SettingSpec& spec : setting_specs()) {
    INFO(spec.key());
    CHECK(settings.text(spec.key()) == spec.default_value);
    CHECK(settings.setting(spec.key()).source.starts_with("starter.toml:"));
  }
}

TEST_CASE("docs/config.md describes every setting, with its variable and default") {
  const std::string doc = read_file(fs::path(test_paths::docs) / "config.md");
  for (const SettingSpec& spec : setting_specs()) {
    INFO(spec.key());
    const std::size_t row = doc.find(fmt::format("| `{}` |", spec.key()));
    REQUIRE(row != std::string::npos);
    const std::string line = doc.substr(row, doc.find('\n', row) - row);
    CHECK(line.find(fmt::format("`{}`", spec.environment)) != std::string::npos);
    CHECK(line.find(spec.default_value.empty()
                        ? std::string(" \"\"")
                        : std::string(spec.default_value)) != std::string::npos);
  }
}

TEST_CASE("what the reminder's Start offers by default is described at its real length") {
  // The help says it in words ("a 5-minute session"); the reminder runs
  // `stretch start --minutes offered_minutes`.
  const auto specs = setting_specs();
  const auto routine = std::find_if(specs.begin(), specs.end(), [](const SettingSpec& spec) {
    return spec.section == "remind" && spec.name == "routine";
  });
  REQUIRE(routine != specs.end());
  CHECK_THAT(describe_setting(*routine),
             Catch::Contains(fmt::format("default: a {}-minute session", offered_minutes)));
}

TEST_CASE("a config file others may change, or another user's, is refused as ssh would") {
  ScratchDir scratch("config");
  const fs::path file = scratch / "config.toml";
  std::ofstream(file) << "[start]\nbell = true\n";
  const Environment environment{{"STRETCH_CONFIG", file.string()}};
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_write);
  try {
    load_settings(environment);
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::config);
    CHECK(std::string(error.what()) ==
          fmt::format("{0} can be changed by other users (mode 0620), and stretch acts on it as "
                      "you: `chmod go-w {0}`",
                      file.string()));
  }
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  CHECK(load_settings(environment).text("start.bell") == "true");
  if (::geteuid() != 0) {
    WARN("skipped: a file of another user's needs root to make");
    return;
  }
  REQUIRE(::chown(file.c_str(), 65534, 65534) == 0);
  CHECK_THROWS_WITH(load_settings(environment),
                    fmt::format("{} belongs to another user (uid 65534), and stretch acts on it "
                                "as you: remove it, or make it yours with chown",
                                file.string()));
}
