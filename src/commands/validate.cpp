#include <fmt/format.h>
#include <unistd.h>

#include "stretch/commands.hpp"
#include "stretch/loader.hpp"
#include "stretch/output.hpp"

namespace stretch {

CLI::App* add_validate_command(CLI::App& app, ValidateOptions& options) {
  CLI::App* command = app.add_subcommand(
      "validate", "Check routine files and print every problem as FILE:LINE:COL: message");
  command->add_option("files", options.files, "Routine files to check")->required();
  command->footer(
      "Exit status: 0 when every file is a valid routine, 65 when one is not, 66 or 74 when a "
      "file cannot be read.");
  return command;
}

int run_validate(const ValidateOptions& options) {
  FileOutput out(STDOUT_FILENO);
  FileOutput err(STDERR_FILENO);
  ExitCode worst = ExitCode::ok;
  for (const std::string& file : options.files) {
    try {
      const Routine routine = load_routine_file(file);
      out.write(fmt::format("{}: ok, {} stretch{}, {}\n", quote_untrusted(file),
                            routine.stretches.size(), routine.stretches.size() == 1 ? "" : "es",
                            format_duration(routine_length(routine))));
    } catch (const RoutineError& error) {
      out.write(std::string(error.what()) + "\n");
      worst = std::max(worst, error.code());
    } catch (const Error& error) {
      // A file that cannot be read is not a verdict on its contents; it
      // goes to stderr like any other error.
      err.write(fmt::format("stretch: error: {}\n", error.what()));
      worst = std::max(worst, error.code());
    }
  }
  return static_cast<int>(worst);
}

}  // namespace stretch
