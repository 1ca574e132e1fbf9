#include "stretch/commands/reminder_actions.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/remind/control.hpp"
#include "stretch/remind/notify.hpp"
#include "stretch/remind/tmux.hpp"
#include "stretch/session/keys.hpp"

namespace stretch {

namespace {

std::string describe_state(const ReminderStatus& status, const Context& context) {
  const std::int64_t now = context.wall_clock().epoch;
  const TimeZone& zone = *context.time_zone;
  using State = ReminderStatus::State;
  switch (status.state) {
    case State::due:
      return std::string(tr("A reminder is due now.")) + "\n";
    case State::paused:
      return fmt::format(
                 fmt::runtime(tr("Paused until {}.")),
                 format_time_of_day(zone, status.paused_until.value_or(now), context.locale_time)) +
             "\n";
    case State::away:
      return std::string(tr("You are away; the countdown starts again when you are back.")) + "\n";
    case State::busy:
      // TRANSLATORS: {} is why the reminder waits: "after your call".
      return fmt::format(fmt::runtime(tr("A reminder is due, and waits: {}.")),
                         busy_reason(status.busy, zone, context.locale_time)) +
             "\n";
    case State::waiting:
      break;
  }
  if (!status.next) {
    return std::string(
               tr("No reminder is planned: the working hours and days leave no time for one.")) +
           "\n";
  }
  // TRANSLATORS: {0} is a time of day, {1} a wait like "45m".
  return fmt::format(fmt::runtime(tr("Next reminder at {0}, in {1}.")),
                     format_time_of_day(zone, *status.next, context.locale_time),
                     format_wait(*status.next - now)) +
         "\n";
}

}  // namespace

std::string describe_reminder_status(const ReminderStatus& status, const Context& context) {
  return describe_state(status, context) + describe_alerts(status.alerts);
}

Reminders::Reminders(ReminderOffer offer, const ReminderSettings& settings,
                     const FilePlace& status_file, LiveInput& input, Alerts& alerts,
                     HookRunner* hooks, Context& context)
    : offer_(std::move(offer)),
      settings_(settings),
      status_file_(status_file, context.err),
      input_(input),
      alerts_(alerts),
      hooks_(hooks),
      context_(context),
      zone_(*context.time_zone),
      keys_(input.has_keys()),
      passed_(stretch_variables(context.environment)) {}

OfferedRoutine Reminders::offer() const {
  if (!offer_.routine.empty()) {
    return {offer_.routine, offer_.routine};
  }
  const Routine fitted = offer_.fit();
  return {fitted.name, "\"" + fitted.title + "\""};
}

void Reminders::remind() {
  show({}, true);
}

void Reminders::remind_after_busy(const Busy& waited, bool still_busy) {
  show(still_busy ? std::string() : busy_ended(waited), !still_busy);
}

void Reminders::show(const std::string& headline, bool bell) {
  const std::string now =
      format_time_of_day(zone_, context_.wall_clock().epoch, context_.locale_time);
  const OfferedRoutine offered = offer();
  if (hooks_ != nullptr) {
    nlohmann::ordered_json event;
    event["event"] = "reminder";
    event["routine"] = offered.name;
    event["at"] = format_iso8601(context_.wall_clock());
    hooks_->run("reminder", event.dump() + "\n");
  }
  const std::string snooze = format_interval(settings_.snooze);
  const std::string keys = reminder_keys_row(offered.shown, snooze);
  const std::string terminal_line =
      headline.empty()
          // TRANSLATORS: a reminder in the terminal: {0} is the time of day,
          // {1} the keys ("Enter: start neck · s: snooze 5m · q: quit").
          ? fmt::format(fmt::runtime(tr("{0} Time to stand up and stretch. {1}")), now, keys)
          // TRANSLATORS: as the reminder above, with {1} its first words
          // ("Your call has ended. Time to stand up?") and {2} the keys.
          : fmt::format(fmt::runtime(tr("{0} {1} {2}")), now, headline, keys);
  const std::string service_line =
      headline.empty()
          // TRANSLATORS: {0} is the time of day, {1} the routine offered.
          ? fmt::format(fmt::runtime(tr("{0} Time to stand up and stretch: {1}.")), now,
                        offered.shown)
          // TRANSLATORS: {0} is the time of day, {2} the reminder's first
          // words ("Your call has ended. Time to stand up?"), {1} the
          // routine offered.
          : fmt::format(fmt::runtime(tr("{0} {2} Start: {1}.")), now, offered.shown, headline);
  if (keys_) {
    context_.out.write(std::string(bell && alerts_.rings() ? "\a" : "") + terminal_line + "\n");
  } else {
    // The journal keeps what a service writes to stderr.
    context_.err.write(service_line + "\n");
  }
  const std::string title = headline.empty() ? tr("Time to stand up and stretch") : headline;
  const std::vector<std::string> popup{fmt::format("{} {}", now, title),
                                       popup_keys_row(offered.shown, snooze)};
  const Reached reached = alerts_.show({.summary = title,
                                        .detail = offered.shown,
                                        .line = keys_ ? terminal_line : service_line,
                                        .popup = popup,
                                        .answer = {context_.own_program(), "remind", "--ask",
                                                   fmt::format("{}", fmt::join(popup, "\n"))},
                                        .passed = passed_,
                                        .message = service_line});
  if (reached.desktop_failed && !reached.tmux && !keys_ && !told_no_server_) {
    told_no_server_ = true;
    write_warning(context_.err,
                  tr("no notification server answers; `stretch status` shows when a reminder "
                     "is due"));
  }
}

void Reminders::snoozed(std::int64_t until) {
  withdraw();
  say(fmt::format(fmt::runtime(tr("Snoozed until {}.")),
                  format_time_of_day(zone_, until, context_.locale_time)) +
      "\n");
}

void Reminders::skipped() {
  withdraw();
  say(std::string(tr("Skipped.")) + "\n");
}

std::vector<std::string> Reminders::start_command() const {
  std::vector<std::string> start{context_.own_program(), "start"};
  if (offer_.routine.empty()) {
    start.insert(start.end(), {"--minutes", std::to_string(offered_minutes)});
  } else {
    start.push_back(offer_.routine);
  }
  return start;
}

void Reminders::start_routine() {
  // Answered on a tmux client: the routine opens in a window there.
  const bool in_tmux = alerts_.in_tmux();
  withdraw();
  const std::vector<std::string> start = start_command();
  if (in_tmux && alerts_.tmux()->open_window(passed_, start)) {
    return;
  }
  if (keys_) {
    // `stretch start` takes the terminal for its own view and keys until
    // it ends.
    input_.lend_terminal([&] {
      const Spawned spawned = run_in_foreground({.words = start}, context_.environment);
      if (spawned.pid < 0) {
        write_warning(context_.err,
                      fmt::format(fmt::runtime(tr("cannot start {0}: {1}")),
                                  quote_untrusted(start.front()), std::strerror(spawned.error)));
      }
    });
    // The countdown starts again at its end; the next status says when,
    // inside the working hours.
    tell_next_ = true;
    return;
  }
  std::vector<std::string> words = terminal_command();
  words.insert(words.end(), start.begin(), start.end());
  const Spawned spawned = spawn({.words = words, .input = SpawnRequest::Input::null, .quiet = true},
                                context_.environment);
  if (spawned.pid < 0) {
    write_warning(context_.err,
                  fmt::format(fmt::runtime(tr("cannot start {0}: {1}")),
                              quote_untrusted(words.front()), std::strerror(spawned.error)));
  } else {
    children_.push_back(spawned.pid);
  }
}

void Reminders::status_changed(const ReminderStatus& status) {
  reap();
  // Answered in any way (a session in another terminal, time away, a word
  // over the socket): the notification has nothing more to say.
  if (status.state != ReminderStatus::State::due) {
    withdraw();
  }
  status_file_.write(format_reminder_status(status, settings_.schedule.every));
  if (tell_next_) {
    tell_next_ = false;
    context_.out.write(describe_reminder_status(status, context_));
  }
}

void Reminders::say(const std::string& text) {
  (keys_ ? context_.out : context_.err).write(text);
}

std::vector<AlertState> Reminders::alert_states() {
  return alerts_.states();
}

void Reminders::withdraw() {
  alerts_.withdraw();
}

// --terminal as given, else $TERMINAL or the Debian alternative with the
// -e that both take before a command.
std::vector<std::string> Reminders::terminal_command() const {
  if (!offer_.terminal.empty()) {
    return split_command(offer_.terminal, "remind.terminal");
  }
  const auto chosen = context_.environment.non_empty("TERMINAL");
  return {chosen ? std::string(*chosen) : "x-terminal-emulator", "-e"};
}

void Reminders::reap() {
  std::erase_if(children_, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) != 0; });
}

namespace {

// The names that tell the terminal. Inside tmux the pane's TERM is tmux's
// own, and the client's tells instead, with the answer tmux had from the
// terminal to its own XTVERSION; inside screen, TERM is screen's.
TerminalNames names_seen(const Context& context, Multiplexer through, TmuxServer* own_tmux,
                         std::string_view pane) {
  TerminalNames names = terminal_names(context.environment);
  if (through == Multiplexer::screen) {
    names.term.clear();
  }
  if (through == Multiplexer::tmux) {
    names.term.clear();
    const std::optional<std::string> line =
        own_tmux != nullptr ? own_tmux->ask(tmux_pane_arguments(pane)) : std::nullopt;
    if (const std::optional<TmuxPane> seen = line ? parse_tmux_pane(*line) : std::nullopt) {
      names.term = seen->client_term;
      names.version = seen->client_version;
    }
  }
  return names;
}

// What the terminal says its name is, when nothing else told: asked once,
// for as long as a round trip over SSH takes.
TerminalNotice asked_notice(Context& context, TerminalNames names, Multiplexer through) {
  const std::string reply =
      context.ask_terminal(terminal_version_query, terminal_query_answered,
                           std::chrono::milliseconds(terminal_query_milliseconds));
  if (const std::optional<std::string> version = parse_terminal_version(reply)) {
    // tmux answers for the terminal outside when TMUX was not passed on.
    if (version->starts_with("tmux") && through == Multiplexer::none) {
      through = Multiplexer::tmux;
    } else {
      names.version = *version;
    }
  }
  TerminalNotice notice = terminal_notice(names);
  notice.through = through;
  return notice;
}

}  // namespace

AlertParts open_alert_parts(const AlertChoice& choice, Context& context, bool has_terminal,
                            bool ask_terminal, std::string_view tmux_setting) {
  AlertParts parts;
  parts.has_terminal = has_terminal;
  const Environment& environment = context.environment;
  parts.over_ssh = environment.non_empty("SSH_CONNECTION") || environment.non_empty("SSH_TTY");
  if (choice.allows(AlertChannel::desktop)) {
    if (const std::optional<std::string> bus = session_bus_address(environment)) {
      parts.desktop = Notifier::connect(*bus);
    }
  }
  const Multiplexer through = multiplexer_of(environment);
  if (through == Multiplexer::tmux) {
    parts.own_tmux = context.open_tmux(tmux_socket(environment, context.uid, ""));
    parts.pane = std::string(environment.non_empty("TMUX_PANE").value_or(""));
  }
  if (has_terminal && choice.allows(AlertChannel::terminal)) {
    parts.terminal = context.open_terminal();
    const TerminalNames names = names_seen(context, through, parts.own_tmux.get(), parts.pane);
    parts.names = names;
    if (!known_terminal(names) && through != Multiplexer::tmux && ask_terminal && parts.terminal) {
      parts.notice = asked_notice(context, names, through);
    } else {
      parts.notice = terminal_notice(names);
      parts.notice.through = through;
    }
  }
  // The terminal's notification falls back on tmux when tmux holds it back.
  if (choice.allows(AlertChannel::tmux) ||
      (parts.terminal && parts.notice.through == Multiplexer::tmux)) {
    if (std::unique_ptr<TmuxServer> server =
            context.open_tmux(tmux_socket(environment, context.uid, tmux_setting))) {
      parts.tmux = std::make_unique<TmuxAlerts>(std::move(server));
    }
  }
  return parts;
}

}  // namespace stretch
