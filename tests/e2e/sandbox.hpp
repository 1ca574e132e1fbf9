#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "../scratch_dir.hpp"
#include "../test_paths.hpp"
#include "process.hpp"

// A user of the tests' own for the built binary: a scratch HOME, and an
// environment with nothing of the machine's user in it, only what a test
// sets, so that no routine, setting or history of theirs leaks in, and no
// reminder shows on their tmux (TMUX_TMPDIR is the scratch HOME). Time is
// the one thing carried over: the zone (UTC unless the suite is run with
// TZ set) and libfaketime's variables, so that a run of the suite at a
// faked hour (.ci/run does one at 23:59:30 and one before a change to
// summer time) reaches every stretch it starts.
class Sandbox {
 public:
  explicit Sandbox(const std::string& purpose = "e2e") : home_(purpose) {
    environment_ = {{"PATH", "/usr/bin:/bin"},
                    {"HOME", home_.path().string()},
                    {"TERM", "dumb"},
                    {"LC_ALL", "C.UTF-8"},
                    {"TZ", "UTC"},
                    {"TMUX_TMPDIR", home_.path().string()}};
    for (const char* const* variable = environ; *variable != nullptr; ++variable) {
      const std::string entry = *variable;
      const std::string name = entry.substr(0, entry.find('='));
      if (name == "TZ" || name == "LD_PRELOAD" || name.starts_with("FAKETIME")) {
        environment_[name] = entry.substr(name.size() + 1);
      }
    }
  }

  const std::filesystem::path& home() const { return home_.path(); }
  void set_environment(const std::string& name, std::string value) {
    environment_[name] = std::move(value);
  }
  void unset_environment(const std::string& name) { environment_.erase(name); }
  // "NAME=value" for each variable.
  std::vector<std::string> environment() const { return entries(environment_); }

  ProcessResult run(std::vector<std::string> args, double time_limit = patience_seconds) const {
    args.insert(args.begin(), test_paths::stretch);
    return run_process(args, environment(), time_limit);
  }

  // A bash script, with stretch's path as $0.
  ProcessResult shell(const std::string& script) const {
    return run_process({"/bin/bash", "-c", script, test_paths::stretch}, environment());
  }

  // stretch on a terminal of its own, where the live view shows.
  std::unique_ptr<PtyProcess> on_terminal(std::vector<std::string> args, bool controlling) const {
    args.insert(args.begin(), test_paths::stretch);
    std::map<std::string, std::string> environment = environment_;
    environment["TERM"] = "xterm-256color";
    return std::make_unique<PtyProcess>(args, entries(environment), controlling);
  }

 private:
  static std::vector<std::string> entries(const std::map<std::string, std::string>& variables) {
    std::vector<std::string> entries;
    for (const auto& [name, value] : variables) {
      entries.push_back(name + "=" + value);
    }
    return entries;
  }

  ScratchDir home_;
  std::map<std::string, std::string> environment_;
};
