#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <termios.h>

namespace stretch {

class Environment;

// The live view needs a terminal that understands escape codes: TERM set,
// and not "dumb" (whether the output is a terminal at all is asked apart).
bool can_show_live_view(std::optional<std::string_view> term);

struct ScreenSize {
  std::size_t columns = 80;
  std::size_t rows = 24;
};

// The size of the terminal on fd, or 80x24 when it is not one.
ScreenSize terminal_size(int fd);

enum class ColorChoice { automatic, always, never };

// How the live view may draw.
struct Style {
  bool color = false;    // SGR colours and bold
  bool unicode = false;  // block characters for digits and bars
};

// --color always or never decides; otherwise NO_COLOR (set and not empty)
// turns colour off, and a terminal on the output decides. CLICOLOR_FORCE is
// not read: only the live view is ever coloured, and it needs a terminal;
// text and JSON lines carry no escape codes, forced or not.
bool use_color(ColorChoice choice, bool output_is_terminal, const Environment& environment);

// Whether the locale variables (LC_ALL, LC_CTYPE, LANG, first set wins)
// name UTF-8.
bool locale_is_utf8(const Environment& environment);

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

  // Gives the terminal its previous settings back (before a stop), and takes
  // it again (after a continue).
  void restore();
  void apply();

  // Whether this process group owns the terminal now; a job stopped by
  // Ctrl-Z loses it to the shell.
  bool in_foreground() const;
  // Whether the terminal has gone away: closed window, killed pane.
  bool hung_up() const;

 private:
  int fd_;
  std::optional<termios> saved_;
  termios keys_{};
};

}  // namespace stretch
