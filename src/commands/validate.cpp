#include <fmt/format.h>

#include "command_line.hpp"
#include "stretch/cli.hpp"
#include "stretch/loader.hpp"

namespace stretch {

void add_validate_command(CommandLine& cli) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command =
      cli.add("validate", "Check routine files and print every problem as FILE:LINE:COL: message",
              [options](Context& context) { return run_validate(*options, context); });
  command->add_option("files", options->files, "Routine files to check")
      ->required()
      ->option_text("FILE...");
  command
      ->add_option("--lang", options->language,
                   "Also list the texts that the translation into this language lacks")
      ->option_text("LANGUAGE")
      ->type_name("LANGUAGE");
  command->footer(
      "Exit status: 0 when every file is a valid routine, 65 when one is not, 66 or 74 when a "
      "file cannot be read.");
}

int run_validate(const ValidateOptions& options, Context& context) {
  ExitCode worst = ExitCode::ok;
  for (const std::string& file : options.files) {
    try {
      const Routine routine = load_routine_at(file, context.search_dirs());
      context.out.write(fmt::format(
          "{}: ok, {} stretch{}, {}\n", quote_untrusted(file), routine.stretches.size(),
          routine.stretches.size() == 1 ? "" : "es", format_duration(routine_length(routine))));
      if (!options.language.empty()) {
        for (const std::string& missing : missing_translations(routine, options.language)) {
          context.out.write(fmt::format("{}: {}: no translation of {}\n", quote_untrusted(file),
                                        quote_untrusted(options.language), missing));
        }
      }
    } catch (const RoutineError& error) {
      context.out.write(std::string(error.what()) + "\n");
      worst = std::max(worst, error.code());
    } catch (const Error& error) {
      // A file that cannot be read is not a verdict on its contents; it
      // goes to stderr like any other error.
      context.err.write(format_error(error.what()));
      worst = std::max(worst, error.code());
    }
  }
  return static_cast<int>(worst);
}

}  // namespace stretch
