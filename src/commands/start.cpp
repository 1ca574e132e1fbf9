#include <memory>

#include <fmt/format.h>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/session/keys.hpp"
#include "stretch/session/session.hpp"
#include "stretch/sinks/event_lines.hpp"
#include "stretch/sinks/history.hpp"
#include "stretch/sinks/hooks.hpp"
#include "stretch/sinks/live_view.hpp"
#include "stretch/sinks/sound.hpp"
#include "stretch/sinks/speech_dispatcher.hpp"

namespace stretch {
namespace {

// The sinks of one session, chosen once at the start: the view (live, text
// or JSON lines); the bell, speech and status file when asked for; and,
// for a real session, its history record and where to resume.
class SessionSinks {
 public:
  SessionSinks(const SessionOptions& options, const FoundRoutine& found, const Timeline& timeline,
               ResumeState resume, bool keys, Clock& clock, Context& context)
      : context_(context) {
    const Environment& env = context.environment;
    const bool live = options.format == OutputFormat::automatic && !options.dry_run &&
                      context.out_is_terminal && can_show_live_view(env.get("TERM"));
    if (live) {
      const Style style{use_color(options.color, true, env), locale_is_utf8(env)};
      auto view =
          std::make_unique<LiveView>(context.out, timeline, style, keys, context.screen_size);
      screen_ = view.get();
      view_ = std::move(view);
    } else if (options.format == OutputFormat::json) {
      view_ = std::make_unique<JsonSink>(context.out);
    } else {
      view_ = std::make_unique<TextSink>(context.out);
    }
    // The view hears of each event first: files written in the timing loop
    // come after what the person is waiting to see.
    all_.push_back(view_.get());
    // A dry run takes no time: nothing to ring, say or keep along the way.
    if (!options.dry_run) {
      if (options.bell) {
        add_bell(live);
      }
      if (options.say || !options.say_command.empty()) {
        add_speech(options.say_command);
      }
      if (!options.status_file.empty()) {
        // A new user's ~/.cache, where the README puts it, may not be there
        // yet; a folder that cannot be made is the first write's warning.
        std::error_code ignored;
        std::filesystem::create_directories(
            std::filesystem::path(options.status_file).parent_path(), ignored);
        add(std::make_unique<StatusFileSink>(std::filesystem::path(options.status_file),
                                             context.pid, context.err));
      }
      if (const std::optional<std::filesystem::path> dir = context.paths().hooks_dir()) {
        hooks_ = std::make_unique<HookRunner>(*dir, options.hook_timeout, context.environment,
                                              context.err);
        add(std::make_unique<HookSink>(*hooks_));
      }
      // At another speed a session is a trial run, whose countdown a status
      // bar could not show in seconds anyway; it is spared the writes.
      if (options.speed == 1.0) {
        add_status_for_bars();
      }
      add_records(options, found, timeline, std::move(resume), clock);
    }
    fan_out_ = std::make_unique<FanOutSink>(all_);
  }

  Sink& sink() { return *fan_out_; }
  Screen* screen() { return screen_; }

 private:
  Context& context_;
  std::unique_ptr<Output> terminal_;
  std::unique_ptr<Sink> view_;
  Screen* screen_ = nullptr;
  std::unique_ptr<HookRunner> hooks_;  // outlives the sink that uses it
  std::vector<std::unique_ptr<Sink>> owned_;
  std::vector<Sink*> all_;
  std::unique_ptr<FanOutSink> fan_out_;

  void add(std::unique_ptr<Sink> sink) {
    all_.push_back(sink.get());
    owned_.push_back(std::move(sink));
  }

  // `stretch status` reads the session from the runtime directory, so every
  // real session keeps its status there; without a place for it, the status
  // line shows no session.
  void add_status_for_bars() {
    std::shared_ptr<const PrivateDir> dir;
    try {
      dir = context_.paths().open_runtime_dir(true);
    } catch (const Error& error) {
      write_warning(context_.err, error.what());
    }
    if (dir) {
      add(std::make_unique<StatusFileSink>(FilePlace(dir, session_status_name), context_.pid,
                                           context_.err));
    }
  }

  void add_records(const SessionOptions& options, const FoundRoutine& found,
                   const Timeline& timeline, ResumeState resume, Clock& clock) {
    const Paths paths = context_.paths();
    const std::optional<std::filesystem::path> resume_file = paths.resume_file();
    if (!paths.history_file() || !resume_file) {
      return;
    }
    if (!options.no_history) {
      const HistoryStore store = history_store_of(context_);
      HistoryRecord record;
      record.id = new_record_id();
      record.machine = store.machine;
      record.start = context_.wall_clock();
      record.routine = found.routine.name;
      record.source = found.entry.origin == Origin::builtin
                          ? std::string(origin_name(Origin::builtin))
                          : found.entry.file.string();
      record.planned = timeline.total;
      record.stretches = timeline.stretches;
      record.speed = options.speed;
      for (const Event& event : timeline.events) {
        if (const auto* stretch = std::get_if<StretchStarted>(&event.data)) {
          record.stretch_records.push_back({stretch->id, StretchOutcome::not_reached});
        }
      }
      add(std::make_unique<HistorySink>(*store.own_file(), std::move(record), clock, context_.err));
    }
    add(std::make_unique<ResumeSink>(*resume_file, std::move(resume), context_.err));
  }

  // The bell goes to the terminal, never into a text or JSON stream.
  void add_bell(bool live) {
    if (live) {
      add(std::make_unique<BellSink>(context_.out));
      return;
    }
    terminal_ = context_.open_terminal();
    if (!terminal_) {
      write_warning(context_.err, tr("--bell: no terminal to ring"));
      return;
    }
    add(std::make_unique<BellSink>(*terminal_));
  }

  // The user's program; else Speech Dispatcher where one answers; else the
  // first speech program installed, in each utterance's language.
  void add_speech(const std::string& command) {
    const Environment& env = context_.environment;
    std::unique_ptr<Voice> voice;
    if (!command.empty()) {
      voice = std::make_unique<CommandVoice>([words = split_command(command, "--say-cmd")](
                                                 const std::string& /*language*/) { return words; },
                                             env, context_.err);
    } else {
      voice = open_speech_dispatcher(env, context_.err);
    }
    if (!voice) {
      const std::optional<std::string> program = find_speech_program(env.get("PATH").value_or(""));
      if (!program) {
        write_warning(context_.err,
                      tr("--say: no Speech Dispatcher answers, and none of espeak-ng, spd-say or "
                         "say is installed; going on in silence"));
        return;
      }
      voice = std::make_unique<CommandVoice>(
          [program = *program](const std::string& language) {
            return speech_command(program, language);
          },
          env, context_.err);
    }
    add(std::make_unique<SpeechSink>(std::move(voice)));
  }
};

// Everything that changes the terminal lives in this scope, so that it is
// restored before the caller ends the process by a signal.
SessionResult run_session(const FoundRoutine& found, const Timeline& timeline,
                          const SessionOptions& options, ResumeState resume, Context& context) {
  const Millis resume_from = resume.phase_at;
  if (options.dry_run) {
    VirtualClock clock;
    SessionSinks sinks(options, found, timeline, std::move(resume), false, clock, context);
    return Session(timeline, clock, sinks.sink()).run(resume_from);
  }
  const std::unique_ptr<LiveInput> input = context.open_live_input();
  SessionSinks sinks(options, found, timeline, std::move(resume), input->has_keys(), input->clock(),
                     context);
  return Session(timeline, input->clock(), sinks.sink(), options.speed, sinks.screen())
      .run(resume_from);
}

}  // namespace

void add_session_options(CLI::App& command, SessionOptions& options) {
  command.add_flag("--dry-run", options.dry_run,
                   tr("Print the whole session at once, on a virtual clock"));
  command.add_option("--speed", options.speed, tr("Make time run this many times faster"))
      ->check(between(0.01, 1000))
      ->option_text("X (0.01-1000)")
      ->type_name("X");
  add_setting_flags(command, "start", options.flags);
  command.footer(describe_session_keys());
}

SessionOptions resolve_session_options(SessionOptions options, const Context& context) {
  Settings settings = context.settings();
  settings.apply(options.flags);
  const std::string& format = settings.text("start.format");
  options.format = format == "json"   ? OutputFormat::json
                   : format == "text" ? OutputFormat::text
                                      : OutputFormat::automatic;
  const std::string& color = settings.text("start.color");
  options.color = color == "always"  ? ColorChoice::always
                  : color == "never" ? ColorChoice::never
                                     : ColorChoice::automatic;
  options.bell = settings.boolean("start.bell");
  options.say = settings.boolean("start.say");
  options.say_command = settings.text("start.say_cmd");
  options.no_history = settings.boolean("start.no_history");
  options.status_file = settings.text("start.status_file");
  options.hook_timeout = settings.duration("hooks.timeout");
  return options;
}

void add_start_command(CommandLine& cli) {
  auto options = std::make_shared<StartOptions>();
  CLI::App* command = cli.add("start", tr("Run a routine, guided step by step"),
                              [options](Context& context) { return run_start(*options, context); });
  command
      ->add_option("routine", options->routine, tr("A routine's name, or the path of a .json file"))
      ->option_text(tr("ROUTINE"));
  add_override_options(*command, options->overrides);
  add_fit_options(*command, options->fit);
  add_session_options(*command, options->session);
}

// What resume will find the routine by: its name; a file by its absolute
// path, from any directory; a session built to fit, saved as a file, since
// the library and the history it came from will have changed.
std::string resume_name(const FoundRoutine& found, const SessionOptions& options,
                        const Context& context) {
  if (found.entry.origin == Origin::file) {
    return std::filesystem::absolute(found.entry.file).string();
  }
  const std::optional<std::filesystem::path> file = context.paths().fitted_file();
  if (found.entry.origin != Origin::fitted || options.dry_run || !file) {
    return found.entry.name;
  }
  std::error_code ignored;
  std::filesystem::create_directories(file->parent_path(), ignored);
  try {
    replace_file(*file, routine_file_text(found.routine));
  } catch (const Error& error) {
    write_warning(context.err, fmt::format(fmt::runtime(tr("this session cannot be resumed: {}")),
                                           error.what()));
  }
  return file->string();
}

int run_start(const StartOptions& options, Context& context) {
  const SessionOptions session = resolve_session_options(options.session, context);
  const FoundRoutine found = routine_for(options.routine, options.overrides, options.fit, context);
  const std::string routine = resume_name(found, session, context);
  const OverrideOptions& overrides = options.overrides;
  return run_routine(found, session,
                     {routine, overrides.flow_seconds, overrides.rest_seconds, overrides.rounds, 0},
                     context);
}

int run_routine(const FoundRoutine& found, const SessionOptions& options, ResumeState resume,
                Context& context) {
  const Timeline timeline = plan(found.routine);
  const SessionResult result = run_session(found, timeline, options, std::move(resume), context);
  if (result.signal != 0) {
    // Dying by the same signal tells a calling shell that the user asked to
    // stop, so `stretch start x && next` does not go on to next.
    throw EndedBySignal(result.signal);
  }
  return 0;
}

}  // namespace stretch
