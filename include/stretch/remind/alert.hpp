#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "stretch/platform/output.hpp"
#include "stretch/remind/terminal_notify.hpp"

// How a reminder reaches the user: the channels remind.alert chooses from,
// which of them are live at a moment and why, and the one place that sends
// a reminder out on them.
namespace stretch {

class Notifier;
class TmuxAlerts;
class TmuxServer;

enum class AlertChannel {
  desktop,   // a notification over the session bus
  terminal,  // a notification through the terminal's escape sequences
  tmux,      // a popup or a message on the attached tmux clients
  bell,      // the terminal's bell
};
inline constexpr std::array<AlertChannel, 4> alert_channels{
    AlertChannel::desktop, AlertChannel::terminal, AlertChannel::tmux, AlertChannel::bell};
std::string_view alert_channel_name(AlertChannel channel);

// remind.alert: auto, or the channels named.
struct AlertChoice {
  bool automatic = true;
  std::array<bool, alert_channels.size()> named{};

  bool names(AlertChannel channel) const { return named.at(static_cast<std::size_t>(channel)); }
  // Whether a channel may be used at all: every one under auto.
  bool allows(AlertChannel channel) const { return automatic || names(channel); }
};

// "auto", or channels apart by commas: "terminal,bell". Nothing for
// anything else (an unknown or empty name, auto among others).
std::optional<AlertChoice> parse_alert_choice(std::string_view text);

// Why a channel is live now, or not.
enum class AlertReason {
  not_chosen,        // remind.alert leaves it out
  server_answers,    // desktop, live: a notification server answers
  no_bus,            // desktop: no session bus
  no_server,         // desktop: no notification server answers on it
  no_terminal,       // terminal, bell: the reminder runs without one
  no_notifications,  // terminal: one that shows none (the Linux console)
  sequences,         // terminal, live: what it sends, in notice
  passthrough_off,   // terminal: tmux's allow-passthrough is off; tmux shows it
  pane_hidden,       // terminal: tmux passes nothing on from a pane not on screen; tmux shows it
  desktop_shows,     // terminal (but over SSH), tmux under auto: the desktop one shows
  terminal_shows,    // tmux under auto: the terminal does
  no_tmux,           // tmux: no server answers
  no_client,         // tmux: no client is attached
  clients,           // tmux, live: on clients clients
  rings,             // bell, live
};
// The word a reason goes by in JSON: "no-bus".
std::string_view alert_reason_name(AlertReason reason);

struct AlertState {
  AlertChannel channel = AlertChannel::desktop;
  bool live = false;
  AlertReason reason = AlertReason::not_chosen;
  TerminalNotice notice;    // with sequences
  std::size_t clients = 0;  // with clients

  bool operator==(const AlertState&) const = default;
};

// [{"channel":"terminal","live":true,"reason":"sequences","sequences":
// ["osc99"],"terminal":"kitty","through":"tmux"}, ...]: for the control
// socket's answer and `stretch config --format json`.
nlohmann::ordered_json alerts_json(const std::vector<AlertState>& alerts);
// Read back as any answer from the socket is: what cannot be read is left
// out, and text is quoted.
std::vector<AlertState> alerts_from_json(const nlohmann::json& list);

// "Alerts now: terminal (OSC 99 for kitty), bell.\nNot now: desktop (no
// session bus), tmux (not needed: the terminal shows it).\n"
std::string describe_alerts(std::span<const AlertState> states);

// What one reminder says on each channel.
struct AlertText {
  std::string summary;              // the desktop notification's: "Time to stand up and stretch"
  std::string detail;               // its body: the routine offered
  std::string line;                 // the terminal's: the line the reminder prints there
  std::vector<std::string> popup;   // the tmux popup's lines, its keys last
  std::vector<std::string> answer;  // what the popup runs to answer them
  std::vector<std::string> passed;  // the variables it needs: "NAME=value"
  std::string message;              // tmux's status line, on clients too small for the popup
};

// The variables that steer stretch, "NAME=value", for a program of its own
// that runs elsewhere: in a tmux popup or window, whose environment is the
// tmux server's. HOME, TZ, LANG, LANGUAGE and the XDG_, LC_ and STRETCH_
// ones: where its files are, its language, its settings.
std::vector<std::string> stretch_variables(const Environment& environment);

// The title of a notification through the terminal: who it is from.
inline constexpr std::string_view terminal_notification_title = "stretch";

// Where a reminder went.
struct Reached {
  bool desktop = false;
  bool desktop_failed = false;  // tried, and no server answered
  bool terminal = false;
  bool tmux = false;
};

// What the channels are sent on, as one process sees it (the remind
// command opens them: open_alert_parts). Anything may be null: no session
// bus, no terminal, no tmux to talk to.
struct AlertParts {
  std::unique_ptr<Notifier> desktop;
  bool has_terminal = false;  // the reminder's stdin is a terminal
  // Over SSH (SSH_CONNECTION, SSH_TTY): a desktop notification shows on
  // the machine the reminder runs on, and the user may sit at another.
  bool over_ssh = false;
  std::unique_ptr<Output> terminal;  // it, for the escape sequences
  TerminalNotice notice;             // what the terminal takes
  // Inside tmux: the environment's names, to which the client's TERM and
  // XTVERSION answer are added at each reminder: a session may be attached
  // from another terminal since.
  TerminalNames names;
  std::unique_ptr<TmuxServer> own_tmux;  // inside tmux: the server of the pane
  std::string pane;                      // TMUX_PANE
  std::unique_ptr<TmuxAlerts> tmux;      // the server whose clients a reminder may go to

  AlertParts();
  AlertParts(AlertParts&&) noexcept;
  AlertParts& operator=(AlertParts&&) noexcept;
  ~AlertParts();
};

// The channels of one reminder: what remind.alert chose, what auto picks
// at each reminder, and why.
class Alerts {
 public:
  Alerts(AlertChoice choice, AlertParts& parts, Output& warnings);

  // Sends a reminder out: desktop where chosen, then under auto the
  // terminal when no desktop notification was shown or the reminder runs
  // over SSH (on one desk the two would show it twice), tmux only when
  // neither a desktop nor the reminder's own terminal reaches the user. A terminal inside tmux that
  // will not pass the sequence on falls back on tmux, and a passthrough
  // turned off is told once, with the line that turns it on.
  Reached show(const AlertText& text);
  // The reminder was answered: popups close, the notification goes.
  void withdraw();
  // Whether the reminder is up on tmux clients: Start then opens the
  // routine in a tmux window.
  bool in_tmux() const;
  TmuxAlerts* tmux() const;
  // Whether the bell is chosen and there is a terminal to ring.
  bool rings() const;
  // Each channel, live now or not, and why; asks the notification server
  // and tmux.
  std::vector<AlertState> states();

 private:
  enum class Route { none, direct, passthrough_off, pane_hidden };
  AlertChoice choice_;
  AlertParts& parts_;
  Output& warnings_;
  bool told_passthrough_ = false;

  // How the terminal's sequences get out now.
  Route terminal_route();
  AlertState desktop_state();
  AlertState terminal_state(bool desktop_live, Route route);
  AlertState tmux_state(bool desktop_live, Route route);
};

}  // namespace stretch
