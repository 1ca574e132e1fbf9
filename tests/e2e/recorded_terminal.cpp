#include "recorded_terminal.hpp"

#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../read_file.hpp"

namespace fs = std::filesystem;

std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::vector<std::string> with_variable(std::vector<std::string> environment,
                                       const std::string& name, const std::string& value) {
  std::erase_if(environment,
                [&](const std::string& entry) { return entry.starts_with(name + "="); });
  environment.push_back(name + "=" + value);
  return environment;
}

bool has_tmux_and_script() {
  return ::access("/usr/bin/tmux", X_OK) == 0 && ::access("/usr/bin/script", X_OK) == 0;
}

RecordedTerminal::RecordedTerminal(const fs::path& dir, const std::string& name,
                                   const std::vector<std::string>& environment,
                                   const std::string& command, int columns, int rows)
    : log_(dir / (name + ".typescript")), fifo_(dir / (name + ".keys")) {
  if (::mkfifo(fifo_.c_str(), 0600) != 0) {
    throw std::runtime_error("cannot make the FIFO " + fifo_.string());
  }
  // Held open for writing all along: script reads its keyboard from the
  // FIFO, and ends when the FIFO does.
  keyboard_ = ::open(fifo_.c_str(), O_RDWR | O_CLOEXEC);
  const std::string inner = "stty rows " + std::to_string(rows) + " cols " +
                            std::to_string(columns) + "; exec " + command;
  script_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{"/bin/bash", "-c",
                               "exec /usr/bin/script -q -f -E never -c \"$1\" \"$2\" < \"$3\"",
                               "bash", inner, log_.string(), fifo_.string()},
      environment, (dir / (name + ".out")).string());
}

RecordedTerminal::~RecordedTerminal() {
  script_.reset();
  if (keyboard_ >= 0) {
    ::close(keyboard_);
  }
}

std::string RecordedTerminal::recorded() const {
  return fs::exists(log_) ? read_file(log_) : std::string();
}

bool RecordedTerminal::shows(const std::string& text, std::size_t from) const {
  return eventually([&] {
    const std::string seen = recorded();
    return seen.size() > from && seen.find(text, from) != std::string::npos;
  });
}

void RecordedTerminal::type(std::string_view keys) const {
  if (::write(keyboard_, keys.data(), keys.size()) != static_cast<ssize_t>(keys.size())) {
    throw std::runtime_error("cannot type into " + fifo_.string());
  }
}

ProcessResult RecordedTerminal::wait() {
  return script_->wait();
}

TmuxForTest::TmuxForTest(const fs::path& dir, fs::path socket, std::vector<std::string> environment,
                         const std::string& config, const std::string& command)
    : dir_(dir), socket_(std::move(socket)), environment_(std::move(environment)) {
  const fs::path config_file = dir_ / "tmux.conf";
  std::ofstream(config_file) << config;
  fs::create_directories(socket_.parent_path());
  fs::permissions(socket_.parent_path(), fs::perms::owner_all);
  const ProcessResult made =
      run_process({"/usr/bin/tmux", "-S", socket_.string(), "-f", config_file.string(),
                   "new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command},
                  environment_);
  started_ = made.exit_code == 0;
}

TmuxForTest::~TmuxForTest() {
  run_process({"/usr/bin/tmux", "-S", socket_.string(), "kill-server"}, environment_);
}

ProcessResult TmuxForTest::tmux(std::vector<std::string> args) const {
  args.insert(args.begin(), {"/usr/bin/tmux", "-S", socket_.string()});
  return run_process(args, environment_);
}

std::unique_ptr<RecordedTerminal> TmuxForTest::attach(const std::string& name,
                                                      const std::string& term, int columns,
                                                      int rows) const {
  return std::make_unique<RecordedTerminal>(
      dir_, name, with_variable(environment_, "TERM", term),
      "/usr/bin/tmux -S " + shell_quoted(socket_.string()) + " attach -t main", columns, rows);
}

std::string TmuxForTest::pane_text(const std::string& target) const {
  return tmux({"capture-pane", "-p", "-t", target}).out;
}
