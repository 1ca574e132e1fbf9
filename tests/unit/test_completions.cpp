// The shell completions hold copies of what the command line knows: the
// commands, each command's options and the body areas. They are written by
// hand, for each shell's own ways, so these tests hold them to the source.
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../test_paths.hpp"
#include "stretch/cli/cli.hpp"
#include "stretch/routine/routine.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

using NameSet = std::set<std::string>;

std::string completion_file(const std::string& name) {
  const std::string text = read_file(fs::path(test_paths::completions) / name);
  REQUIRE_FALSE(text.empty());
  return text;
}

std::string help_text(const std::vector<std::string>& command) {
  StringOutput out;
  StringOutput err;
  Context context{out, err, Environment{}};
  std::vector<std::string> args{"stretch"};
  args.insert(args.end(), command.begin(), command.end());
  args.emplace_back("--help");
  REQUIRE(run_command_line(args, context) == 0);
  return out.text();
}

// The rows of a section of --help ("Commands:", "Options:"), each row's
// first column.
std::vector<std::string> help_rows(const std::string& text, const std::string& heading) {
  std::vector<std::string> words;
  std::istringstream in(text.substr(text.find("\n" + heading + "\n") + heading.size() + 2));
  for (std::string line; std::getline(in, line) && !line.empty();) {
    if (line.starts_with("  ") && line[2] != ' ') {
      words.push_back(line.substr(2, line.find("  ", 2) - 2));
    }
  }
  return words;
}

NameSet command_names() {
  NameSet names;
  for (const std::string& row : help_rows(help_text({}), "Commands:")) {
    names.insert(row);
  }
  return names;
}

// "--format auto|text|json" and "--bell, --no-bell": the long names of a
// command's options, but --help, which every shell offers in its own way.
// Short names ("-n") are other names for some of them.
NameSet long_options_of(const std::string& command) {
  NameSet names;
  for (const std::string& row : help_rows(help_text({command}), "Options:")) {
    std::istringstream words(row);
    for (std::string word; words >> word;) {
      if (word.starts_with("--")) {
        names.insert(word.ends_with(',') ? word.substr(0, word.size() - 1) : word);
      }
    }
  }
  names.erase("--help");
  return names;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) {
    words.push_back(word);
  }
  return words;
}

NameSet as_set(const std::vector<std::string>& words) {
  return {words.begin(), words.end()};
}

// Every match of a pattern's first group.
std::vector<std::string> regex_groups(const std::string& text, const std::string& pattern) {
  std::vector<std::string> found;
  const std::regex regex(pattern);
  for (auto match = std::sregex_iterator(text.begin(), text.end(), regex);
       match != std::sregex_iterator(); ++match) {
    found.push_back((*match)[1].str());
  }
  return found;
}

NameSet long_options_in(const std::string& text) {
  NameSet names = as_set(regex_groups(text, R"((?:^|[^\w-])(--[a-z][a-z-]*))"));
  names.erase("--help");
  return names;
}

const std::vector<std::string> body_area_names(body_areas.begin(), body_areas.end());

}  // namespace

TEST_CASE("the bash completion offers every command and each command's options") {
  const std::string bash = completion_file("stretch.bash");
  const std::vector<std::string> first =
      regex_groups(bash, R"re(COMP_CWORD -eq 1 \]\]; then\n.*-W "([^"]*)")re");
  REQUIRE(first.size() == 1);
  NameSet offered = as_set(split_words(first.front()));
  CHECK(offered.erase("--help") == 1);
  CHECK(offered.erase("--version") == 1);
  CHECK(offered == command_names());
  for (const std::string& command : command_names()) {
    INFO(command);
    const std::vector<std::string> listed =
        regex_groups(bash, "\n    " + command + R"re(\) options="([^"]*)")re");
    REQUIRE(listed.size() == 1);
    CHECK(long_options_in(listed.front()) == long_options_of(command));
  }
}

TEST_CASE("the zsh completion offers every command, each command's options and the body areas") {
  const std::string zsh = completion_file("_stretch");
  const std::vector<std::string> first = regex_groups(zsh, R"('1:command:\(\((.*)\)\)')");
  REQUIRE(first.size() == 1);
  CHECK(as_set(regex_groups(first.front(), R"(([a-z]+)\\:)")) == command_names());
  const std::vector<std::string> overrides =
      regex_groups(zsh, R"(local -a overrides=\(([^)]*)\n  \))");
  REQUIRE(overrides.size() == 1);
  for (const std::string& command : command_names()) {
    INFO(command);
    std::vector<std::string> branch =
        regex_groups(zsh, "\n        " + command + R"(\)((?:[^;]|;[^;])*);;)");
    REQUIRE(branch.size() == 1);
    if (branch.front().find("$overrides") != std::string::npos) {
      branch.front() += overrides.front();
    }
    CHECK(long_options_in(branch.front()) == long_options_of(command));
  }
  const std::vector<std::string> area_lists = regex_groups(zsh, R"(_sequence compadd - ([^']*)')");
  CHECK(area_lists.size() == 2);
  for (const std::string& list : area_lists) {
    CHECK(split_words(list) == body_area_names);
  }
}

TEST_CASE("the fish completion offers every command, each command's options and the body areas") {
  const std::string fish = completion_file("stretch.fish");
  const std::vector<std::string> listed = regex_groups(fish, R"(\nset -l commands ([^\n]*))");
  REQUIRE(listed.size() == 1);
  CHECK(as_set(split_words(listed.front())) == command_names());
  CHECK(as_set(regex_groups(fish, R"(not __fish_seen_subcommand_from \$commands" -a ([a-z]+))")) ==
        command_names());
  std::map<std::string, NameSet> options;
  const std::regex line(
      R"re(\n(complete -c stretch -n "__fish_seen_subcommand_from ([a-z ]+)"[^\n]*))re");
  for (auto match = std::sregex_iterator(fish.begin(), fish.end(), line);
       match != std::sregex_iterator(); ++match) {
    const std::string completes = (*match)[1].str();
    for (const std::string& command : split_words((*match)[2].str())) {
      for (const std::string& name : regex_groups(completes, R"( -l ([a-z-]+))")) {
        options[command].insert("--" + name);
      }
    }
  }
  for (const std::string& command : command_names()) {
    INFO(command);
    CHECK(options[command] == long_options_of(command));
  }
  const std::vector<std::string> area_lists = regex_groups(fish, R"re(-l area -x -a "([^"]*)")re");
  REQUIRE(area_lists.size() == 1);
  CHECK(split_words(area_lists.front()) == body_area_names);
}
