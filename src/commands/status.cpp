#include <algorithm>
#include <cerrno>
#include <csignal>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/remind/busy.hpp"
#include "stretch/remind/control.hpp"
#include "stretch/sinks/session_files.hpp"

namespace stretch {
namespace {

// A paused session's file is not rewritten; it is left over when the pid it
// names has gone.
bool session_gone(const SessionStatus& status, const Context& context) {
  return status.pid > 0 && !context.process_runs(status.pid);
}
// Status files are a few hundred bytes; anything bigger is not one.
constexpr std::size_t largest_file = 4096;

// The file's text, or nothing when it is missing, not a regular file (a
// FIFO would make a status bar wait) or too large to be a status file.
std::optional<FileText> read_status_file(const FilePlace& place) {
  FileText read = read_small_file(place, largest_file);
  if (read.status != FileText::Status::read || read.text.size() > largest_file) {
    return std::nullopt;
  }
  return read;
}

// What the line shows, and the fields behind it.
struct Line {
  std::string state = "none";  // session, waiting, due, paused, away, none
  std::string text;
  std::string tooltip = tr("No reminder is running");
  int percentage = 0;
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
};

std::optional<Line> session_line(const FilePlace& file, std::int64_t now, const Context& context) {
  const std::optional<FileText> read = read_status_file(file);
  const std::optional<SessionStatus> status =
      read ? parse_session_status(read->text) : std::nullopt;
  if (!status || !session_status_current(*status, (now - read->modified) * 1000) ||
      session_gone(*status, context)) {
    return std::nullopt;
  }
  Line line;
  line.state = "session";
  const std::int64_t left = std::max<std::int64_t>(status->seconds_left, 0);
  std::vector<std::string> parts;
  for (const std::string& part :
       {status->stretch, status->cue.empty() ? status->phase : status->cue}) {
    if (!part.empty()) {
      parts.push_back(part);
    }
  }
  // Between a stretch's start and its first phase, which come at the same
  // moment, there is no countdown yet.
  if (!status->phase.empty()) {
    parts.push_back(format_duration(Millis{left} * 1000));
  }
  if (status->paused) {
    // TRANSLATORS: one short word in a status bar: the session is paused.
    parts.emplace_back(tr("paused"));
  }
  line.text = fmt::format("{}", fmt::join(parts, " · "));
  line.tooltip =
      // TRANSLATORS: a status bar's tooltip: the routine, the stretch, then
      // "round 2 of 3".
      fmt::format(fmt::runtime(tr("{0}: {1}, round {2} of {3}")), status->routine, status->stretch,
                  status->round, status->rounds);
  line.percentage = status->rounds > 0 ? status->round * 100 / status->rounds : 0;
  line.fields["routine"] = status->routine;
  line.fields["stretch"] = status->stretch;
  line.fields["phase"] = status->phase;
  line.fields["round"] = status->round;
  line.fields["rounds"] = status->rounds;
  line.fields["cue"] = status->cue;
  line.fields["seconds_left"] = left;
  line.fields["paused"] = status->paused;
  return line;
}

std::optional<Line> reminder_line(const ReminderFiles& files, std::int64_t now,
                                  const TimeZone& zone, const LocaleTime& locale) {
  if (!reminder_running(files)) {
    return std::nullopt;
  }
  const std::optional<FileText> read = read_status_file(files.state());
  const std::optional<StatusRecord> record =
      read ? parse_reminder_status(read->text) : std::nullopt;
  if (!record) {
    return std::nullopt;
  }
  const ReminderStatus& status = record->status;
  Line line;
  line.state = state_name(status.state);
  using State = ReminderStatus::State;
  switch (status.state) {
    case State::due:
      // TRANSLATORS: a status bar's text, kept short.
      line.text = tr("stretch now");
      line.tooltip = tr("Time to stand up and stretch");
      line.percentage = 100;
      break;
    case State::paused:
      // TRANSLATORS: a status bar's text, kept short; {} is a time of day.
      line.text = fmt::format(fmt::runtime(tr("paused until {}")),
                              format_time_of_day(zone, status.paused_until.value_or(now), locale));
      line.tooltip = tr("Reminders are paused");
      line.fields["paused_until"] = status.paused_until.value_or(now);
      break;
    case State::away:
      // TRANSLATORS: a status bar's text, one short word: the user is away.
      line.text = tr("away");
      line.tooltip = tr("Away: the countdown starts again when you are back");
      break;
    case State::busy: {
      const std::string reason = busy_reason(status.busy, zone, locale);
      line.text = reason;
      // TRANSLATORS: a status bar's tooltip; {} is why the reminder waits,
      // "after your call".
      line.tooltip = fmt::format(fmt::runtime(tr("A reminder waits: {}")), reason);
      line.percentage = 100;
      nlohmann::ordered_json names = nlohmann::ordered_json::array();
      for (const BusyKind kind : status.busy.sources) {
        names.push_back(busy_name(kind));
      }
      line.fields["busy"] = names;
      if (status.busy.until) {
        line.fields["busy_until"] = *status.busy.until;
      }
      break;
    }
    case State::waiting:
      if (!status.next) {
        line.tooltip = tr("No reminder in the working hours ahead");
        break;
      }
      const std::int64_t left = std::max<std::int64_t>(*status.next - now, 0);
      // TRANSLATORS: a status bar's text, kept short; {} is a wait like "12m".
      line.text = fmt::format(fmt::runtime(tr("stretch in {}")), format_wait(left));
      line.tooltip = fmt::format(fmt::runtime(tr("Next reminder at {}")),
                                 format_time_of_day(zone, *status.next, locale));
      line.percentage =
          record->every > 0
              ? static_cast<int>(std::clamp<std::int64_t>(100 - left * 100 / record->every, 0, 100))
              : 0;
      line.fields["next"] = *status.next;
      line.fields["seconds_left"] = left;
      break;
  }
  return line;
}

}  // namespace

void add_status_command(CommandLine& cli) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* command =
      cli.add("status", tr("Print one line on the session or the next reminder, for status bars"),
              [options](Context& context) { return run_status(*options, context); });
  add_choice_option(*command, "--format", options->format,
                    {{"text", StatusFormat::text},
                     {"json", StatusFormat::json},
                     {"waybar", StatusFormat::waybar}},
                    tr("text (the default), json fields, or waybar's custom module JSON"));
  command->footer(
      tr("Never waits: it reads the small files that a session and the reminder keep. Prints "
         "nothing when neither runs."));
}

int run_status(const StatusOptions& options, Context& context) {
  const TimeZone& zone = *context.time_zone;
  const Paths paths = context.paths();
  const std::int64_t now = context.wall_clock().epoch;
  std::optional<Line> line;
  if (const std::shared_ptr<const PrivateDir> dir = paths.open_runtime_dir(false)) {
    line = session_line({dir, session_status_name}, now, context);
    if (!line) {
      line = reminder_line({dir}, now, zone, context.locale_time);
    }
  }
  const Line shown = line.value_or(Line{});
  switch (options.format) {
    case StatusFormat::text:
      if (!shown.text.empty()) {
        context.out.write(shown.text + "\n");
      }
      break;
    case StatusFormat::json: {
      nlohmann::ordered_json json;
      json["state"] = shown.state;
      json["text"] = shown.text;
      json.update(shown.fields);
      context.out.write(json.dump() + "\n");
      break;
    }
    case StatusFormat::waybar: {
      nlohmann::ordered_json json;
      json["text"] = shown.text;
      json["tooltip"] = shown.tooltip;
      json["class"] = shown.state;
      json["percentage"] = shown.percentage;
      if (shown.fields.contains("busy")) {
        json["busy"] = shown.fields["busy"];
      }
      context.out.write(json.dump() + "\n");
      break;
    }
  }
  return 0;
}

}  // namespace stretch
