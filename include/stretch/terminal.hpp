#pragma once

#include <cstddef>
#include <optional>

#include <termios.h>

namespace stretch {

bool is_terminal(int fd);

// The live view needs a terminal that understands escape codes.
bool can_show_live_view(int fd, const char* term_variable);

// Columns of the terminal on fd, or fallback when it is not one.
std::size_t terminal_width(int fd, std::size_t fallback = 80);

// While alive, the terminal on fd delivers each key at once and does not
// echo it; Ctrl-C still raises SIGINT. The previous settings come back on
// destruction, whatever path the program leaves by.
class KeyboardMode {
 public:
  explicit KeyboardMode(int fd);
  KeyboardMode(const KeyboardMode&) = delete;
  KeyboardMode& operator=(const KeyboardMode&) = delete;
  ~KeyboardMode();

  // The fd when keys can be read from it, -1 otherwise.
  int keyboard_fd() const { return saved_ ? fd_ : -1; }

 private:
  int fd_;
  std::optional<termios> saved_;
};

}  // namespace stretch
