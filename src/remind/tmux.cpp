#include "stretch/remind/tmux.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/output.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

template <class Number>
std::optional<Number> number(std::string_view text) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

class TmuxCommandLine final : public TmuxServer {
 public:
  TmuxCommandLine(std::filesystem::path socket, Environment environment)
      : socket_(std::move(socket)), environment_(std::move(environment)) {}
  TmuxCommandLine(const TmuxCommandLine&) = delete;
  TmuxCommandLine& operator=(const TmuxCommandLine&) = delete;
  // What still runs (a popup's client, whose popup is closed by now) goes
  // with the reminder.
  ~TmuxCommandLine() override {
    for (const pid_t pid : started_) {
      ::kill(-pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }

  std::optional<std::string> ask(const std::vector<std::string>& args) override;
  bool start(const std::vector<std::string>& args) override;

 private:
  std::filesystem::path socket_;
  Environment environment_;
  std::vector<pid_t> started_;

  // No tmux is run for a server that is not there, which is most of the
  // time for a reminder on a desktop.
  bool server_there() const {
    struct stat info {};
    return ::stat(socket_.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
  }
  // -u: what tmux prints back comes as it is; in a locale it does not take
  // for UTF-8, it would print every tab and byte beyond ASCII as '_'.
  std::vector<std::string> words(const std::vector<std::string>& args) const {
    std::vector<std::string> all{"tmux", "-u", "-S", socket_.string()};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }
  void reap() {
    std::erase_if(started_, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) != 0; });
  }
};

// Reads what fd gives until its end or the deadline; false at the deadline.
bool read_until_end(int fd, std::string& out, std::chrono::steady_clock::time_point deadline) {
  std::array<char, 4096> buffer{};
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd watched{fd, POLLIN, 0};
    const int ready = ::poll(&watched, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      return false;
    }
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return true;
    }
    out.append(buffer.data(), static_cast<std::size_t>(got));
  }
}

std::optional<std::string> TmuxCommandLine::ask(const std::vector<std::string>& args) {
  reap();
  if (!server_there()) {
    return std::nullopt;
  }
  std::array<int, 2> pipe_fds{-1, -1};
  if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    return std::nullopt;
  }
  const UniqueFd reading(pipe_fds[0]);
  const Spawned spawned = [&] {
    const UniqueFd writing(pipe_fds[1]);
    return spawn({.words = words(args),
                  .input = SpawnRequest::Input::null,
                  .output_fd = writing.get(),
                  .quiet = true,
                  .own_group = true},
                 environment_);
  }();
  if (spawned.pid < 0) {
    return std::nullopt;
  }
  const auto deadline = std::chrono::steady_clock::now() + tmux_answer_limit;
  std::string out;
  const bool ended = read_until_end(reading.get(), out, deadline) &&
                     wait_for_exit(spawned.pid, deadline - std::chrono::steady_clock::now());
  if (!ended) {
    ::kill(-spawned.pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(spawned.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!ended || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return std::nullopt;
  }
  return out;
}

bool TmuxCommandLine::start(const std::vector<std::string>& args) {
  reap();
  if (!server_there()) {
    return false;
  }
  const Spawned spawned = spawn(
      {.words = words(args), .input = SpawnRequest::Input::null, .quiet = true, .own_group = true},
      environment_);
  if (spawned.pid < 0) {
    return false;
  }
  started_.push_back(spawned.pid);
  return true;
}

std::vector<std::string_view> fields(std::string_view line) {
  return split_at(line, '\t');
}

}  // namespace

std::filesystem::path tmux_socket(const Environment& environment, uid_t uid,
                                  std::string_view setting) {
  if (!setting.empty()) {
    return std::filesystem::path(setting);
  }
  if (const auto inside = environment.non_empty("TMUX")) {
    // "/tmp/tmux-1000/default,4242,0": the socket, the server's pid, the
    // session.
    const std::string_view socket = inside->substr(0, inside->find(','));
    if (!socket.empty()) {
      return std::filesystem::path(socket);
    }
  }
  const std::filesystem::path dir(environment.non_empty("TMUX_TMPDIR").value_or("/tmp"));
  return dir / fmt::format("tmux-{}", uid) / "default";
}

std::string escape_tmux_format(std::string_view text) {
  std::string out;
  for (const char c : quote_untrusted(text)) {
    out += c;
    if (c == '#') {
      out += '#';
    }
  }
  return out;
}

std::unique_ptr<TmuxServer> tmux_command_line(std::filesystem::path socket,
                                              Environment environment) {
  return std::make_unique<TmuxCommandLine>(std::move(socket), std::move(environment));
}

std::vector<TmuxClient> parse_tmux_clients(std::string_view listing) {
  std::vector<TmuxClient> clients;
  for (const std::string_view line : split_at(listing, '\n')) {
    const std::vector<std::string_view> parts = fields(line);
    if (parts.size() != 6) {
      continue;
    }
    const auto width = number<std::size_t>(parts[1]);
    const auto height = number<std::size_t>(parts[2]);
    const auto activity = number<std::int64_t>(parts[4]);
    if (parts[0].empty() || !width || !height || !activity) {
      continue;
    }
    clients.push_back({std::string(parts[0]), *width, *height, std::string(parts[3]), *activity,
                       parts[5] == "1"});
  }
  return clients;
}

bool TmuxPane::passes_through() const {
  switch (passthrough) {
    case Passthrough::off:
      return false;
    case Passthrough::on:
      // tmux 3.3 writes what a pane passes on only to clients that show
      // the pane.
      return visible;
    case Passthrough::all:
      return true;
  }
  return false;
}

std::optional<TmuxPane> parse_tmux_pane(std::string_view line) {
  const std::vector<std::string_view> parts = fields(line.substr(0, line.find('\n')));
  if (parts.size() != 7) {
    return std::nullopt;
  }
  TmuxPane pane;
  // A flag in a format is 1 or 0; tmux 3.4 made the option a choice.
  if (parts[0] == "1" || parts[0] == "on") {
    pane.passthrough = TmuxPane::Passthrough::on;
  } else if (parts[0] == "all") {
    pane.passthrough = TmuxPane::Passthrough::all;
  }
  const bool attached = number<int>(parts[1]).value_or(0) > 0;
  // In a zoomed window only the zoomed pane is on screen.
  pane.visible = attached && parts[2] == "1" && (parts[3] != "1" || parts[4] == "1");
  pane.client_term = quote_untrusted(parts[5]);
  pane.client_version = quote_untrusted(parts[6]);
  return pane;
}

std::vector<std::string> tmux_pane_arguments(std::string_view pane) {
  std::vector<std::string> args{"display-message", "-p"};
  if (!pane.empty()) {
    args.insert(args.end(), {"-t", std::string(pane)});
  }
  args.emplace_back(tmux_pane_format);
  return args;
}

PopupSize popup_size(const std::vector<std::string>& lines) {
  std::size_t widest = 0;
  for (const std::string& line : lines) {
    widest = std::max(widest, display_width(line));
  }
  return {widest + 4, lines.size() + 2};
}

bool popup_fits(const TmuxClient& client, PopupSize size) {
  return !client.control && size.width <= client.width && size.height + 1 <= client.height;
}

std::vector<std::string> popup_arguments(const TmuxClient& client, const TmuxPopup& popup) {
  const PopupSize size = popup_size(popup.lines);
  // -EE: closed when the program ends well; an error it prints stays to be
  // read.
  std::vector<std::string> args{"display-popup",
                                "-c",
                                client.name,
                                "-EE",
                                "-w",
                                std::to_string(size.width),
                                "-h",
                                std::to_string(size.height),
                                "-T",
                                " stretch "};
  for (const std::string& variable : popup.environment) {
    args.insert(args.end(), {"-e", variable});
  }
  // More than one word: tmux runs them as they are, not through a shell.
  args.insert(args.end(), popup.command.begin(), popup.command.end());
  return args;
}

std::vector<std::string> close_popup_arguments(const TmuxClient& client) {
  return {"display-popup", "-C", "-c", client.name};
}

std::vector<std::string> message_arguments(const TmuxClient& client, std::string_view text) {
  return {"display-message", "-c", client.name, "-d", "0", escape_tmux_format(text)};
}

std::vector<std::string> new_window_arguments(std::string_view session,
                                              const std::vector<std::string>& environment,
                                              const std::vector<std::string>& words) {
  std::vector<std::string> args{"new-window", "-t", fmt::format("{}:", session), "-n", "stretch"};
  for (const std::string& variable : environment) {
    args.insert(args.end(), {"-e", variable});
  }
  args.insert(args.end(), words.begin(), words.end());
  return args;
}

TmuxAlerts::~TmuxAlerts() {
  withdraw();
}

std::optional<std::vector<TmuxClient>> TmuxAlerts::attached() {
  const std::vector<std::string> args{"list-clients", "-F", std::string(tmux_clients_format)};
  const std::optional<std::string> listing = server_->ask(args);
  if (!listing) {
    return std::nullopt;
  }
  return parse_tmux_clients(*listing);
}

std::size_t TmuxAlerts::show(const TmuxPopup& popup, std::string_view message) {
  withdraw();
  const PopupSize size = popup_size(popup.lines);
  std::size_t reached = 0;
  for (const TmuxClient& client : attached().value_or(std::vector<TmuxClient>{})) {
    if (popup_fits(client, size)) {
      if (server_->start(popup_arguments(client, popup))) {
        popups_.push_back(client);
        ++reached;
      }
    } else if (server_->ask(message_arguments(client, message))) {
      ++reached;
    }
  }
  showing_ = reached > 0;
  return reached;
}

void TmuxAlerts::withdraw() {
  for (const TmuxClient& client : popups_) {
    server_->ask(close_popup_arguments(client));
  }
  popups_.clear();
  showing_ = false;
}

bool TmuxAlerts::open_window(const std::vector<std::string>& environment,
                             const std::vector<std::string>& words) {
  const std::vector<TmuxClient> clients = attached().value_or(std::vector<TmuxClient>{});
  const auto last = std::max_element(
      clients.begin(), clients.end(),
      [](const TmuxClient& a, const TmuxClient& b) { return a.activity < b.activity; });
  if (last == clients.end()) {
    return false;
  }
  return server_->ask(new_window_arguments(last->session, environment, words)).has_value();
}

PopupAnswer wait_for_popup_key(Clock& clock) {
  while (true) {
    const Wake wake = clock.wait_until(std::nullopt);
    if (wake.kind == Wake::Kind::signal) {
      return {std::nullopt, wake.signal};
    }
    if (wake.kind != Wake::Kind::key) {
      continue;
    }
    if (wake.key != '\x1b') {
      if (const std::optional<PopupKeyAction> action = popup_key_action(wake.key)) {
        return {action, 0};
      }
      continue;
    }
    bool sequence = false;
    while (true) {
      const Wake next = clock.wait_until(clock.now() + escape_wait);
      if (next.kind == Wake::Kind::signal) {
        return {std::nullopt, next.signal};
      }
      if (next.kind != Wake::Kind::key) {
        break;
      }
      sequence = true;
    }
    if (!sequence) {
      return {PopupKeyAction::skip, 0};
    }
  }
}

}  // namespace stretch
