#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "stretch/platform/environment.hpp"
#include "stretch/session/clock.hpp"
#include "stretch/session/keys.hpp"

// A reminder on the user's tmux clients, for a reminder with no terminal
// of its own (the user service) or one in a pane that tmux will not pass a
// notification on from: a popup with the reminder's keys on each client
// big enough for it, a message in the status line of the others. What
// tmux is asked is built here as argument lists, each text one argument of
// its own: no shell ever reads them.
namespace stretch {

// The tmux server, by tmux's own rules: setting when given (remind.
// tmux_socket), else the one the program runs in (the socket in TMUX),
// else $TMUX_TMPDIR (or /tmp) /tmux-UID/default.
std::filesystem::path tmux_socket(const Environment& environment, uid_t uid,
                                  std::string_view setting);

// Text that tmux shows as written: display-message and a popup's title
// expand formats (#{...}, #[...], #(...)), where "##" is one '#'. Quoted
// too, so that no control character reaches a client.
std::string escape_tmux_format(std::string_view text);

// One command line's worth of talk with a tmux server: `tmux -S SOCKET
// ARGS...`. The real one runs tmux; tests may give one that records.
class TmuxServer {
 public:
  virtual ~TmuxServer() = default;
  // Runs a command to its end and returns what it printed; nothing when no
  // server answers, the command fails, or it takes longer than
  // tmux_answer_limit.
  virtual std::optional<std::string> ask(const std::vector<std::string>& args) = 0;
  // Starts a command that lasts, as a popup's does until it closes, and
  // does not wait for it; false when it cannot start.
  virtual bool start(const std::vector<std::string>& args) = 0;
};

// A server answers at once, or not at all.
inline constexpr std::chrono::milliseconds tmux_answer_limit{2000};

// tmux on socket, found on the environment's PATH and run with that
// environment; never started when no socket is there.
std::unique_ptr<TmuxServer> tmux_command_line(std::filesystem::path socket,
                                              Environment environment);

// An attached client, as list-clients tells of it.
struct TmuxClient {
  std::string name;  // "/dev/pts/3"
  std::size_t width = 0;
  std::size_t height = 0;
  std::string session;        // the id of its session: "$0"
  std::int64_t activity = 0;  // its last key, in seconds since the epoch
  bool control = false;       // a control-mode client (iTerm2's tmux), which draws no popup

  bool operator==(const TmuxClient&) const = default;
};

// list-clients -F with this format: one line per client, fields apart by
// tabs; parse_tmux_clients reads it back, leaving out lines it cannot.
inline constexpr std::string_view tmux_clients_format =
    "#{client_name}\t#{client_width}\t#{client_height}\t#{session_id}\t#{client_activity}\t#{"
    "client_control_mode}";
std::vector<TmuxClient> parse_tmux_clients(std::string_view listing);

// The pane a program runs in, as tmux sees it now.
struct TmuxPane {
  // allow-passthrough: off, on (tmux 3.3: from a pane on screen only), all
  // (tmux 3.4: from any pane).
  enum class Passthrough { off, on, all } passthrough = Passthrough::off;
  bool visible = false;        // on a client's screen now
  std::string client_term;     // the TERM of a client that shows it
  std::string client_version;  // its terminal's answer to tmux's XTVERSION

  // Whether tmux passes a sequence on from the pane to the terminal now.
  bool passes_through() const;
};

// display-message -p with this format, for the pane; parse_tmux_pane reads
// the line back.
inline constexpr std::string_view tmux_pane_format =
    "#{allow-passthrough}\t#{session_attached}\t#{window_active}\t#{window_zoomed_flag}\t#{pane_"
    "active}\t#{client_termname}\t#{client_termtype}";
std::optional<TmuxPane> parse_tmux_pane(std::string_view line);
// The arguments that ask for it: pane is TMUX_PANE ("%3"), or empty for
// the pane tmux takes as current.
std::vector<std::string> tmux_pane_arguments(std::string_view pane);

// A popup: its lines, and the program that shows them and answers the
// reminder with the key pressed (`stretch remind --ask`), with the
// variables it needs set.
struct TmuxPopup {
  std::vector<std::string> lines;
  std::vector<std::string> command;
  std::vector<std::string> environment;  // "NAME=value"
};

// The popup's size: its lines with a column of space each side, and the
// border.
struct PopupSize {
  std::size_t width = 0;
  std::size_t height = 0;
};
PopupSize popup_size(const std::vector<std::string>& lines);
// Whether a client shows it whole, below its status line.
bool popup_fits(const TmuxClient& client, PopupSize size);

std::vector<std::string> popup_arguments(const TmuxClient& client, const TmuxPopup& popup);
std::vector<std::string> close_popup_arguments(const TmuxClient& client);
// Shown until a key is pressed.
std::vector<std::string> message_arguments(const TmuxClient& client, std::string_view text);
// A new window, shown at once, in session, running words.
std::vector<std::string> new_window_arguments(std::string_view session,
                                              const std::vector<std::string>& environment,
                                              const std::vector<std::string>& words);

// The reminder on every attached client of one server.
class TmuxAlerts {
 public:
  explicit TmuxAlerts(std::unique_ptr<TmuxServer> server) : server_(std::move(server)) {}
  TmuxAlerts(const TmuxAlerts&) = delete;
  TmuxAlerts& operator=(const TmuxAlerts&) = delete;
  // Popups still open are closed.
  ~TmuxAlerts();

  // The clients attached now; nothing when no server answers.
  std::optional<std::vector<TmuxClient>> attached();
  // A popup on each client it fits, message on the others (and on
  // control-mode ones); how many clients it reached.
  std::size_t show(const TmuxPopup& popup, std::string_view message);
  // Whether what show put up is still up: not withdrawn since.
  bool showing() const { return showing_; }
  // Closes the popups show opened: the reminder was answered.
  void withdraw();
  // Opens words in a new window of the session of the client used last,
  // the one whose key answered the popup; false with no client attached.
  bool open_window(const std::vector<std::string>& environment,
                   const std::vector<std::string>& words);
  TmuxServer& server() { return *server_; }

 private:
  std::unique_ptr<TmuxServer> server_;
  std::vector<TmuxClient> popups_;  // clients with a popup of ours open
  bool showing_ = false;
};

// What a key in the popup answered, or the signal that ended the wait.
struct PopupAnswer {
  std::optional<PopupKeyAction> action;
  int signal = 0;
};

// How long after an ESC the rest of a key's sequence (an arrow's ESC [ A)
// is waited for, before the ESC counts as the Escape key: a terminal and
// tmux send a key's bytes at once.
inline constexpr std::chrono::milliseconds escape_wait{50};

// Waits on clock for a key of popup_keys (keys.hpp); other keys, and keys
// that send a sequence, are passed over.
PopupAnswer wait_for_popup_key(Clock& clock);

}  // namespace stretch
