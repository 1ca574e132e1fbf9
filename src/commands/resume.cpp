#include <fmt/format.h>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

// A saved session is a line of JSON; anything much larger is not one.
constexpr std::size_t resume_bytes = std::size_t{64} * 1024;

}  // namespace

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
  const FileText read = file ? read_small_file(*file, resume_bytes) : FileText{};
  if (!file || read.status == FileText::Status::missing) {
    context.out.write(
        std::string(tr("Nothing to resume: the last session ended, or none was interrupted.")) +
        "\n");
    return 0;
  }
  std::optional<ResumeState> state =
      read.status == FileText::Status::read && read.text.size() <= resume_bytes
          ? parse_resume_state(read.text)
          : std::nullopt;
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
