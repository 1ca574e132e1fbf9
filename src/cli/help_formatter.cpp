#include "help_formatter.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

constexpr std::size_t page_width = 80;
constexpr std::size_t name_column = 2;
constexpr std::size_t widest_name = 26;  // a longer one puts its text on the next line

std::string upper(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

// An argument's word in usage and in its row: its option text, else its
// name in capitals.
std::string argument_word(const CLI::Option* positional) {
  return positional->get_option_text().empty() ? upper(positional->get_name())
                                               : positional->get_option_text();
}

// "-n, --last N" or "--format auto|text|json".
std::string option_word(const CLI::Option* option) {
  std::vector<std::string> names;
  for (const std::string& name : option->get_snames()) {
    names.push_back("-" + name);
  }
  for (const std::string& name : option->get_lnames()) {
    names.push_back("--" + name);
  }
  std::string word = fmt::format("{}", fmt::join(names, ", "));
  if (!option->get_option_text().empty()) {
    word += " " + option->get_option_text();
  }
  return word;
}

// A two-column row: the word, then the text wrapped beside it.
std::string row(const std::string& word, const std::string& text, std::size_t column) {
  const std::size_t text_column = name_column + column + 2;
  std::string out = std::string(name_column, ' ') + word;
  const std::vector<std::string> lines = wrap_words(text, page_width - text_column);
  bool first = true;
  for (const std::string& line : lines) {
    if (first && display_width(word) <= column) {
      out += std::string(text_column - name_column - display_width(word), ' ');
    } else {
      out += "\n" + std::string(text_column, ' ');
    }
    out += line;
    first = false;
  }
  return out + "\n";
}

std::string paragraph(const std::string& text) {
  std::string out;
  for (const std::string& line : wrap_words(text, page_width)) {
    out += line + "\n";
  }
  return out;
}

std::string usage(const CLI::App* app, const std::string& name,
                  const std::vector<const CLI::Option*>& positionals) {
  // TRANSLATORS: the heading of the usage line in --help, followed by the
  // command, e.g. "Usage: stretch start [OPTIONS] [ROUTINE]".
  std::string line = fmt::format(fmt::runtime(tr("Usage: {}")), name);
  if (!app->get_subcommands({}).empty()) {
    // TRANSLATORS: the placeholder for a command in the usage line, in capitals.
    line += fmt::format(" {}", tr("COMMAND"));
  }
  // TRANSLATORS: the placeholder for the options in the usage line, in capitals.
  line += fmt::format(" [{}]", tr("OPTIONS"));
  for (const CLI::Option* positional : positionals) {
    const std::string word = argument_word(positional);
    line += positional->get_required() ? " " + word : " [" + word + "]";
  }
  return line + "\n";
}

}  // namespace

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode /*mode*/) const {
  if (const CLI::App* parent = app->get_parent(); parent != nullptr) {
    name = parent->get_name() + " " + app->get_name();
  }
  std::vector<const CLI::Option*> positionals;
  std::vector<const CLI::Option*> options;
  for (const CLI::Option* option : app->get_options()) {
    (option->nonpositional() ? options : positionals).push_back(option);
  }
  const std::vector<const CLI::App*> commands = app->get_subcommands({});

  std::size_t column = 0;
  for (const CLI::Option* positional : positionals) {
    column = std::max(column, display_width(argument_word(positional)));
  }
  for (const CLI::Option* option : options) {
    column = std::max(column, display_width(option_word(option)));
  }
  for (const CLI::App* command : commands) {
    column = std::max(column, display_width(command->get_name()));
  }
  column = std::min(column, widest_name);

  std::string out = usage(app, name, positionals) + "\n" + paragraph(app->get_description());
  if (!commands.empty()) {
    // TRANSLATORS: a section heading in --help.
    out += fmt::format("\n{}\n", tr("Commands:"));
    for (const CLI::App* command : commands) {
      out += row(command->get_name(), command->get_description(), column);
    }
  }
  if (!positionals.empty()) {
    // TRANSLATORS: a section heading in --help.
    out += fmt::format("\n{}\n", tr("Arguments:"));
    for (const CLI::Option* positional : positionals) {
      out += row(argument_word(positional), positional->get_description(), column);
    }
  }
  // TRANSLATORS: a section heading in --help.
  out += fmt::format("\n{}\n", tr("Options:"));
  for (const CLI::Option* option : options) {
    out += row(option_word(option), option->get_description(), column);
  }
  if (!app->get_footer().empty()) {
    out += "\n" + paragraph(app->get_footer());
  }
  return out;
}

}  // namespace stretch
