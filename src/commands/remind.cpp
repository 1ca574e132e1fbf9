#include <cerrno>
#include <climits>
#include <ctime>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command_line.hpp"
#include "stretch/remind.hpp"
#include "stretch/sound.hpp"

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

// The length of the session a reminder offers when no routine is named.
constexpr int offered_minutes = 5;

class TerminalReminders final : public ReminderActions {
 public:
  TerminalReminders(const RemindOptions& options, ClockTime every, LiveInput& input,
                    Context& context)
      : options_(options), every_(every), input_(input), context_(context) {}

  // What Enter starts: the routine named, or a session built to fit the
  // time from the areas stretched least recently, chosen afresh at each
  // reminder since the history moves on.
  std::string offer() const {
    if (!options_.routine.empty()) {
      return options_.routine;
    }
    const FitOptions fit{"", offered_minutes};
    return "\"" + routine_for("", {}, fit, context_).routine.title + "\"";
  }

  void remind() override {
    reap();
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    context_.out.write(
        fmt::format("\a{:02}:{:02} Time to stand up and stretch. Enter: start {} · s: "
                    "snooze {} · q: quit\n",
                    local.tm_hour, local.tm_min, offer(), options_.snooze));
    if (is_on_path("notify-send", context_.environment.get("PATH").value_or(""))) {
      notification_ =
          spawn_program({"notify-send", "stretch", "Time to stand up and stretch"}, true).pid;
    }
  }

  void snoozed(ClockTime snooze) override {
    context_.out.write(fmt::format("Snoozed for {}.\n", describe(snooze)));
  }

  void start_routine() override {
    // The routine runs as `stretch start`, which takes the terminal for its
    // own view and keys until it ends.
    input_.lend_terminal([this] {
      char self[PATH_MAX] = {};
      const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
      const std::string program =
          length > 0 ? std::string(self, static_cast<std::size_t>(length)) : "stretch";
      std::vector<std::string> start{program, "start"};
      if (options_.routine.empty()) {
        start.insert(start.end(), {"--minutes", std::to_string(offered_minutes)});
      } else {
        start.push_back(options_.routine);
      }
      const pid_t pid = spawn_program(std::move(start), false).pid;
      if (pid > 0) {
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
      }
    });
    context_.out.write(fmt::format("Next reminder in {}.\n", describe(every_)));
  }

 private:
  const RemindOptions& options_;
  ClockTime every_;

  LiveInput& input_;
  Context& context_;
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

void add_remind_command(CommandLine& cli) {
  auto options = std::make_shared<RemindOptions>();
  CLI::App* command =
      cli.add("remind", "Remind you to stand up and stretch, at intervals",
              [options](Context& context) { return run_remind(*options, context); });
  command
      ->add_option("routine", options->routine,
                   "The routine Enter starts (default: a 5-minute session for the areas "
                   "stretched least recently)")
      ->option_text("ROUTINE");
  command->add_option("--every", options->every, "Time between reminders (default 45m)")
      ->option_text("DURATION")
      ->type_name("DURATION");
  command->add_option("--snooze", options->snooze, "How long s puts a reminder off (default 5m)")
      ->option_text("DURATION")
      ->type_name("DURATION");
  command->footer(
      "A DURATION is like 90s, 45m or 1h30m. Keys: Enter starts the routine now, s snoozes a "
      "reminder, q quits.");
}

int run_remind(const RemindOptions& options, Context& context) {
  const ReminderSettings settings{duration_option(options.every, "--every"),
                                  duration_option(options.snooze, "--snooze")};
  // A routine that cannot start fails now, not at the first reminder.
  if (!options.routine.empty()) {
    find_routine_for(options.routine, {}, context);
  }
  const std::unique_ptr<LiveInput> input = context.open_live_input();
  TerminalReminders actions(options, settings.every, *input, context);
  context.out.write(
      fmt::format("Reminding you every {} to stand up and stretch. Enter: start {} now · q: quit\n",
                  describe(settings.every), actions.offer()));
  if (const int signal = run_reminders(input->clock(), settings, actions); signal != 0) {
    throw EndedBySignal(signal);
  }
  return 0;
}

}  // namespace stretch
