#include <array>
#include <cerrno>
#include <climits>
#include <clocale>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <string_view>

#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include "stretch/cli/cli.hpp"

namespace stretch {
namespace {

class KeyboardInput final : public LiveInput {
 public:
  KeyboardInput() : keyboard_(STDIN_FILENO), clock_(has_keys() ? &keyboard_ : nullptr) {}
  Clock& clock() override { return clock_; }
  bool has_keys() const override { return keyboard_.keyboard_fd() >= 0; }
  void lend_terminal(const std::function<void()>& run) override {
    keyboard_.restore();
    run();
    keyboard_.apply();
  }

 private:
  KeyboardMode keyboard_;
  RealClock clock_;
};

// An Output that owns its file descriptor.
class OwnedFileOutput final : public Output {
 public:
  explicit OwnedFileOutput(int fd) : fd_(fd), output_(fd) {}
  void write(std::string_view text) override { output_.write(text); }
  bool is_open() const { return fd_.get() >= 0; }

 private:
  UniqueFd fd_;
  FileOutput output_;
};

// The process's zone: TZ, else /etc/localtime, as the C library reads them.
class ProcessTimeZone final : public TimeZone {
 public:
  int utc_offset(std::int64_t epoch) const override {
    const auto time = static_cast<std::time_t>(epoch);
    std::tm fields{};
    ::localtime_r(&time, &fields);
    return static_cast<int>(fields.tm_gmtoff);
  }
};

int first_weekday() {
  // The C locale has no calendar of its own; ISO 8601's Monday it is.
  const std::string_view name = std::setlocale(LC_TIME, nullptr);
  if (name == "C" || name == "POSIX") {
    return 1;
  }
  // glibc: the week's first day is _NL_TIME_FIRST_WEEKDAY days (counting
  // from 1) after the day _NL_TIME_WEEK_1STDAY names as a date.
  const auto week_1stday =
      static_cast<long>(reinterpret_cast<std::intptr_t>(::nl_langinfo(_NL_TIME_WEEK_1STDAY)));
  const int first = static_cast<unsigned char>(*::nl_langinfo(_NL_TIME_FIRST_WEEKDAY));
  // 19971130 was a Sunday, 19971201 a Monday.
  const int base = week_1stday == 19971201 ? 1 : 0;
  return (base + first - 1) % 7;
}

bool uses_12_hour_clock() {
  const std::string_view format = ::nl_langinfo(T_FMT);
  return format.find("%p") != std::string_view::npos ||
         format.find("%r") != std::string_view::npos ||
         format.find("%I") != std::string_view::npos || format.find("%l") != std::string_view::npos;
}

// This binary as a program to run, or "stretch" on the PATH when the
// kernel cannot say.
std::string own_program() {
  const std::string path = own_executable();
  return !path.empty() && ::access(path.c_str(), X_OK) == 0 ? path : "stretch";
}

std::string host_name() {
  std::array<char, HOST_NAME_MAX + 1> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) {
    return {};
  }
  return name.data();
}

// Asks the controlling terminal, as a program in its foreground only: one
// in the background would be stopped for reading it. The keys typed
// meanwhile are not echoed, and the modes come back as they were.
std::string ask_terminal(std::string_view request,
                         const std::function<bool(std::string_view)>& answered,
                         std::chrono::milliseconds limit) {
  const UniqueFd tty(::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC));
  termios saved{};
  if (tty.get() < 0 || ::tcgetpgrp(tty.get()) != ::getpgrp() ||
      ::tcgetattr(tty.get(), &saved) != 0) {
    return {};
  }
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  quiet.c_cc[VMIN] = 1;
  quiet.c_cc[VTIME] = 0;
  ::tcsetattr(tty.get(), TCSANOW, &quiet);
  std::string reply;
  for (std::string_view left = request; !left.empty();) {
    const ssize_t wrote = ::write(tty.get(), left.data(), left.size());
    if (wrote <= 0) {
      ::tcsetattr(tty.get(), TCSANOW, &saved);
      return reply;
    }
    left.remove_prefix(static_cast<std::size_t>(wrote));
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::array<char, 256> buffer{};
  while (!answered(reply)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd watched{tty.get(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&watched, 1, static_cast<int>(left.count())) <= 0) {
      break;
    }
    const ssize_t got = ::read(tty.get(), buffer.data(), buffer.size());
    if (got <= 0) {
      break;
    }
    reply.append(buffer.data(), static_cast<std::size_t>(got));
  }
  ::tcsetattr(tty.get(), TCSANOW, &saved);
  return reply;
}

}  // namespace

std::string own_executable() {
  std::array<char, PATH_MAX> self{};
  const ssize_t length = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  std::string path = length > 0 ? std::string(self.data(), static_cast<std::size_t>(length)) : "";
  constexpr std::string_view deleted = " (deleted)";
  if (path.ends_with(deleted)) {
    path.resize(path.size() - deleted.size());
  }
  return path;
}

std::shared_ptr<const TimeZone> process_time_zone() {
  return std::make_shared<const ProcessTimeZone>();
}

LocaleTime process_locale_time() {
  return {first_weekday(), uses_12_hour_clock(), ::nl_langinfo(AM_STR), ::nl_langinfo(PM_STR)};
}

Context process_context(Output& out, Output& err, const char* const* environ) {
  Context context{out, err, Environment::from(environ)};
  context.out_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  context.in_is_terminal = ::isatty(STDIN_FILENO) == 1;
  context.screen_size = [] { return terminal_size(STDOUT_FILENO); };
  context.open_live_input = []() -> std::unique_ptr<LiveInput> {
    return std::make_unique<KeyboardInput>();
  };
  context.open_terminal = []() -> std::unique_ptr<Output> {
    auto terminal =
        std::make_unique<OwnedFileOutput>(::open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC));
    return terminal->is_open() ? std::move(terminal) : nullptr;
  };
  const std::shared_ptr<const TimeZone> zone = process_time_zone();
  context.time_zone = zone;
  context.wall_clock = [zone] { return wall_time(std::time(nullptr), *zone); };
  context.locale_time = process_locale_time();
  const Environment& environment = context.environment;
  const std::string system_bus(environment.non_empty("DBUS_SYSTEM_BUS_ADDRESS")
                                   .value_or("unix:path=/run/dbus/system_bus_socket"));
  const bool on_desktop =
      environment.non_empty("WAYLAND_DISPLAY") || environment.non_empty("DISPLAY");
  context.pid = ::getpid();
  context.uid = ::getuid();
  context.process_runs = [](pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; };
  context.open_idle_source = [system_bus, on_desktop, uid = context.uid] {
    return user_idle_source(system_bus, uid, on_desktop, "/dev");
  };
  context.own_program = own_program;
  context.ask_terminal = ask_terminal;
  context.open_tmux = [environment = context.environment](const std::filesystem::path& socket) {
    return tmux_command_line(socket, environment);
  };
  context.proc_root = "/proc";
  context.host_name = host_name();
  return context;
}

}  // namespace stretch
