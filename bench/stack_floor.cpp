// The least that any stretch command does before its own work, on the same
// stack and built the same way: the locale, the message catalog, a CLI11
// command line with one command, parsed, and a line printed. `make bench`
// times it beside stretch, so that the figures show how much of stretch's
// start-up is its own and how much the floor it stands on.
#include <clocale>
#include <cstdio>

#include <libintl.h>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  std::setlocale(LC_CTYPE, "");
  std::setlocale(LC_MESSAGES, "");
  std::setlocale(LC_TIME, "");
  bindtextdomain("stretch", STRETCH_LOCALE);
  textdomain("stretch");
  CLI::App app{gettext("A guided stretch timer for the terminal."), "stretch"};
  app.require_subcommand(1);
  bool json = false;
  CLI::App* status = app.add_subcommand("status", gettext("Print the status"));
  status->add_flag("--json", json, gettext("Print JSON"));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  std::puts(json ? "{}" : "none");
  return 0;
}
