#include "stretch/terminal.hpp"

#include <cctype>
#include <cerrno>
#include <string>
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

ScreenSize terminal_size(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 && size.ws_row > 0) {
    return {size.ws_col, size.ws_row};
  }
  return {};
}

bool use_color(ColorChoice choice, bool output_is_terminal, const char* no_color,
               const char* clicolor_force) {
  const auto set = [](const char* value) { return value != nullptr && value[0] != '\0'; };
  if (choice != ColorChoice::automatic) {
    return choice == ColorChoice::always;
  }
  if (set(no_color)) {
    return false;
  }
  if (set(clicolor_force) && std::string_view(clicolor_force) != "0") {
    return true;
  }
  return output_is_terminal;
}

bool locale_is_utf8(const char* lc_all, const char* lc_ctype, const char* lang) {
  for (const char* value : {lc_all, lc_ctype, lang}) {
    if (value != nullptr && value[0] != '\0') {
      std::string lower(value);
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
