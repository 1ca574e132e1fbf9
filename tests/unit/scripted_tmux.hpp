#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stretch/platform/output.hpp"
#include "stretch/remind/tmux.hpp"

// A tmux server as a test scripts it: list-clients and the pane's
// display-message answer what the test set, every other command succeeds
// while a server is there, and all that was asked is kept in order. The
// real one, tmux itself, is tested against a real server in the e2e suite.
class ScriptedTmux final : public stretch::TmuxServer {
 public:
  // list-clients' answer, in tmux_clients_format; nothing: no server.
  std::optional<std::string> clients = std::string();
  // display-message -p's answer for the pane, in tmux_pane_format.
  std::string pane;
  std::vector<std::vector<std::string>> asked;
  std::vector<std::vector<std::string>> started;

  std::optional<std::string> ask(const std::vector<std::string>& args) override {
    asked.push_back(args);
    if (!clients) {
      return std::nullopt;
    }
    if (args.front() == "list-clients") {
      return clients;
    }
    if (args.front() == "display-message" && args.at(1) == "-p") {
      return pane;
    }
    return std::string();
  }
  bool start(const std::vector<std::string>& args) override {
    started.push_back(args);
    return clients.has_value();
  }

  // The commands asked whose first word is command.
  std::vector<std::vector<std::string>> asked_for(const std::string& command) const {
    std::vector<std::vector<std::string>> found;
    for (const auto& args : asked) {
      if (args.front() == command) {
        found.push_back(args);
      }
    }
    return found;
  }
};

// An Output that keeps what is written, for the terminal a reminder's
// escape sequences go to, owned by whoever opens it.
class SharedOutput final : public stretch::Output {
 public:
  explicit SharedOutput(std::string& text) : text_(text) {}
  void write(std::string_view text) override { text_ += text; }

 private:
  std::string& text_;
};
