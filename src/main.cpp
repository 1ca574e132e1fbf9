// Builds the process's Context, runs the command line, and ends the
// process: every error is caught here, once.
#include <clocale>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include <fmt/format.h>

#include "stretch/cli/cli.hpp"
#include "stretch/platform/i18n.hpp"

extern char** environ;

int main(int argc, char** argv) {
  // A closed stdout shows up as EPIPE from write(), so that the terminal is
  // restored and the session recorded before the process ends by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  // Messages and the calendar's conventions in the user's language; numbers
  // stay in the C locale, since JSON and the command line use its decimal
  // point.
  std::setlocale(LC_CTYPE, "");
  std::setlocale(LC_MESSAGES, "");
  std::setlocale(LC_TIME, "");
  stretch::use_message_catalog(stretch::own_executable());
  stretch::FileOutput out(STDOUT_FILENO);
  stretch::FileOutput err(STDERR_FILENO);
  try {
    stretch::Context context = stretch::process_context(out, err, environ);
    return stretch::run_command_line({argv, argv + argc}, context);
  } catch (const stretch::EndedBySignal& ended) {
    // Interrupted, hung up, or read by `| head`: end the way the shell
    // expects of a program stopped by that signal.
    std::signal(ended.signal(), SIG_DFL);
    std::raise(ended.signal());
    return 128 + ended.signal();
  } catch (const stretch::Error& error) {
    std::fputs(stretch::format_error(error.what()).c_str(), stderr);
    return static_cast<int>(error.code());
  } catch (const std::exception& error) {
    std::fputs(stretch::format_error(
                   fmt::format(fmt::runtime(stretch::tr("internal error: {}")), error.what()))
                   .c_str(),
               stderr);
    return 70;  // EX_SOFTWARE
  }
}
