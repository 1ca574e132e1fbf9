#include <algorithm>

#include <fmt/format.h>
#include <unistd.h>

#include "stretch/busy/sources.hpp"
#include "stretch/commands/reminder_actions.hpp"
#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/remind/control.hpp"
#include "stretch/remind/history_watch.hpp"
#include "stretch/remind/notify.hpp"
#include "stretch/remind/remind.hpp"
#include "stretch/remind/tmux.hpp"
#include "stretch/session/keys.hpp"
#include "stretch/sinks/hooks.hpp"

namespace stretch {
namespace {

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

// The reminder's files, in a directory only the user can enter.
ReminderFiles reminder_files(const Context& context) {
  std::shared_ptr<const PrivateDir> dir = context.paths().open_runtime_dir(true);
  if (!dir) {
    throw Error(ExitCode::cannot_create,
                tr("no directory for the reminder's socket: set XDG_RUNTIME_DIR or HOME"));
  }
  return {std::move(dir)};
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
  const std::size_t words = asked.size() + (options.ask.empty() ? 0 : 1);
  if (words > 1) {
    throw Error(ExitCode::usage, tr("give one of --status, --pause, --pause-until, --resume, "
                                    "--now, --skip and --ask"));
  }
  if (words == 0) {
    return std::nullopt;
  }
  if (std::any_of(options.flags.begin(), options.flags.end(),
                  [](const FlagValue& flag) { return flag.key == "remind.routine"; })) {
    throw Error(ExitCode::usage, tr("a routine goes with a new reminder, not with a word to one"));
  }
  if (asked.empty()) {
    return std::nullopt;  // --ask, whose word is the key pressed
  }
  return asked.front();
}

int talk_to_reminder(const ReminderCommand& command, Context& context) {
  const std::optional<StatusRecord> answer = send_command(reminder_files(context), command);
  if (!answer) {
    throw Error(ExitCode::unavailable,
                tr("no reminder is running; `stretch remind` or `systemctl --user start "
                   "stretch-remind` starts one"));
  }
  context.out.write(describe_reminder_status(answer->status, context));
  return 0;
}

// The popup's text, one key read, and the answer sent: what a reminder's
// tmux popup runs.
int ask_reminder(const std::string& text, Context& context) {
  const std::unique_ptr<LiveInput> input = context.open_live_input();
  if (!input->has_keys()) {
    throw Error(ExitCode::usage, tr("--ask reads a key from a terminal, and its input is not one"));
  }
  std::vector<std::string> lines;
  for (const std::string_view line : split_at(text, '\n')) {
    lines.push_back(" " + quote_untrusted(line));
  }
  // No newline after the last line: the popup is as high as the lines.
  context.out.write(fmt::format("{}", fmt::join(lines, "\n")));
  const PopupAnswer answer = wait_for_popup_key(input->clock());
  if (answer.signal != 0) {
    throw EndedBySignal(answer.signal);
  }
  context.out.write("\n");
  using Kind = ReminderCommand::Kind;
  switch (answer.action.value_or(PopupKeyAction::skip)) {
    case PopupKeyAction::start:
      return talk_to_reminder({Kind::start}, context);
    case PopupKeyAction::snooze:
      return talk_to_reminder({Kind::snooze}, context);
    case PopupKeyAction::skip:
      break;
  }
  return talk_to_reminder({Kind::skip}, context);
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
  option("--ask", options->ask,
         tr("Show TEXT, then answer the running reminder with the key pressed: Enter starts, s "
            "snoozes, q or Escape skips (what its tmux popup runs)"),
         // TRANSLATORS: a placeholder in --help for text to show, in capitals.
         trc("placeholder", "TEXT"));
  command->footer(fmt::format(
      "{} {} {}", tr("A DURATION is like 90s, 45m or 1h30m; a TIME like 14:00."),
      describe_reminder_keys(),
      tr("Without a terminal, reminders are desktop notifications with Start, Snooze and Skip, "
         "or popups with those keys on your tmux clients (--alert). One reminder runs per user; "
         "--status, --pause, --pause-until, --resume, --now and --skip talk to it, and exit 69 "
         "when none runs.")));
}

RemindOptions resolve_remind_options(RemindOptions options, const Context& context) {
  Settings settings = context.settings();
  settings.apply(options.flags);
  options.reminder = reminder_settings(settings);
  options.routine = settings.text("remind.routine");
  options.terminal = settings.text("remind.terminal");
  options.alert = settings.text("remind.alert");
  options.tmux_socket = settings.text("remind.tmux_socket");
  options.hook_timeout = settings.duration("hooks.timeout");
  options.busy = busy_settings(settings, context.environment);
  return options;
}

int run_remind(const RemindOptions& given, Context& context) {
  const TimeZone& zone = *context.time_zone;
  if (const std::optional<ReminderCommand> command = control_command(given, context, zone)) {
    return talk_to_reminder(*command, context);
  }
  if (!given.ask.empty()) {
    return ask_reminder(given.ask, context);
  }
  const RemindOptions options = resolve_remind_options(given, context);
  const ReminderSettings& settings = options.reminder;
  // A routine that cannot start fails now, not at the first reminder.
  if (!options.routine.empty()) {
    find_routine_for(options.routine, {}, context);
  }
  const ReminderFiles files = reminder_files(context);
  const ReminderLock lock(files, context.pid);
  ControlServer control(files, settings.schedule.every);
  const std::unique_ptr<LiveInput> input = context.open_live_input();
  const AlertChoice choice = parse_alert_choice(options.alert).value_or(AlertChoice{});
  AlertParts parts =
      open_alert_parts(choice, context, input->has_keys(), true, options.tmux_socket);
  Alerts alerts(choice, parts, context.err);
  Notifier* notifier = parts.desktop.get();
  const std::unique_ptr<IdleSource> idle = context.open_idle_source();
  std::unique_ptr<HookRunner> hooks;
  if (const std::optional<std::filesystem::path> dir = context.paths().hooks_dir()) {
    hooks =
        std::make_unique<HookRunner>(*dir, options.hook_timeout, context.environment, context.err);
  }
  const auto fit = [&context] {
    return routine_for("", {}, {"", offered_minutes}, context).routine;
  };
  Reminders actions({options.routine, fit, options.terminal}, settings, files.state(), *input,
                    alerts, hooks.get(), context);
  const std::string every = format_interval(settings.schedule.every);
  if (input->has_keys()) {
    // TRANSLATORS: {0} is a length of time like "45m", {1} the keys
    // ("Enter: start neck · q: quit").
    const char* reminding = tr("Reminding you every {0} to stand up and stretch. {1}");
    const std::string keys = reminder_keys_row(actions.offer().shown, std::nullopt);
    context.out.write(fmt::format(fmt::runtime(reminding), every, keys) + "\n");
  } else {
    context.err.write(
        fmt::format(fmt::runtime(notifier != nullptr || !choice.allows(AlertChannel::desktop)
                                     ? tr("Reminding you every {} to stand up and stretch.")
                                     : tr("Reminding you every {} to stand up and stretch; "
                                          "no session bus for notifications.")),
                    every) +
        "\n");
  }
  HistoryWatch sessions(history_store_of(context), context.paths().runtime_dir);
  std::vector<CommandSource*> sources{&control, &sessions};
  if (notifier != nullptr) {
    sources.push_back(notifier);
  }
  const std::unique_ptr<AllBusySources> busy = open_busy_sources(
      options.busy, {context.environment, context.proc_root, context.uid, context.pid},
      context.err);
  const ReminderWorld world{[&context] { return context.wall_clock().epoch; }, zone,    *idle,
                            [&sessions] { return sessions.last_end(); },       sources, busy.get()};
  if (const int signal = run_reminders(input->clock(), settings, world, actions); signal != 0) {
    throw EndedBySignal(signal);
  }
  return 0;
}

}  // namespace stretch
