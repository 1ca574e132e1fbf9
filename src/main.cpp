// Wires the command line to the commands; every error ends up here.
#include <csignal>
#include <cstdio>
#include <string_view>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "stretch/commands.hpp"
#include "stretch/error.hpp"
#include "stretch/output.hpp"
#include "version.hpp"

namespace {

void print_error(std::string_view message) {
  // One prefix per line, so that every line of a multi-line error is
  // recognisable on its own.
  while (!message.empty()) {
    const std::size_t end = message.find('\n');
    std::fprintf(stderr, "stretch: error: %.*s\n", static_cast<int>(std::min(end, message.size())),
                 message.data());
    message.remove_prefix(end == std::string_view::npos ? message.size() : end + 1);
  }
}

int run(int argc, char** argv) {
  using namespace stretch;
  CLI::App app{"stretch: a guided stretch timer for the terminal", "stretch"};
  app.set_version_flag("--version", std::string("stretch ") + stretch::version);
  app.require_subcommand(1);
  app.footer("Run `stretch COMMAND --help` for a command's options.");

  ListOptions list_options;
  ShowOptions show_options;
  StartOptions start_options;
  ValidateOptions validate_options;
  NewOptions new_options;
  HistoryOptions history_options;
  StatsOptions stats_options;
  StartOptions resume_options;
  RemindOptions remind_options;
  CLI::App* list = add_list_command(app, list_options);
  CLI::App* show = add_show_command(app, show_options);
  CLI::App* start = add_start_command(app, start_options);
  CLI::App* validate = add_validate_command(app, validate_options);
  CLI::App* create = add_new_command(app, new_options);
  CLI::App* history = add_history_command(app, history_options);
  CLI::App* stats = add_stats_command(app, stats_options);
  CLI::App* resume = add_resume_command(app, resume_options);
  CLI::App* remind = add_remind_command(app, remind_options);

  // CLI11 would only say that a command is required; name the unknown one.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* command : app.get_subcommands({})) {
      names.push_back(command->get_name());
    }
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      std::string message = fmt::format("unknown command \"{}\"", quote_untrusted(argv[1]));
      if (const auto suggestion = closest_match(argv[1], names)) {
        message += fmt::format("; did you mean \"{}\"?", *suggestion);
      } else {
        message += "; `stretch --help` lists the commands";
      }
      throw Error(ExitCode::usage, message);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& request) {
    return app.exit(request);
  } catch (const CLI::CallForAllHelp& request) {
    return app.exit(request);
  } catch (const CLI::CallForVersion& request) {
    return app.exit(request);
  } catch (const CLI::ParseError& error) {
    print_error(error.what());
    std::fprintf(stderr, "Run `stretch --help` for usage.\n");
    return static_cast<int>(ExitCode::usage);
  }

  if (list->parsed()) {
    return run_list(list_options);
  }
  if (show->parsed()) {
    return run_show(show_options);
  }
  if (start->parsed()) {
    return run_start(start_options);
  }
  if (validate->parsed()) {
    return run_validate(validate_options);
  }
  if (create->parsed()) {
    return run_new(new_options);
  }
  if (history->parsed()) {
    return run_history(history_options);
  }
  if (stats->parsed()) {
    return run_stats(stats_options);
  }
  if (resume->parsed()) {
    return run_resume(resume_options);
  }
  if (remind->parsed()) {
    return run_remind(remind_options);
  }
  return static_cast<int>(ExitCode::usage);
}

}  // namespace

int main(int argc, char** argv) {
  // A closed stdout shows up as EPIPE from write(), handled below, instead
  // of killing the process before it can restore the terminal.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const stretch::OutputClosed& closed) {
    // The reader went away, as with `| head`, or the terminal did: end
    // quietly the way Unix filters do, by the signal that stands for it.
    std::signal(closed.signal(), SIG_DFL);
    std::raise(closed.signal());
    return static_cast<int>(stretch::ExitCode::io);
  } catch (const stretch::Error& error) {
    print_error(error.what());
    return static_cast<int>(error.code());
  } catch (const std::exception& error) {
    print_error(std::string("internal error: ") + error.what());
    return 70;  // EX_SOFTWARE
  }
}
