#include "stretch/cli/cli.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "help_formatter.hpp"
#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "version.hpp"

namespace stretch {
namespace {

struct CommandEntry {
  std::string_view name;
  void (*add)(CommandLine&);
};
// In the order `stretch --help` lists them.
constexpr std::array<CommandEntry, 11> all_commands{{
    {"list", add_list_command},
    {"show", add_show_command},
    {"start", add_start_command},
    {"resume", add_resume_command},
    {"history", add_history_command},
    {"stats", add_stats_command},
    {"remind", add_remind_command},
    {"status", add_status_command},
    {"validate", add_validate_command},
    {"new", add_new_command},
    {"config", add_config_command},
}};

// Builds the command named first, or all of them for the top level's help
// and errors. A status bar runs `stretch status` every few seconds, and
// building every command's options is a quarter of its start-up.
void add_commands(CommandLine& cli, const std::vector<std::string>& args) {
  const auto asked = std::find_if(all_commands.begin(), all_commands.end(), [&](const auto& entry) {
    return args.size() > 1 && entry.name == args[1];
  });
  if (asked != all_commands.end()) {
    asked->add(cli);
    return;
  }
  for (const CommandEntry& entry : all_commands) {
    entry.add(cli);
  }
}

// CLI11 would only say that a command is required; name the unknown one.
void check_command_name(const CLI::App& app, const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1].starts_with('-')) {
    return;
  }
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) {
    names.push_back(command->get_name());
  }
  if (std::find(names.begin(), names.end(), args[1]) == names.end()) {
    throw Error(ExitCode::usage,
                fmt::format(fmt::runtime(tr("unknown command \"{}\"")), quote_untrusted(args[1])) +
                    did_you_mean(args[1], names, tr("`stretch --help` lists the commands")));
  }
}

// CLI11's messages, in the words of the rest of stretch's errors.
std::string describe_parse_error(const CLI::ParseError& error, const CLI::App* command) {
  std::string message = error.what();
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    return fmt::format(fmt::runtime(tr("{} needs a value")), message.substr(0, message.find(':')));
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&error) == nullptr) {
    return message;
  }
  const std::string extra = message.substr(message.rfind(' ') + 1);
  if (!extra.starts_with('-') || command == nullptr) {
    return fmt::format(fmt::runtime(tr("unexpected argument \"{}\"")), quote_untrusted(extra));
  }
  std::vector<std::string> options;
  for (const CLI::Option* option : command->get_options()) {
    for (const std::string& name : option->get_lnames()) {
      options.push_back("--" + name);
    }
  }
  return fmt::format(fmt::runtime(tr("unknown option {}")), quote_untrusted(extra)) +
         did_you_mean(extra, options,
                      fmt::format(fmt::runtime(tr("`stretch {} --help` lists the options")),
                                  command->get_name()));
}

}  // namespace

int run_command_line(const std::vector<std::string>& args, Context& context) {
  const std::string version_text = fmt::format("stretch {}", version);
  // Scripts ask this often; it needs no command line, and answering before
  // building one also spares CLI11's exception for it.
  if (args.size() == 2 && args[1] == "--version") {
    context.out.write(version_text + "\n");
    return 0;
  }
  CLI::App app{tr("A guided stretch timer for the terminal."), "stretch"};
  app.formatter(std::make_shared<HelpFormatter>());
  app.option_defaults()->always_capture_default(false);
  app.set_help_flag("-h,--help", tr("Print this help and exit"));
  app.set_version_flag("--version", version_text, tr("Print the version and exit"));
  app.require_subcommand(1);
  app.footer(tr("Run `stretch COMMAND --help` for a command's options."));
  CommandLine cli{app, context};
  add_commands(cli, args);
  check_command_name(app, args);
  // CLI11 takes the arguments last first.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  reversed.pop_back();
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    context.out.write(app.help());
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    context.out.write(app.help());
    return 0;
  } catch (const CLI::CallForVersion&) {
    context.out.write(version_text + "\n");
    return 0;
  } catch (const CLI::ParseError& error) {
    const CLI::App* command =
        app.get_subcommands().empty() ? nullptr : app.get_subcommands().front();
    const std::string help =
        command != nullptr ? "stretch " + command->get_name() + " --help" : "stretch --help";
    const std::string message = args.size() < 2 ? std::string(tr("no command given"))
                                                : describe_parse_error(error, command);
    context.err.write(format_error(message) +
                      fmt::format(fmt::runtime(tr("Run `{}` for usage.")), help) + "\n");
    return static_cast<int>(ExitCode::usage);
  }
  return cli.exit_code;
}

}  // namespace stretch
