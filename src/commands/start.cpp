#include <csignal>
#include <cstdlib>
#include <memory>

#include <unistd.h>

#include "stretch/clock.hpp"
#include "stretch/commands.hpp"
#include "stretch/output.hpp"
#include "stretch/session.hpp"
#include "stretch/sink.hpp"
#include "stretch/terminal.hpp"

namespace stretch {
namespace {

std::unique_ptr<Sink> make_sink(const StartOptions& options, Output& output) {
  const bool live = options.format == OutputFormat::automatic && !options.dry_run &&
                    can_show_live_view(STDOUT_FILENO, std::getenv("TERM"));
  if (live) {
    return std::make_unique<LiveLineSink>(output, terminal_width(STDOUT_FILENO));
  }
  if (options.format == OutputFormat::json) {
    return std::make_unique<JsonSink>(output);
  }
  return std::make_unique<TextSink>(output);
}

// Everything that changes the terminal lives in this scope, so that it is
// restored before the caller re-raises a signal.
SessionResult run_session(const Timeline& timeline, const StartOptions& options) {
  FileOutput output(STDOUT_FILENO);
  const std::unique_ptr<Sink> sink = make_sink(options, output);
  if (options.dry_run) {
    VirtualClock clock;
    return Session(timeline, clock, *sink).run();
  }
  const KeyboardMode keyboard(STDIN_FILENO);
  RealClock clock(keyboard.keyboard_fd());
  return Session(timeline, clock, *sink, options.speed).run();
}

}  // namespace

CLI::App* add_start_command(CLI::App& app, StartOptions& options) {
  CLI::App* command = app.add_subcommand("start", "Run a routine, guided step by step");
  command->add_option("routine", options.routine, "Routine name, or a path to a .json file")
      ->required();
  add_format_option(*command, options.format);
  add_override_options(*command, options.overrides);
  command->add_flag("--dry-run", options.dry_run,
                    "Print the whole session at once, on a virtual clock");
  command->add_option("--speed", options.speed, "Make time run this many times faster")
      ->check(CLI::Range(0.01, 1000.0));
  command->footer(
      "Keys while it runs: space pauses and resumes, n skips to the next phase, q stops.");
  return command;
}

int run_start(const StartOptions& options) {
  const FoundRoutine found = find_routine_for(options.routine, options.overrides);
  const Timeline timeline = plan(found.routine);
  const SessionResult result = run_session(timeline, options);
  if (result.signal != 0) {
    // Dying by the same signal tells a calling shell that the user asked to
    // stop, so `stretch start x && next` does not go on to next.
    std::signal(result.signal, SIG_DFL);
    std::raise(result.signal);
  }
  return 0;
}

}  // namespace stretch
