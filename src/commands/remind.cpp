#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stretch/commands.hpp"
#include "stretch/error.hpp"
#include "stretch/output.hpp"
#include "stretch/remind.hpp"
#include "stretch/sound.hpp"
#include "stretch/terminal.hpp"

namespace stretch {
namespace {

std::string describe(ClockTime duration) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  if (seconds % 3600 == 0) {
    return fmt::format("{}h", seconds / 3600);
  }
  if (seconds >= 3600) {
    return fmt::format("{}h{}m", seconds / 3600, seconds / 60 % 60);
  }
  return seconds % 60 == 0 ? fmt::format("{}m", seconds / 60) : fmt::format("{}s", seconds);
}

class TerminalReminders final : public ReminderActions {
 public:
  TerminalReminders(const RemindOptions& options, ClockTime every, KeyboardMode& keyboard)
      : options_(options), every_(every), keyboard_(keyboard), out_(STDOUT_FILENO) {}

  void remind() override {
    reap();
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    out_.write(
        fmt::format("\a{:02}:{:02} Time to stand up and stretch. Enter: start {} · s: "
                    "snooze {} · q: quit\n",
                    local.tm_hour, local.tm_min, options_.routine, options_.snooze));
    if (is_on_path("notify-send", std::getenv("PATH"))) {
      notification_ =
          spawn_program({"notify-send", "stretch", "Time to stand up and stretch"}, true).pid;
    }
  }

  void snoozed(ClockTime snooze) override {
    out_.write(fmt::format("Snoozed for {}.\n", describe(snooze)));
  }

  void start_routine() override {
    // The routine runs as `stretch start`, which takes the terminal for its
    // own view and keys until it ends.
    keyboard_.restore();
    char self[PATH_MAX] = {};
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string program =
        length > 0 ? std::string(self, static_cast<std::size_t>(length)) : "stretch";
    const pid_t pid = spawn_program({program, "start", options_.routine}, false).pid;
    if (pid > 0) {
      while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    keyboard_.apply();
    out_.write(fmt::format("Next reminder in {}.\n", describe(every_)));
  }

 private:
  const RemindOptions& options_;
  ClockTime every_;
  KeyboardMode& keyboard_;
  FileOutput out_;
  pid_t notification_ = -1;

  void reap() {
    if (notification_ > 0 && ::waitpid(notification_, nullptr, WNOHANG) != 0) {
      notification_ = -1;
    }
  }
};

ClockTime duration_option(const std::string& text, std::string_view option) {
  const std::optional<ClockTime> duration = parse_duration(text);
  if (!duration) {
    throw Error(ExitCode::usage, fmt::format("{}: \"{}\" is not a duration like 90s, 45m or 1h30m",
                                             option, quote_untrusted(text)));
  }
  return *duration;
}

}  // namespace

CLI::App* add_remind_command(CLI::App& app, RemindOptions& options) {
  CLI::App* command =
      app.add_subcommand("remind", "Remind you to stand up and stretch, at intervals");
  command->add_option("routine", options.routine, "The routine Enter starts")
      ->default_str("desk-break");
  command->add_option("--every", options.every, "Time between reminders: 90s, 45m, 1h30m")
      ->default_str("45m");
  command->add_option("--snooze", options.snooze, "How long s puts a reminder off")
      ->default_str("5m");
  command->footer("Keys: Enter starts the routine now, s snoozes a reminder, q quits.");
  return command;
}

int run_remind(const RemindOptions& options) {
  const ReminderSettings settings{duration_option(options.every, "--every"),
                                  duration_option(options.snooze, "--snooze")};
  find_routine_for(options.routine, {});  // a routine that cannot start fails now, not later
  KeyboardMode keyboard(STDIN_FILENO);
  RealClock clock(keyboard.keyboard_fd() >= 0 ? &keyboard : nullptr);
  TerminalReminders actions(options, settings.every, keyboard);
  FileOutput(STDOUT_FILENO)
      .write(fmt::format("Reminding you every {} to stand up and stretch. Enter: start {} now · "
                         "q: quit\n",
                         describe(settings.every), options.routine));
  const int signal = run_reminders(clock, settings, actions);
  if (signal != 0) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
  }
  return 0;
}

}  // namespace stretch
