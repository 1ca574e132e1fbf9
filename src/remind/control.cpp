#include "stretch/remind/control.hpp"

#include <array>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"

namespace stretch {
namespace {

// A client that connects and says nothing must not hold the reminder up.
constexpr timeval server_timeout{1, 0};
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

// Reads up to a newline or the end, at most a small line's worth.
std::string read_line(int fd) {
  std::string line;
  std::array<char, 512> buffer{};
  while (line.size() < 4096 && line.find('\n') == std::string::npos) {
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
    const ssize_t wrote = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
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

ReminderFiles ReminderFiles::in(const std::filesystem::path& dir) {
  return {dir / "remind.lock", dir / "remind.sock", dir / "remind.json"};
}

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

ReminderLock::ReminderLock(const ReminderFiles& files)
    : fd_(::open(files.lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
  if (fd_.get() < 0) {
    throw Error(ExitCode::cannot_create,
                fmt::format("{}: {}", files.lock.string(), std::strerror(errno)));
  }
  flock lock = whole_file(F_WRLCK);
  while (::fcntl(fd_.get(), F_SETLK, &lock) != 0) {
    if (errno != EAGAIN && errno != EACCES) {
      // ENOLCK on a home over NFS: no lock can be had at all.
      throw Error(ExitCode::cannot_create,
                  fmt::format("{}: {}", files.lock.string(), std::strerror(errno)));
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
  const std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd_.get(), 0) != 0 ||
      ::pwrite(fd_.get(), pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    throw Error(ExitCode::io, fmt::format("{}: {}", files.lock.string(), std::strerror(errno)));
  }
}

ReminderLock::~ReminderLock() = default;

bool reminder_running(const ReminderFiles& files) {
  const UniqueFd fd(::open(files.lock.c_str(), O_RDONLY | O_CLOEXEC));
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
  bool known = false;
  for (const State candidate :
       {State::waiting, State::due, State::paused, State::away, State::busy}) {
    if (state_name(candidate) == state->get<std::string>()) {
      record.status.state = candidate;
      known = true;
    }
  }
  if (!known) {
    return std::nullopt;
  }
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
  return record;
}

ControlServer::ControlServer(const ReminderFiles& files, std::int64_t every)
    : path_(files.socket),
      listening_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)),
      every_(every) {
  const sockaddr_un address = socket_address(path_);
  if (listening_.get() < 0) {
    throw Error(ExitCode::cannot_create,
                fmt::format(fmt::runtime(tr("cannot create a socket: {}")), std::strerror(errno)));
  }
  // Only the holder of the lock gets here: a socket file left is a killed
  // reminder's.
  ::unlink(path_.c_str());
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
  if (::bind(listening_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listening_.get(), 8) != 0) {
    throw Error(ExitCode::cannot_create,
                fmt::format("{}: {}", path_.string(), std::strerror(errno)));
  }
}

ControlServer::~ControlServer() {
  ::unlink(path_.c_str());
}

void ControlServer::ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) {
  while (true) {
    const UniqueFd client(::accept4(listening_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (client.get() < 0) {
      return;
    }
    set_timeouts(client.get(), server_timeout);
    const std::optional<ReminderCommand> command = parse_command(read_line(client.get()));
    if (!command) {
      write_all(client.get(), "{\"error\":\"unknown command\"}\n");
      continue;
    }
    write_all(client.get(), format_reminder_status(run(*command), every_));
  }
}

std::optional<StatusRecord> send_command(const ReminderFiles& files,
                                         const ReminderCommand& command) {
  const sockaddr_un address = socket_address(files.socket);
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
