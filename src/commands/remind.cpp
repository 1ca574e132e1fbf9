#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "stretch/control.hpp"
#include "stretch/history.hpp"
#include "stretch/hooks.hpp"
#include "stretch/i18n.hpp"
#include "stretch/keys.hpp"
#include "stretch/notify.hpp"
#include "stretch/remind.hpp"
#include "stretch/sound.hpp"
#include "stretch/spawn.hpp"

namespace stretch {
namespace {

// The length of the session a reminder offers when no routine is named.
constexpr int offered_minutes = 5;

std::string describe(std::int64_t seconds) {
  if (seconds % 3600 == 0) {
    // TRANSLATORS: a short length of time in hours, "2h".
    return fmt::format(fmt::runtime(tr("{}h")), seconds / 3600);
  }
  if (seconds >= 3600) {
    // TRANSLATORS: a short length of time in hours and minutes, "1h30m".
    return fmt::format(fmt::runtime(tr("{0}h{1}m")), seconds / 3600, seconds / 60 % 60);
  }
  if (seconds % 60 == 0) {
    // TRANSLATORS: a short length of time in minutes, "45m".
    return fmt::format(fmt::runtime(tr("{}m")), seconds / 60);
  }
  // TRANSLATORS: a short length of time in seconds, "90s".
  return fmt::format(fmt::runtime(tr("{}s")), seconds);
}

std::int64_t seconds_option(const std::string& text, std::string_view option) {
  const std::optional<ClockTime> duration = parse_duration(text);
  if (!duration) {
    throw Error(
        ExitCode::usage,
        fmt::format(fmt::runtime(tr("{0}: \"{1}\" is not a duration like 90s, 45m or 1h30m")),
                    option, quote_untrusted(text)));
  }
  return std::chrono::duration_cast<std::chrono::seconds>(*duration).count();
}

// The value, or an error in the words of message: "{0}: \"{1}\" is not
// ...", with the option and the text given.
template <class Value>
Value schedule_option(const std::optional<Value>& value, const std::string& text,
                      std::string_view option, const char* message) {
  if (!value) {
    throw Error(ExitCode::usage, fmt::format(fmt::runtime(message), option, quote_untrusted(text)));
  }
  return *value;
}

ReminderSettings settings_of(const RemindOptions& options) {
  ReminderSettings settings;
  settings.schedule.every = seconds_option(options.every, "--every");
  settings.snooze = seconds_option(options.snooze, "--snooze");
  settings.break_length = seconds_option(options.break_length, "--break");
  if (!options.hours.empty()) {
    settings.schedule.hours =
        schedule_option(parse_hours(options.hours), options.hours, "--hours",
                        tr("{0}: \"{1}\" is not a range of times like 9:00-17:30"));
  }
  if (!options.days.empty()) {
    settings.schedule.days =
        schedule_option(parse_days(options.days), options.days, "--days",
                        tr("{0}: \"{1}\" is not days like mon-fri or mon,wed,fri"));
  }
  if (!options.at.empty()) {
    settings.schedule.at = schedule_option(parse_times(options.at), options.at, "--at",
                                           tr("{0}: \"{1}\" is not times of day like 10:30,15:00"));
  }
  return settings;
}

// The reminder's files, in a directory only the user can enter.
ReminderFiles reminder_files(const Context& context) {
  const std::optional<std::filesystem::path> dir = context.paths().runtime_dir;
  if (!dir) {
    throw Error(ExitCode::cannot_create,
                tr("no directory for the reminder's socket: set XDG_RUNTIME_DIR or HOME"));
  }
  std::error_code error;
  std::filesystem::create_directories(*dir, error);
  if (error) {
    throw Error(ExitCode::cannot_create, fmt::format("{}: {}", dir->string(), error.message()));
  }
  std::filesystem::permissions(*dir, std::filesystem::perms::owner_all, error);
  return ReminderFiles::in(*dir);
}

// The answer to remind --status and the other words, in a sentence.
std::string describe_status(const ReminderStatus& status, std::int64_t now, const TimeZone& zone) {
  using State = ReminderStatus::State;
  switch (status.state) {
    case State::due:
      return std::string(tr("A reminder is due now.")) + "\n";
    case State::paused:
      return fmt::format(fmt::runtime(tr("Paused until {}.")),
                         format_time_of_day(zone, status.paused_until.value_or(now))) +
             "\n";
    case State::away:
      return std::string(tr("You are away; the countdown starts again when you are back.")) + "\n";
    case State::waiting:
      break;
  }
  if (!status.next) {
    return std::string(
               tr("No reminder is planned: the working hours and days leave no time for one.")) +
           "\n";
  }
  const std::int64_t minutes = (std::max<std::int64_t>(*status.next - now, 0) + 59) / 60;
  // TRANSLATORS: {0} is a time of day, {1} a wait like "45m".
  return fmt::format(fmt::runtime(tr("Next reminder at {0}, in {1}.")),
                     format_time_of_day(zone, *status.next),
                     describe(std::max<std::int64_t>(minutes, 1) * 60)) +
         "\n";
}

// remind --status and the other words: at most one, sent to the running
// reminder.
std::optional<ReminderCommand> control_command(const RemindOptions& options, const Context& context,
                                               const TimeZone& zone) {
  using Kind = ReminderCommand::Kind;
  std::vector<ReminderCommand> asked;
  const std::int64_t now = context.wall_clock().epoch;
  if (options.status) {
    asked.push_back({Kind::status});
  }
  if (!options.pause.empty()) {
    asked.push_back({Kind::pause_until, now + seconds_option(options.pause, "--pause")});
  }
  if (!options.pause_until.empty()) {
    const DayMinute minute =
        schedule_option(parse_time_of_day(options.pause_until), options.pause_until,
                        "--pause-until", tr("{0}: \"{1}\" is not a time of day like 14:00"));
    asked.push_back({Kind::pause_until, next_time_of_day(zone, now, minute)});
  }
  if (options.resume) {
    asked.push_back({Kind::resume});
  }
  if (options.now) {
    asked.push_back({Kind::now});
  }
  if (options.skip) {
    asked.push_back({Kind::skip});
  }
  if (asked.size() > 1) {
    throw Error(ExitCode::usage,
                tr("give one of --status, --pause, --pause-until, --resume, --now and --skip"));
  }
  if (asked.empty()) {
    return std::nullopt;
  }
  if (std::any_of(options.flags.begin(), options.flags.end(),
                  [](const FlagValue& flag) { return flag.key == "remind.routine"; })) {
    throw Error(ExitCode::usage, tr("a routine goes with a new reminder, not with a word to one"));
  }
  return asked.front();
}

// The end of the latest session that went at least half its planned
// length, read again only when the history file changes.
class SessionWatch {
 public:
  explicit SessionWatch(std::optional<std::filesystem::path> file) : file_(std::move(file)) {}

  std::optional<std::int64_t> last_end() {
    std::error_code error;
    const auto changed =
        file_ ? std::filesystem::last_write_time(*file_, error) : std::filesystem::file_time_type{};
    if (!file_ || error || changed == changed_) {
      return end_;
    }
    changed_ = changed;
    for (const HistoryRecord& record : read_history(*file_).records) {
      if (record.done * 2 >= record.planned) {
        const std::int64_t end = record.end().epoch;  // the real end, at any speed
        end_ = std::max(end_.value_or(end), end);
      }
    }
    return end_;
  }

 private:
  std::optional<std::filesystem::path> file_;
  std::filesystem::file_time_type changed_{};
  std::optional<std::int64_t> end_;
};

// Removes the reminder's status file however the reminder ends. The file is
// only for status bars: a full disk costs one warning, not the reminder.
class StateFile {
 public:
  StateFile(std::filesystem::path path, Output& warnings)
      : path_(std::move(path)), warnings_(warnings) {}
  StateFile(const StateFile&) = delete;
  StateFile& operator=(const StateFile&) = delete;
  ~StateFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  void write(const std::string& text) {
    if (text == written_) {
      return;
    }
    try {
      replace_file(path_, text, Sync::no);
      written_ = text;
      warned_ = false;
    } catch (const Error& error) {
      if (!warned_) {
        write_warning(warnings_, error.what());
        warned_ = true;
      }
    }
  }

 private:
  std::filesystem::path path_;
  Output& warnings_;
  std::string written_;
  bool warned_ = false;
};

std::string own_program() {
  std::array<char, PATH_MAX> self{};
  const ssize_t length = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  std::string path = length > 0 ? std::string(self.data(), static_cast<std::size_t>(length)) : "";
  // An upgrade replaces the binary under a reminder that runs for days;
  // the kernel then names the old one "PATH (deleted)", and PATH is the new.
  constexpr std::string_view deleted = " (deleted)";
  if (path.ends_with(deleted)) {
    path.resize(path.size() - deleted.size());
  }
  return !path.empty() && ::access(path.c_str(), X_OK) == 0 ? path : "stretch";
}

class Reminders final : public ReminderActions {
 public:
  Reminders(const RemindOptions& options, const ReminderSettings& settings, LiveInput& input,
            Notifier* notifier, StateFile& state, const TimeZone& zone, HookRunner* hooks,
            Context& context)
      : options_(options),
        hooks_(hooks),
        settings_(settings),
        input_(input),
        notifier_(notifier),
        state_(state),
        zone_(zone),
        context_(context),
        keys_(input.has_keys()) {}

  // What Start offers: the routine named, or a session built to fit the
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
    const std::string now = format_time_of_day(zone_, context_.wall_clock().epoch);
    const std::string offered = offer();
    if (hooks_ != nullptr) {
      nlohmann::ordered_json event;
      event["event"] = "reminder";
      event["routine"] = options_.routine.empty()
                             ? routine_for("", {}, {"", offered_minutes}, context_).routine.name
                             : options_.routine;
      event["at"] = format_iso8601(context_.wall_clock());
      hooks_->run("reminder", event.dump() + "\n");
    }
    if (keys_) {
      // TRANSLATORS: a reminder in the terminal: {0} is the time of day, {1}
      // the keys ("Enter: start neck · s: snooze 5m · q: quit").
      const char* reminder = tr("{0} Time to stand up and stretch. {1}");
      const std::string keys = reminder_keys_row(offered, describe(settings_.snooze));
      context_.out.write("\a" + fmt::format(fmt::runtime(reminder), now, keys) + "\n");
    } else {
      // The journal keeps what a service writes to stderr.
      // TRANSLATORS: {0} is the time of day, {1} the routine offered.
      const char* reminder = tr("{0} Time to stand up and stretch: {1}.");
      context_.err.write(fmt::format(fmt::runtime(reminder), now, offered) + "\n");
    }
    if (notifier_ != nullptr && !notifier_->show(tr("Time to stand up and stretch"), offered) &&
        !keys_ && !told_no_server_) {
      told_no_server_ = true;
      write_warning(context_.err,
                    tr("no notification server answers; `stretch status` shows when a reminder "
                       "is due"));
    }
  }

  void snoozed(std::int64_t until) override {
    withdraw();
    say(fmt::format(fmt::runtime(tr("Snoozed until {}.")), format_time_of_day(zone_, until)) +
        "\n");
  }

  void skipped() override {
    withdraw();
    say(std::string(tr("Skipped.")) + "\n");
  }

  void start_routine() override {
    withdraw();
    std::vector<std::string> start{own_program(), "start"};
    if (options_.routine.empty()) {
      start.insert(start.end(), {"--minutes", std::to_string(offered_minutes)});
    } else {
      start.push_back(options_.routine);
    }
    if (keys_) {
      // `stretch start` takes the terminal for its own view and keys until
      // it ends.
      input_.lend_terminal([&] {
        const Spawned spawned = run_in_foreground({.words = std::move(start)});
        if (spawned.pid < 0) {
          write_warning(context_.err,
                        fmt::format(fmt::runtime(tr("cannot start {0}: {1}")),
                                    quote_untrusted(own_program()), std::strerror(spawned.error)));
        }
      });
      // The countdown starts again at its end; the next status says when,
      // inside the working hours.
      tell_next_ = true;
      return;
    }
    std::vector<std::string> words = terminal_command();
    words.insert(words.end(), start.begin(), start.end());
    const Spawned spawned =
        spawn({.words = words, .input = SpawnRequest::Input::null, .quiet = true});
    if (spawned.pid < 0) {
      write_warning(context_.err,
                    fmt::format(fmt::runtime(tr("cannot start {0}: {1}")),
                                quote_untrusted(words.front()), std::strerror(spawned.error)));
    } else {
      children_.push_back(spawned.pid);
    }
  }

  void status_changed(const ReminderStatus& status) override {
    reap();
    // Answered in any way (a session in another terminal, time away, a word
    // over the socket): the notification has nothing more to say.
    if (status.state != ReminderStatus::State::due) {
      withdraw();
    }
    state_.write(format_reminder_status(status, settings_.schedule.every));
    if (tell_next_) {
      tell_next_ = false;
      context_.out.write(describe_status(status, context_.wall_clock().epoch, zone_));
    }
  }

 private:
  const RemindOptions& options_;
  HookRunner* hooks_;
  const ReminderSettings& settings_;
  LiveInput& input_;
  Notifier* notifier_;
  StateFile& state_;
  const TimeZone& zone_;
  Context& context_;
  bool keys_;
  bool told_no_server_ = false;
  bool tell_next_ = false;
  std::vector<pid_t> children_;

  void say(const std::string& text) { (keys_ ? context_.out : context_.err).write(text); }

  void withdraw() {
    if (notifier_ != nullptr) {
      notifier_->withdraw();
    }
  }

  // --terminal as given, else $TERMINAL or the Debian alternative with the
  // -e that both take before a command.
  std::vector<std::string> terminal_command() const {
    if (!options_.terminal.empty()) {
      return split_command(options_.terminal);
    }
    const auto chosen = context_.environment.non_empty("TERMINAL");
    return {chosen ? std::string(*chosen) : "x-terminal-emulator", "-e"};
  }

  void reap() {
    std::erase_if(children_, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) != 0; });
  }
};

int talk_to_reminder(const ReminderCommand& command, Context& context, const TimeZone& zone) {
  const std::optional<StatusRecord> answer = send_command(reminder_files(context), command);
  if (!answer) {
    throw Error(ExitCode::unavailable,
                tr("no reminder is running; `stretch remind` or `systemctl --user start "
                   "stretch-remind` starts one"));
  }
  context.out.write(describe_status(answer->status, context.wall_clock().epoch, zone));
  return 0;
}

}  // namespace

void add_remind_command(CommandLine& cli) {
  auto options = std::make_shared<RemindOptions>();
  CLI::App* command =
      cli.add("remind", tr("Remind you to stand up and stretch, at intervals"),
              [options](Context& context) { return run_remind(*options, context); });
  add_setting_flags(*command, "remind", options->flags);
  const auto option = [&](const std::string& name, std::string& target,
                          const std::string& description, const std::string& value) {
    command->add_option(name, target, description)->option_text(value)->type_name(value);
  };
  // TRANSLATORS: a placeholder in --help for a length of time, in capitals.
  const char* duration = tr("DURATION");
  command->add_flag("--status", options->status, tr("Tell what the running reminder will do next"));
  option("--pause", options->pause, tr("Pause the running reminder for a while, e.g. 1h"),
         duration);
  option("--pause-until", options->pause_until,
         tr("Pause the running reminder until a time, e.g. 14:00"), trc("placeholder", "TIME"));
  command->add_flag("--resume", options->resume, tr("Resume the running reminder"));
  command->add_flag("--now", options->now, tr("Have the running reminder remind now"));
  command->add_flag("--skip", options->skip, tr("Skip the running reminder's next reminder"));
  command->footer(fmt::format(
      "{} {} {}", tr("A DURATION is like 90s, 45m or 1h30m; a TIME like 14:00."),
      describe_reminder_keys(),
      tr("Without a terminal, reminders are desktop notifications with Start, Snooze and Skip. "
         "One reminder runs per user; --status, --pause, --pause-until, --resume, --now and "
         "--skip talk to it, and exit 69 when none runs.")));
}

RemindOptions resolve_remind_options(RemindOptions options, const Context& context) {
  Settings settings = context.settings();
  settings.apply(options.flags);
  options.every = settings.text("remind.every");
  options.hours = settings.text("remind.hours");
  options.days = settings.text("remind.days");
  options.at = settings.text("remind.at");
  options.routine = settings.text("remind.routine");
  options.snooze = settings.text("remind.snooze");
  options.break_length = settings.text("remind.idle");
  options.terminal = settings.text("remind.terminal");
  options.hook_timeout = settings.duration("hooks.timeout");
  return options;
}

int run_remind(const RemindOptions& given, Context& context) {
  const TimeZone& zone = *context.time_zone;
  if (const std::optional<ReminderCommand> command = control_command(given, context, zone)) {
    return talk_to_reminder(*command, context, zone);
  }
  const RemindOptions options = resolve_remind_options(given, context);
  const ReminderSettings settings = settings_of(options);
  // A routine that cannot start fails now, not at the first reminder.
  if (!options.routine.empty()) {
    find_routine_for(options.routine, {}, context);
  }
  const ReminderFiles files = reminder_files(context);
  const ReminderLock lock(files);
  ControlServer control(files, settings.schedule.every);
  StateFile state(files.state, context.err);
  const std::optional<std::string> bus = session_bus_address(context.environment);
  const std::unique_ptr<Notifier> notifier = bus ? Notifier::connect(*bus) : nullptr;
  const std::unique_ptr<LiveInput> input = context.open_live_input();
  const std::unique_ptr<IdleSource> idle = context.open_idle_source();
  std::unique_ptr<HookRunner> hooks;
  if (const std::optional<std::filesystem::path> dir = context.paths().hooks_dir()) {
    hooks =
        std::make_unique<HookRunner>(*dir, options.hook_timeout, context.environment, context.err);
  }
  Reminders actions(options, settings, *input, notifier.get(), state, zone, hooks.get(), context);
  const std::string every = describe(settings.schedule.every);
  if (input->has_keys()) {
    // TRANSLATORS: {0} is a length of time like "45m", {1} the keys
    // ("Enter: start neck · q: quit").
    const char* reminding = tr("Reminding you every {0} to stand up and stretch. {1}");
    const std::string keys = reminder_keys_row(actions.offer(), std::nullopt);
    context.out.write(fmt::format(fmt::runtime(reminding), every, keys) + "\n");
  } else {
    context.err.write(
        fmt::format(fmt::runtime(notifier ? tr("Reminding you every {} to stand up and stretch.")
                                          : tr("Reminding you every {} to stand up and stretch; "
                                               "no session bus for notifications.")),
                    every) +
        "\n");
  }
  SessionWatch sessions(context.paths().history_file());
  std::vector<CommandSource*> sources{&control};
  if (notifier) {
    sources.push_back(notifier.get());
  }
  const ReminderWorld world{[&context] { return context.wall_clock().epoch; }, zone, *idle,
                            [&sessions] { return sessions.last_end(); }, sources};
  if (const int signal = run_reminders(input->clock(), settings, world, actions); signal != 0) {
    throw EndedBySignal(signal);
  }
  return 0;
}

}  // namespace stretch
