#include <fcntl.h>
#include <unistd.h>

#include "cli.hpp"

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

}  // namespace

Context process_context(Output& out, Output& err, const char* const* environ) {
  Context context{out, err, Environment::from(environ)};
  context.out_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  context.screen_size = [] { return terminal_size(STDOUT_FILENO); };
  context.open_live_input = []() -> std::unique_ptr<LiveInput> {
    return std::make_unique<KeyboardInput>();
  };
  context.open_terminal = []() -> std::unique_ptr<Output> {
    auto terminal =
        std::make_unique<OwnedFileOutput>(::open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC));
    return terminal->is_open() ? std::move(terminal) : nullptr;
  };
  const Environment& environment = context.environment;
  const std::string system_bus(environment.non_empty("DBUS_SYSTEM_BUS_ADDRESS")
                                   .value_or("unix:path=/run/dbus/system_bus_socket"));
  const bool on_desktop =
      environment.non_empty("WAYLAND_DISPLAY") || environment.non_empty("DISPLAY");
  context.open_idle_source = [system_bus, on_desktop] {
    return user_idle_source(system_bus, ::getuid(), on_desktop);
  };
  return context;
}

}  // namespace stretch
