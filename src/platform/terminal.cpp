#include "stretch/platform/terminal.hpp"

#include "stretch/platform/environment.hpp"

#include <cctype>
#include <cerrno>
#include <string>
#include <string_view>

#include <sys/ioctl.h>
#include <unistd.h>

namespace stretch {

namespace {

bool is_terminal(int fd) {
  return ::isatty(fd) == 1;
}

}  // namespace

bool can_show_live_view(std::optional<std::string_view> term) {
  return term && !term->empty() && *term != "dumb";
}

ScreenSize terminal_size(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 && size.ws_row > 0) {
    return {size.ws_col, size.ws_row};
  }
  return {};
}

bool use_color(ColorChoice choice, bool output_is_terminal, const Environment& environment) {
  if (choice != ColorChoice::automatic) {
    return choice == ColorChoice::always;
  }
  if (environment.non_empty("NO_COLOR")) {
    return false;
  }
  return output_is_terminal;
}

bool locale_is_utf8(const Environment& environment) {
  for (const char* variable : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    if (const auto value = environment.non_empty(variable)) {
      std::string lower(*value);
      for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
    }
  }
  return false;
}

KeyboardMode::KeyboardMode(int fd) : fd_(fd) {
  termios settings{};
  if (!is_terminal(fd) || ::tcgetattr(fd, &settings) != 0) {
    return;
  }
  saved_ = settings;
  keys_ = settings;
  keys_.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  keys_.c_cc[VMIN] = 1;
  keys_.c_cc[VTIME] = 0;
  if (::tcsetattr(fd, TCSANOW, &keys_) != 0) {
    saved_.reset();
  }
}

KeyboardMode::~KeyboardMode() {
  restore();
}

void KeyboardMode::restore() {
  if (saved_) {
    ::tcsetattr(fd_, TCSANOW, &*saved_);
  }
}

bool KeyboardMode::in_foreground() const {
  return ::tcgetpgrp(fd_) == ::getpgrp();
}

bool KeyboardMode::hung_up() const {
  // After a hang-up every ioctl on the terminal fails with EIO.
  termios settings{};
  return ::tcgetattr(fd_, &settings) != 0 && errno == EIO;
}

void KeyboardMode::apply() {
  if (saved_) {
    ::tcsetattr(fd_, TCSANOW, &keys_);
  }
}

}  // namespace stretch
