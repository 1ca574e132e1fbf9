#include "stretch/terminal.hpp"

#include <string_view>

#include <sys/ioctl.h>
#include <unistd.h>

namespace stretch {

bool is_terminal(int fd) {
  return ::isatty(fd) == 1;
}

bool can_show_live_view(int fd, const char* term_variable) {
  const std::string_view term = term_variable == nullptr ? "" : term_variable;
  return is_terminal(fd) && !term.empty() && term != "dumb";
}

std::size_t terminal_width(int fd, std::size_t fallback) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return fallback;
}

KeyboardMode::KeyboardMode(int fd) : fd_(fd) {
  termios settings{};
  if (!is_terminal(fd) || ::tcgetattr(fd, &settings) != 0) {
    return;
  }
  saved_ = settings;
  settings.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  settings.c_cc[VMIN] = 1;
  settings.c_cc[VTIME] = 0;
  if (::tcsetattr(fd, TCSANOW, &settings) != 0) {
    saved_.reset();
  }
}

KeyboardMode::~KeyboardMode() {
  if (saved_) {
    ::tcsetattr(fd_, TCSANOW, &*saved_);
  }
}

}  // namespace stretch
