#pragma once

#include <CLI/CLI.hpp>

namespace stretch {

// Help that reads like a hand-written man page: a usage line, the
// description, arguments and options in two columns with each option's
// value as a word ("--format auto|text|json", "--flow SECONDS (1-1800)"),
// wrapped to 80 columns, and the footer. The same for every command.
class HelpFormatter final : public CLI::FormatterBase {
 public:
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;
};

}  // namespace stretch
