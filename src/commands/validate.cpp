#include <fmt/format.h>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/routine/loader.hpp"

namespace stretch {

void add_validate_command(CommandLine& cli) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = cli.add(
      "validate", tr("Check routine files and print every problem as FILE:LINE:COL: message"),
      [options](Context& context) { return run_validate(*options, context); });
  command
      ->add_option("files", options->files,
                   tr("Routine files to check, or routines by name as start finds them"))
      ->required()
      // TRANSLATORS: a placeholder in --help for one or more routines: each a
      // file's path or a routine's name.
      ->option_text(tr("ROUTINE..."));
  command
      ->add_option("--lang", options->language,
                   tr("Also list the texts that the translation into this language lacks"))
      // TRANSLATORS: a placeholder in --help for a language code such as de.
      ->option_text(tr("LANGUAGE"))
      ->type_name(tr("LANGUAGE"));
  command->footer(
      tr("Exit status: 0 when every routine is valid, 65 when one is not, 66 or 74 when one "
         "cannot be found or read."));
}

int run_validate(const ValidateOptions& options, Context& context) {
  ExitCode worst = ExitCode::ok;
  for (const std::string& file : options.files) {
    try {
      // A name is looked up as start looks it up, so that `stretch new NAME`
      // and then `stretch validate NAME` check the file new wrote; anything
      // else is a path, with or without .json.
      const Routine routine = is_routine_name(file)
                                  ? find_routine(file, context.search_dirs()).routine
                                  : load_routine_at(file, context.search_dirs());
      const std::size_t count = routine.stretches.size();
      // TRANSLATORS: {0} is the file, {1} the number of stretches, {2} the
      // routine's length, e.g. "neck.json: ok, 3 stretches, 4:30".
      const char* verdict = trn("{0}: ok, {1} stretch, {2}", "{0}: ok, {1} stretches, {2}", count);
      context.out.write(fmt::format(fmt::runtime(verdict), quote_untrusted(file), count,
                                    format_duration(routine_length(routine))) +
                        "\n");
      if (!options.language.empty()) {
        for (const std::string& missing : missing_translations(routine, options.language)) {
          // TRANSLATORS: {0} is the file, {1} a language code, {2} where the text is.
          context.out.write(fmt::format(fmt::runtime(tr("{0}: {1}: no translation of {2}")),
                                        quote_untrusted(file), quote_untrusted(options.language),
                                        missing) +
                            "\n");
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
