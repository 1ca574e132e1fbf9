#include "stretch/remind/control.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

// The reminder may be showing a notification when asked, which waits for
// the notification server a little.
constexpr timeval client_timeout{5, 0};

void set_timeouts(int fd, const timeval& timeout) {
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

sockaddr_un socket_address(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string text = path.string();
  if (text.size() >= sizeof address.sun_path) {
    throw Error(ExitCode::cannot_create,
                fmt::format(fmt::runtime(tr("{}: the path is too long for a socket")), text));
  }
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  return address;
}

constexpr std::size_t longest_line = 4096;

// Reads up to a newline or the end, at most a small line's worth.
std::string read_line(int fd) {
  std::string line;
  std::array<char, 512> buffer{};
  while (line.size() < longest_line && line.find('\n') == std::string::npos) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    line.append(buffer.data(), static_cast<std::size_t>(got));
  }
  return line.substr(0, line.find('\n'));
}

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t wrote = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (wrote < 0 && errno == EINTR) {
      continue;
    }
    if (wrote <= 0) {
      return false;
    }
    text.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

nlohmann::json optional_number(const std::optional<std::int64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

namespace {

// A POSIX record lock on the whole file: unlike flock, a process that finds
// it taken learns the holder's pid from the kernel, even in the moment
// before the holder has written it down.
flock whole_file(short type) {
  flock lock{};
  lock.l_type = type;
  lock.l_whence = SEEK_SET;
  return lock;
}

}  // namespace

ReminderLock::ReminderLock(const ReminderFiles& files, pid_t pid)
    : fd_(files.dir->open_file(ReminderFiles::lock, O_RDWR | O_CREAT | O_NONBLOCK)) {
  const std::filesystem::path shown = files.dir->path() / ReminderFiles::lock;
  struct stat info {};
  if (fd_.get() < 0 || ::fstat(fd_.get(), &info) != 0) {
    throw Error(ExitCode::cannot_create,
                fmt::format("{}: {}", quote_untrusted(shown.string()), std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    throw Error(ExitCode::cannot_create,
                fmt::format(fmt::runtime(tr("cannot read {}: not a regular file")),
                            quote_untrusted(shown.string())));
  }
  flock lock = whole_file(F_WRLCK);
  while (::fcntl(fd_.get(), F_SETLK, &lock) != 0) {
    if (errno != EAGAIN && errno != EACCES) {
      // ENOLCK on a home over NFS: no lock can be had at all.
      throw Error(ExitCode::cannot_create,
                  fmt::format("{}: {}", quote_untrusted(shown.string()), std::strerror(errno)));
    }
    flock holder = whole_file(F_WRLCK);
    if (::fcntl(fd_.get(), F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK) {
      throw Error(ExitCode::temporary_failure,
                  fmt::format(fmt::runtime(tr("a reminder is already running (pid {}); "
                                              "`stretch remind --status` talks to it")),
                              holder.l_pid));
    }
    // The holder ended in between: try again.
  }
  // For people who look; the lock itself is what counts.
  const std::string line = fmt::format("{}\n", pid);
  if (::ftruncate(fd_.get(), 0) != 0 ||
      ::pwrite(fd_.get(), line.data(), line.size(), 0) != static_cast<ssize_t>(line.size())) {
    throw Error(ExitCode::io,
                fmt::format("{}: {}", quote_untrusted(shown.string()), std::strerror(errno)));
  }
}

ReminderLock::~ReminderLock() = default;

bool reminder_running(const ReminderFiles& files) {
  if (!files.dir) {
    return false;
  }
  const UniqueFd fd(files.dir->open_file(ReminderFiles::lock, O_RDONLY | O_NONBLOCK));
  flock holder = whole_file(F_WRLCK);
  return fd.get() >= 0 && ::fcntl(fd.get(), F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK;
}

std::string format_command(const ReminderCommand& command) {
  using Kind = ReminderCommand::Kind;
  switch (command.kind) {
    case Kind::start:
      return "start\n";
    case Kind::snooze:
      return "snooze\n";
    case Kind::skip:
      return "skip\n";
    case Kind::now:
      return "now\n";
    case Kind::pause_until:
      return fmt::format("pause-until {}\n", command.until);
    case Kind::resume:
      return "resume\n";
    case Kind::status:
      return "status\n";
  }
  return "status\n";
}

std::optional<ReminderCommand> parse_command(std::string_view line) {
  using Kind = ReminderCommand::Kind;
  constexpr std::array<std::pair<std::string_view, Kind>, 6> words{{{"start", Kind::start},
                                                                    {"snooze", Kind::snooze},
                                                                    {"skip", Kind::skip},
                                                                    {"now", Kind::now},
                                                                    {"resume", Kind::resume},
                                                                    {"status", Kind::status}}};
  for (const auto& [word, kind] : words) {
    if (line == word) {
      return ReminderCommand{kind};
    }
  }
  constexpr std::string_view pause = "pause-until ";
  if (line.starts_with(pause)) {
    const std::string number(line.substr(pause.size()));
    char* end = nullptr;
    errno = 0;
    const long long until = std::strtoll(number.c_str(), &end, 10);
    if (!number.empty() && *end == '\0' && errno == 0) {
      return ReminderCommand{Kind::pause_until, until};
    }
  }
  return std::nullopt;
}

std::string format_reminder_status(const ReminderStatus& status, std::int64_t every) {
  nlohmann::ordered_json json;
  json["state"] = state_name(status.state);
  json["next"] = optional_number(status.next);
  json["paused_until"] = optional_number(status.paused_until);
  json["every"] = every;
  if (status.state == ReminderStatus::State::busy) {
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    for (const BusyKind kind : status.busy.sources) {
      names.push_back(busy_name(kind));
    }
    json["busy"] = names;
    json["busy_until"] = optional_number(status.busy.until);
  }
  if (!status.alerts.empty()) {
    json["alerts"] = alerts_json(status.alerts);
  }
  return json.dump() + "\n";
}

std::optional<StatusRecord> parse_reminder_status(std::string_view text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) {
    return std::nullopt;
  }
  using State = ReminderStatus::State;
  StatusRecord record;
  const auto number = [&](const char* key) -> std::optional<std::int64_t> {
    const auto found = json.find(key);
    if (found == json.end() || !found->is_number_integer()) {
      return std::nullopt;
    }
    return found->get<std::int64_t>();
  };
  const auto state = json.find("state");
  if (state == json.end() || !state->is_string()) {
    return std::nullopt;
  }
  const std::optional<State> known = state_named(state->get<std::string>());
  if (!known) {
    return std::nullopt;
  }
  record.status.state = *known;
  record.status.next = number("next");
  record.status.paused_until = number("paused_until");
  record.every = number("every").value_or(0);
  if (const auto busy = json.find("busy"); busy != json.end() && busy->is_array()) {
    for (const nlohmann::json& name : *busy) {
      const std::optional<BusyKind> kind =
          name.is_string() ? busy_kind_named(name.get<std::string>()) : std::nullopt;
      if (kind) {
        record.status.busy.add(*kind);
      }
    }
  }
  record.status.busy.until = number("busy_until");
  if (const auto alerts = json.find("alerts"); alerts != json.end()) {
    record.status.alerts = alerts_from_json(*alerts);
  }
  return record;
}

struct ControlServer::Client {
  Client(int socket, std::chrono::steady_clock::time_point until) : fd(socket), deadline(until) {}
  UniqueFd fd;
  std::chrono::steady_clock::time_point deadline;
  std::string line;
};

namespace {

// Only the user's own processes may steer the reminder, whatever the
// socket file's mode or the directory it is in.
bool same_user(int fd) {
  ucred peer{};
  socklen_t size = sizeof peer;
  return ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) == 0 && peer.uid == ::geteuid();
}

void watch_fd(int events, int fd) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = fd;
  ::epoll_ctl(events, EPOLL_CTL_ADD, fd, &event);
}

// What has come of a client's line so far: more to wait for, or done.
bool read_some(int fd, std::string& line) {
  std::array<char, 512> buffer{};
  while (line.size() < longest_line) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return line.find('\n') != std::string::npos;
    }
    if (got <= 0) {
      return true;  // the end, or a failed connection: answer what came
    }
    line.append(buffer.data(), static_cast<std::size_t>(got));
    if (line.find('\n') != std::string::npos) {
      return true;
    }
  }
  return true;
}

}  // namespace

ControlServer::ControlServer(const ReminderFiles& files, std::int64_t every)
    : files_(files),
      listening_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)),
      events_(::epoll_create1(EPOLL_CLOEXEC)),
      timer_(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK)),
      every_(every) {
  const std::filesystem::path path = files_.socket();
  const sockaddr_un address = socket_address(path);
  if (listening_.get() < 0 || events_.get() < 0 || timer_.get() < 0) {
    throw Error(ExitCode::cannot_create,
                fmt::format(fmt::runtime(tr("cannot create a socket: {}")), std::strerror(errno)));
  }
  // Only the holder of the lock gets here: a socket file left is a killed
  // reminder's.
  ::unlinkat(files_.dir->fd(), "remind.sock", 0);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (::bind(listening_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listening_.get(), SOMAXCONN) != 0) {
    throw Error(ExitCode::cannot_create,
                fmt::format("{}: {}", quote_untrusted(path.string()), std::strerror(errno)));
  }
  watch_fd(events_.get(), listening_.get());
  watch_fd(events_.get(), timer_.get());
}

ControlServer::~ControlServer() {
  ::unlinkat(files_.dir->fd(), "remind.sock", 0);
}

void ControlServer::accept_clients() {
  while (true) {
    const int fd = ::accept4(listening_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      return;
    }
    auto client =
        std::make_unique<Client>(fd, std::chrono::steady_clock::now() + control_request_deadline);
    if (!same_user(fd)) {
      continue;
    }
    if (clients_.size() >= control_clients) {
      clients_.erase(clients_.begin());  // the oldest, which has waited longest
    }
    watch_fd(events_.get(), fd);
    clients_.push_back(std::move(client));
  }
}

void ControlServer::arm_timer() {
  itimerspec when{};
  if (!clients_.empty()) {
    // The clients came in order, each with the same time to send.
    const auto left = std::max(clients_.front()->deadline - std::chrono::steady_clock::now(),
                               std::chrono::steady_clock::duration{1});
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
    when.it_value.tv_sec = seconds.count();
    when.it_value.tv_nsec =
        std::chrono::duration_cast<std::chrono::nanoseconds>(left - seconds).count();
  }
  ::timerfd_settime(timer_.get(), 0, &when, nullptr);
}

void ControlServer::ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) {
  std::uint64_t expirations = 0;
  [[maybe_unused]] const ssize_t drained = ::read(timer_.get(), &expirations, sizeof expirations);
  accept_clients();
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<Client>> waiting;
  for (std::unique_ptr<Client>& client : clients_) {
    if (!read_some(client->fd.get(), client->line)) {
      // Out of time: it goes without an answer.
      if (client->deadline > now) {
        waiting.push_back(std::move(client));
      }
      continue;
    }
    const std::optional<ReminderCommand> command =
        parse_command(client->line.substr(0, client->line.find('\n')));
    // The answer fits in the socket's buffer; a client that does not read
    // it loses it.
    write_all(client->fd.get(), command ? format_reminder_status(run(*command), every_)
                                        : "{\"error\":\"unknown command\"}\n");
  }
  clients_.swap(waiting);
  arm_timer();
}

std::optional<StatusRecord> send_command(const ReminderFiles& files,
                                         const ReminderCommand& command) {
  if (!files.dir) {
    return std::nullopt;
  }
  const sockaddr_un address = socket_address(files.socket());
  const UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    throw Error(ExitCode::io,
                fmt::format(fmt::runtime(tr("cannot create a socket: {}")), std::strerror(errno)));
  }
  set_timeouts(fd.get(), client_timeout);
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    // No socket, or a killed reminder's: nobody listens.
    return std::nullopt;
  }
  std::optional<StatusRecord> answer = write_all(fd.get(), format_command(command))
                                           ? parse_reminder_status(read_line(fd.get()))
                                           : std::nullopt;
  if (!answer) {
    throw Error(ExitCode::unavailable,
                tr("the running reminder did not answer; in a terminal, it answers once the "
                   "routine it runs there ends"));
  }
  return answer;
}

}  // namespace stretch
