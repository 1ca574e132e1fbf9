#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

#include "stretch/commands.hpp"
#include "stretch/error.hpp"
#include "stretch/output.hpp"
#include "stretch/session_files.hpp"

namespace stretch {

CLI::App* add_resume_command(CLI::App& app, StartOptions& options) {
  CLI::App* command = app.add_subcommand(
      "resume", "Continue the last interrupted session, from the start of the phase it was in");
  add_session_options(*command, options);
  return command;
}

int run_resume(const StartOptions& options) {
  const std::optional<std::filesystem::path> file = resume_file();
  std::ifstream in;
  if (file) {
    in.open(*file);
  }
  if (!in) {
    FileOutput(STDOUT_FILENO)
        .write("Nothing to resume: the last session ended, or none was interrupted.\n");
    return 0;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::optional<ResumeState> state = parse_resume_state(text.str());
  if (!state) {
    throw Error(ExitCode::data, fmt::format("{}: not a saved session; remove it to start afresh",
                                            quote_untrusted(file->string())));
  }
  StartOptions resumed = options;
  resumed.routine = state->routine;
  resumed.overrides = {state->flow_seconds, state->rest_seconds, state->rounds};
  return run_routine(find_routine_for(resumed.routine, resumed.overrides), resumed,
                     state->phase_at);
}

}  // namespace stretch
