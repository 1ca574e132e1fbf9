#include "stretch/remind/idle.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <sys/stat.h>

#include "stretch/platform/sd_bus.hpp"

namespace stretch {

TerminalIdleSource::TerminalIdleSource(uid_t user, std::filesystem::path dev_root)
    : user_(user), dev_root_(std::move(dev_root)) {}

TerminalIdleSource::TerminalIdleSource(std::vector<std::filesystem::path> terminals)
    : terminals_(std::move(terminals)) {}

std::vector<std::filesystem::path> user_terminals(uid_t user,
                                                  const std::filesystem::path& dev_root) {
  std::vector<std::filesystem::path> found;
  const auto add_owned = [&](const std::filesystem::path& file) {
    struct stat status {};
    if (::stat(file.c_str(), &status) == 0 && S_ISCHR(status.st_mode) && status.st_uid == user) {
      found.push_back(file);
    }
  };
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dev_root / "pts", error)) {
    if (entry.path().filename() != "ptmx") {
      add_owned(entry.path());
    }
  }
  // The virtual consoles a user logged in on belong to them meanwhile.
  for (int console = 1; console <= 12; ++console) {
    add_owned(dev_root / fmt::format("tty{}", console));
  }
  return found;
}

std::optional<std::int64_t> TerminalIdleSource::idle_since(std::int64_t now) {
  std::optional<std::int64_t> latest;
  for (const std::filesystem::path& terminal :
       user_ ? user_terminals(*user_, dev_root_) : terminals_) {
    struct stat status {};
    if (::stat(terminal.c_str(), &status) == 0) {
      latest =
          std::max(latest.value_or(status.st_atim.tv_sec), std::int64_t{status.st_atim.tv_sec});
    }
  }
  if (latest) {
    return std::min(*latest, now);
  }
  return latest;
}

LogindIdleSource::LogindIdleSource(std::string address, uid_t user)
    : address_(std::move(address)),
      object_(fmt::format("/org/freedesktop/login1/user/_{}", user)) {}

std::optional<std::int64_t> LogindIdleSource::idle_since(std::int64_t now) {
  // A connection for each look: the system bus may restart in between, and
  // a look every half a minute costs nothing worth keeping one open for.
  constexpr std::uint64_t timeout_usec = 1'000'000;
  const BusPointer bus = connect_bus(address_, timeout_usec);
  if (!bus) {
    return std::nullopt;
  }
  constexpr const char* service = "org.freedesktop.login1";
  constexpr const char* interface = "org.freedesktop.login1.User";
  int idle = 0;
  std::uint64_t since_usec = 0;
  const auto get_property = bus_library().sd_bus_get_property_trivial;
  if (get_property(bus.get(), service, object_.c_str(), interface, "IdleHint", nullptr, 'b',
                   &idle) < 0 ||
      get_property(bus.get(), service, object_.c_str(), interface, "IdleSinceHint", nullptr, 't',
                   &since_usec) < 0) {
    return std::nullopt;
  }
  // A desktop that never reports idleness leaves the hint at zero: logind
  // cannot tell, and the terminals may.
  if (since_usec == 0) {
    return std::nullopt;
  }
  return idle != 0 ? std::min(static_cast<std::int64_t>(since_usec / 1'000'000), now) : now;
}

std::unique_ptr<IdleSource> user_idle_source(std::string system_bus, uid_t user, bool on_desktop,
                                             std::filesystem::path dev_root) {
  std::vector<std::unique_ptr<IdleSource>> sources;
  // Without a desktop the terminals come first: logind's hint for a text
  // login turns idle only after IdleActionSec, half an hour by default.
  if (!on_desktop) {
    sources.push_back(std::make_unique<TerminalIdleSource>(user, std::move(dev_root)));
  }
  sources.push_back(std::make_unique<LogindIdleSource>(std::move(system_bus), user));
  return std::make_unique<FirstIdleSource>(std::move(sources));
}

std::optional<std::int64_t> FirstIdleSource::idle_since(std::int64_t now) {
  for (const std::unique_ptr<IdleSource>& source : sources_) {
    if (const std::optional<std::int64_t> since = source->idle_since(now)) {
      return since;
    }
  }
  return std::nullopt;
}

}  // namespace stretch
