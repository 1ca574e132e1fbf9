#include <csignal>
#include <cstdlib>
#include <map>
#include <memory>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "stretch/clock.hpp"
#include "stretch/commands.hpp"
#include "stretch/history.hpp"
#include "stretch/live_view.hpp"
#include "stretch/output.hpp"
#include "stretch/session.hpp"
#include "stretch/session_files.hpp"
#include "stretch/sink.hpp"
#include "stretch/sound.hpp"
#include "stretch/terminal.hpp"

namespace stretch {
namespace {

// The sinks of one session, chosen once at the start: the view (live, text
// or JSON lines); the bell, speech and status file when asked for; and,
// for a real session, its history record and where to resume.
class SessionSinks {
 public:
  SessionSinks(const StartOptions& options, const FoundRoutine& found, const Timeline& timeline,
               bool keys)
      : stdout_(STDOUT_FILENO), stderr_(STDERR_FILENO) {
    const bool live = options.format == OutputFormat::automatic && !options.dry_run &&
                      can_show_live_view(STDOUT_FILENO, std::getenv("TERM"));
    if (live) {
      const Style style{
          use_color(options.color, true, std::getenv("NO_COLOR"), std::getenv("CLICOLOR_FORCE")),
          locale_is_utf8(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"))};
      view_ = std::make_unique<LiveView>(stdout_, timeline, style, keys,
                                         [] { return terminal_size(STDOUT_FILENO); });
    } else if (options.format == OutputFormat::json) {
      view_ = std::make_unique<JsonSink>(stdout_);
    } else {
      view_ = std::make_unique<TextSink>(stdout_);
    }
    std::vector<Sink*> all{view_.get()};
    // A dry run takes no time: nothing to ring or say along the way.
    if (options.bell && !options.dry_run) {
      add_bell(live);
      if (bell_) {
        all.push_back(bell_.get());
      }
    }
    if ((options.say || !options.say_command.empty()) && !options.dry_run) {
      add_speech(options.say_command);
      if (speech_) {
        all.push_back(speech_.get());
      }
    }
    if (!options.status_file.empty() && !options.dry_run) {
      status_ = std::make_unique<StatusFileSink>(options.status_file, stderr_);
      all.push_back(status_.get());
    }
    if (!options.dry_run) {
      add_records(options, found, timeline);
      for (Sink* sink : {static_cast<Sink*>(history_.get()), static_cast<Sink*>(resume_.get())}) {
        if (sink != nullptr) {
          all.push_back(sink);
        }
      }
    }
    fan_out_ = std::make_unique<FanOutSink>(std::move(all));
  }

  Sink& sink() { return *fan_out_; }

 private:
  FileOutput stdout_;
  FileOutput stderr_;
  std::unique_ptr<UniqueFd> tty_fd_;
  std::unique_ptr<FileOutput> tty_;
  std::unique_ptr<Sink> view_;
  std::unique_ptr<BellSink> bell_;
  std::unique_ptr<SpeechSink> speech_;
  std::unique_ptr<StatusFileSink> status_;
  std::unique_ptr<HistorySink> history_;
  std::unique_ptr<ResumeSink> resume_;
  std::unique_ptr<FanOutSink> fan_out_;

  void add_records(const StartOptions& options, const FoundRoutine& found,
                   const Timeline& timeline) {
    const std::optional<std::filesystem::path> dir = state_dir();
    if (!dir) {
      return;
    }
    const char* no_history = std::getenv("STRETCH_NO_HISTORY");
    if (!options.no_history && (no_history == nullptr || std::string_view(no_history) != "1")) {
      HistoryRecord record;
      record.start = WallTime::now();
      record.routine = found.routine.name;
      record.source =
          found.entry.origin == Origin::builtin ? "built-in" : found.entry.file.string();
      record.planned = timeline.total;
      record.stretches = timeline.stretches;
      history_ = std::make_unique<HistorySink>(*dir / "history.jsonl", std::move(record), stderr_);
    }
    // A file is saved by its absolute path, so that resume works from any
    // directory.
    const std::string routine = found.entry.origin == Origin::file
                                    ? std::filesystem::absolute(found.entry.file).string()
                                    : options.routine;
    const ResumeState state{routine, options.overrides.flow_seconds, options.overrides.rest_seconds,
                            options.overrides.rounds, 0};
    resume_ = std::make_unique<ResumeSink>(*dir / "resume.json", state, stderr_);
  }

  // The bell goes to the terminal, never into a text or JSON stream.
  void add_bell(bool live) {
    if (live) {
      bell_ = std::make_unique<BellSink>(stdout_);
      return;
    }
    tty_fd_ = std::make_unique<UniqueFd>(::open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC));
    if (tty_fd_->get() < 0) {
      stderr_.write("stretch: warning: --bell: no terminal to ring\n");
      return;
    }
    tty_ = std::make_unique<FileOutput>(tty_fd_->get());
    bell_ = std::make_unique<BellSink>(*tty_);
  }

  void add_speech(const std::string& command) {
    if (!command.empty()) {
      speech_ = std::make_unique<SpeechSink>(split_command(command), stderr_);
      return;
    }
    const std::optional<std::string> program = find_speech_program(std::getenv("PATH"));
    if (!program) {
      stderr_.write(
          "stretch: warning: --say: none of espeak-ng, spd-say or say is installed; going on in "
          "silence\n");
      return;
    }
    speech_ = std::make_unique<SpeechSink>(std::vector<std::string>{*program}, stderr_);
  }
};

// Everything that changes the terminal lives in this scope, so that it is
// restored before the caller re-raises a signal.
SessionResult run_session(const FoundRoutine& found, const Timeline& timeline,
                          const StartOptions& options, Millis resume_from) {
  if (options.dry_run) {
    SessionSinks sinks(options, found, timeline, false);
    VirtualClock clock;
    return Session(timeline, clock, sinks.sink()).run(resume_from);
  }
  KeyboardMode keyboard(STDIN_FILENO);
  const bool keys = keyboard.keyboard_fd() >= 0;
  SessionSinks sinks(options, found, timeline, keys);
  RealClock clock(keys ? &keyboard : nullptr);
  return Session(timeline, clock, sinks.sink(), options.speed).run(resume_from);
}

}  // namespace

CLI::App* add_start_command(CLI::App& app, StartOptions& options) {
  CLI::App* command = app.add_subcommand("start", "Run a routine, guided step by step");
  command->add_option("routine", options.routine, "Routine name, or a path to a .json file")
      ->required();
  add_override_options(*command, options.overrides);
  add_session_options(*command, options);
  return command;
}

void add_session_options(CLI::App& command, StartOptions& options) {
  add_format_option(command, options.format);
  command.add_flag("--dry-run", options.dry_run,
                   "Print the whole session at once, on a virtual clock");
  command.add_option("--speed", options.speed, "Make time run this many times faster")
      ->check(CLI::Range(0.01, 1000.0));
  const std::map<std::string, ColorChoice> colors{{"auto", ColorChoice::automatic},
                                                  {"always", ColorChoice::always},
                                                  {"never", ColorChoice::never}};
  command.add_option("--color", options.color, "Colour in the live view: auto, always or never")
      ->transform(CLI::CheckedTransformer(colors))
      ->default_str("auto");
  command.add_flag("--bell", options.bell, "Ring the terminal bell at each phase and at the end");
  command.add_flag("--say", options.say,
                   "Speak the cues with the first of espeak-ng, spd-say or say found");
  command.add_option("--say-cmd", options.say_command,
                     "Speak with this program instead, e.g. 'espeak-ng -s 140'; the text is "
                     "added as its last argument");
  command.add_flag("--no-history", options.no_history,
                   "Do not record this session (also STRETCH_NO_HISTORY=1)");
  command.add_option("--status-file", options.status_file,
                     "Keep the session's state in this JSON file, for status bars");
  command.footer(
      "Keys while it runs: space pauses and resumes, n skips to the next phase, b goes back to "
      "the start of the phase, q stops, ? lists the keys. Ctrl-Z pauses until fg.");
}

int run_start(const StartOptions& options) {
  return run_routine(find_routine_for(options.routine, options.overrides), options);
}

int run_routine(const FoundRoutine& found, const StartOptions& options, Millis resume_from) {
  const Timeline timeline = plan(found.routine);
  const SessionResult result = run_session(found, timeline, options, resume_from);
  if (result.signal != 0) {
    // Dying by the same signal tells a calling shell that the user asked to
    // stop, so `stretch start x && next` does not go on to next.
    std::signal(result.signal, SIG_DFL);
    std::raise(result.signal);
  }
  return 0;
}

}  // namespace stretch
