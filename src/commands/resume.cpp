#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "command_line.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {

void add_resume_command(CommandLine& cli) {
  auto options = std::make_shared<ResumeOptions>();
  CLI::App* command = cli.add(
      "resume", tr("Continue the last interrupted session, from the start of the phase it was in"),
      [options](Context& context) { return run_resume(*options, context); });
  add_session_options(*command, options->session);
}

int run_resume(const ResumeOptions& options, Context& context) {
  const SessionOptions session = resolve_session_options(options.session, context);
  const std::optional<std::filesystem::path> file = context.paths().resume_file();
  std::ifstream in;
  if (file) {
    in.open(*file);
  }
  if (!in) {
    context.out.write(
        std::string(tr("Nothing to resume: the last session ended, or none was interrupted.")) +
        "\n");
    return 0;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::optional<ResumeState> state = parse_resume_state(text.str());
  if (!state) {
    throw Error(ExitCode::data,
                fmt::format(fmt::runtime(tr("{}: not a saved session; remove it to start afresh")),
                            quote_untrusted(file->string())));
  }
  const OverrideOptions overrides{state->flow_seconds, state->rest_seconds, state->rounds};
  const FoundRoutine found = find_routine_for(state->routine, overrides, context);
  return run_routine(found, session, std::move(*state), context);
}

}  // namespace stretch
