#include "stretch/remind/alert.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/platform/words.hpp"
#include "stretch/remind/notify.hpp"
#include "stretch/remind/tmux.hpp"

namespace stretch {
namespace {

constexpr WordTable<AlertReason, 15> reason_words{{{
    {AlertReason::not_chosen, "not-chosen"},
    {AlertReason::server_answers, "server-answers"},
    {AlertReason::no_bus, "no-bus"},
    {AlertReason::no_server, "no-server"},
    {AlertReason::no_terminal, "no-terminal"},
    {AlertReason::no_notifications, "no-notifications"},
    {AlertReason::sequences, "sequences"},
    {AlertReason::passthrough_off, "passthrough-off"},
    {AlertReason::pane_hidden, "pane-hidden"},
    {AlertReason::desktop_shows, "desktop-shows"},
    {AlertReason::terminal_shows, "terminal-shows"},
    {AlertReason::no_tmux, "no-tmux"},
    {AlertReason::no_client, "no-client"},
    {AlertReason::clients, "clients"},
    {AlertReason::rings, "rings"},
}}};

constexpr WordTable<AlertChannel, 4> channel_words{{{
    {AlertChannel::desktop, "desktop"},
    {AlertChannel::terminal, "terminal"},
    {AlertChannel::tmux, "tmux"},
    {AlertChannel::bell, "bell"},
}}};

std::string describe_notice(const TerminalNotice& notice) {
  const std::string sequences = describe_sequences(notice.sequences);
  std::string text =
      notice.terminal.empty()
          // TRANSLATORS: {} is escape sequences ("OSC 777 + OSC 9"), sent
          // when the terminal did not tell its name.
          ? fmt::format(fmt::runtime(tr("{}, for any terminal that takes them")), sequences)
          // TRANSLATORS: {0} is escape sequences ("OSC 99"), {1} a
          // terminal's name ("kitty").
          : fmt::format(fmt::runtime(tr("{0} for {1}")), sequences, notice.terminal);
  if (notice.through == Multiplexer::tmux) {
    text += tr(", through tmux");
  } else if (notice.through == Multiplexer::screen) {
    text += tr(", through screen");
  }
  return text;
}

// Why, for people: what follows a channel's name in parentheses.
std::string why(const AlertState& state) {
  switch (state.reason) {
    case AlertReason::not_chosen:
      return tr("left out by remind.alert");
    case AlertReason::server_answers:
      return tr("a notification server answers");
    case AlertReason::no_bus:
      return tr("no session bus");
    case AlertReason::no_server:
      return tr("no notification server answers");
    case AlertReason::no_terminal:
      return tr("the reminder has no terminal");
    case AlertReason::no_notifications:
      return tr("this terminal shows no notifications");
    case AlertReason::sequences:
      return describe_notice(state.notice);
    case AlertReason::passthrough_off:
      return tr("tmux's allow-passthrough is off: tmux shows it");
    case AlertReason::pane_hidden:
      return tr("tmux passes nothing on from a pane off screen: tmux shows it");
    case AlertReason::desktop_shows:
      return tr("not needed: the desktop notification shows");
    case AlertReason::terminal_shows:
      return tr("not needed: the terminal shows it");
    case AlertReason::no_tmux:
      return tr("no tmux server");
    case AlertReason::no_client:
      return tr("no tmux client attached");
    case AlertReason::clients:
      return fmt::format(fmt::runtime(trn("on {} client", "on {} clients", state.clients)),
                         state.clients);
    case AlertReason::rings:
      return {};
  }
  return {};
}

std::string named(const AlertState& state) {
  const std::string reason = why(state);
  const std::string_view name = alert_channel_name(state.channel);
  return reason.empty() ? std::string(name) : fmt::format("{} ({})", name, reason);
}

constexpr WordTable<NotifySequence, 3> sequence_words{{{
    {NotifySequence::osc777, "osc777"},
    {NotifySequence::osc9, "osc9"},
    {NotifySequence::osc99, "osc99"},
}}};
constexpr WordTable<Multiplexer, 3> multiplexer_words{{{
    {Multiplexer::none, ""},
    {Multiplexer::tmux, "tmux"},
    {Multiplexer::screen, "screen"},
}}};

// The value a JSON string is the word for.
template <class Value, std::size_t Size>
std::optional<Value> value_of(const WordTable<Value, Size>& words, const nlohmann::json& word) {
  return word.is_string() ? words.value(word.get<std::string>()) : std::nullopt;
}

// The member key of item, or null.
nlohmann::json member(const nlohmann::json& item, const char* key) {
  const auto found = item.find(key);
  return found == item.end() ? nlohmann::json() : *found;
}

// One channel's state as a reminder said it, read as any answer from the
// socket is: nothing when it cannot be read, and its text quoted.
std::optional<AlertState> alert_from_json(const nlohmann::json& item) {
  if (!item.is_object()) {
    return std::nullopt;
  }
  const std::optional<AlertChannel> channel = value_of(channel_words, member(item, "channel"));
  const std::optional<AlertReason> reason = value_of(reason_words, member(item, "reason"));
  if (!channel || !reason) {
    return std::nullopt;
  }
  const nlohmann::json live = member(item, "live");
  AlertState state{*channel, live.is_boolean() && live.get<bool>(), *reason};
  if (const nlohmann::json sequences = member(item, "sequences"); sequences.is_array()) {
    for (const nlohmann::json& sequence : sequences) {
      if (const std::optional<NotifySequence> known = value_of(sequence_words, sequence)) {
        state.notice.sequences.push_back(*known);
      }
    }
  }
  if (const nlohmann::json terminal = member(item, "terminal"); terminal.is_string()) {
    state.notice.terminal = quote_untrusted(terminal.get<std::string>());
  }
  state.notice.through =
      value_of(multiplexer_words, member(item, "through")).value_or(Multiplexer::none);
  if (const nlohmann::json clients = member(item, "clients"); clients.is_number_unsigned()) {
    state.clients = clients.get<std::size_t>();
  }
  return state;
}

}  // namespace

std::string_view alert_channel_name(AlertChannel channel) {
  return channel_words.word(channel);
}

std::optional<AlertChoice> parse_alert_choice(std::string_view text) {
  if (text == "auto") {
    return AlertChoice{};
  }
  AlertChoice choice{.automatic = false};
  for (const std::string_view name : split_at(text, ',')) {
    const std::optional<AlertChannel> channel = channel_words.value(name);
    if (!channel) {
      return std::nullopt;
    }
    choice.named.at(static_cast<std::size_t>(*channel)) = true;
  }
  return choice;
}

std::string_view alert_reason_name(AlertReason reason) {
  return reason_words.word(reason);
}

std::string describe_alerts(std::span<const AlertState> states) {
  if (states.empty()) {
    return {};
  }
  std::vector<std::string> live;
  std::vector<std::string> not_live;
  for (const AlertState& state : states) {
    (state.live ? live : not_live).push_back(named(state));
  }
  std::string out =
      live.empty() ? std::string(tr("Alerts now: none but the reminder's line.")) + "\n"
                   // TRANSLATORS: {} is channels, "terminal (OSC 99 for kitty), bell".
                   : fmt::format(fmt::runtime(tr("Alerts now: {}.")), fmt::join(live, ", ")) + "\n";
  if (!not_live.empty()) {
    // TRANSLATORS: {} is channels with why each is not used now,
    // "desktop (no session bus), tmux (no tmux server)".
    out += fmt::format(fmt::runtime(tr("Not now: {}.")), fmt::join(not_live, ", ")) + "\n";
  }
  return out;
}

std::vector<std::string> stretch_variables(const Environment& environment) {
  std::vector<std::string> passed;
  for (const std::string& entry : environment.entries()) {
    const std::string_view name = std::string_view(entry).substr(0, entry.find('='));
    const bool exact = name == "HOME" || name == "TZ" || name == "LANG" || name == "LANGUAGE";
    if (exact || name.starts_with("XDG_") || name.starts_with("LC_") ||
        name.starts_with("STRETCH_")) {
      passed.push_back(entry);
    }
  }
  return passed;
}

nlohmann::ordered_json alerts_json(const std::vector<AlertState>& alerts) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const AlertState& state : alerts) {
    nlohmann::ordered_json item;
    item["channel"] = alert_channel_name(state.channel);
    item["live"] = state.live;
    item["reason"] = alert_reason_name(state.reason);
    if (state.reason == AlertReason::sequences) {
      nlohmann::ordered_json sequences = nlohmann::ordered_json::array();
      for (const NotifySequence sequence : state.notice.sequences) {
        sequences.push_back(sequence_words.word(sequence));
      }
      item["sequences"] = sequences;
      item["terminal"] = state.notice.terminal;
      item["through"] = multiplexer_words.word(state.notice.through);
    }
    if (state.reason == AlertReason::clients) {
      item["clients"] = state.clients;
    }
    list.push_back(item);
  }
  return list;
}

std::vector<AlertState> alerts_from_json(const nlohmann::json& list) {
  std::vector<AlertState> alerts;
  if (list.is_array()) {
    for (const nlohmann::json& item : list) {
      if (std::optional<AlertState> state = alert_from_json(item)) {
        alerts.push_back(std::move(*state));
      }
    }
  }
  return alerts;
}

AlertParts::AlertParts() = default;
AlertParts::AlertParts(AlertParts&&) noexcept = default;
AlertParts& AlertParts::operator=(AlertParts&&) noexcept = default;
AlertParts::~AlertParts() = default;

Alerts::Alerts(AlertChoice choice, AlertParts& parts, Output& warnings)
    : choice_(choice), parts_(parts), warnings_(warnings) {}

Alerts::Route Alerts::terminal_route() {
  if (!parts_.terminal || parts_.notice.sequences.empty()) {
    return Route::none;
  }
  if (parts_.notice.through != Multiplexer::tmux || !parts_.own_tmux) {
    return Route::direct;
  }
  const std::optional<std::string> line = parts_.own_tmux->ask(tmux_pane_arguments(parts_.pane));
  const std::optional<TmuxPane> pane = line ? parse_tmux_pane(*line) : std::nullopt;
  if (pane && !pane->client_term.empty()) {
    TerminalNames names = parts_.names;
    names.term = pane->client_term;
    names.version = pane->client_version;
    parts_.notice = terminal_notice(names);
    parts_.notice.through = Multiplexer::tmux;
  }
  // A tmux that cannot tell is sent the sequence all the same.
  if (!pane || pane->passes_through()) {
    return Route::direct;
  }
  return pane->passthrough == TmuxPane::Passthrough::off ? Route::passthrough_off
                                                         : Route::pane_hidden;
}

Reached Alerts::show(const AlertText& text) {
  Reached reached;
  if (choice_.allows(AlertChannel::desktop) && parts_.desktop) {
    reached.desktop = parts_.desktop->show(text.summary, text.detail);
    reached.desktop_failed = !reached.desktop;
  }
  const bool automatic = choice_.automatic;
  bool to_tmux =
      choice_.names(AlertChannel::tmux) || (automatic && !parts_.has_terminal && !reached.desktop);
  if (parts_.terminal && (choice_.names(AlertChannel::terminal) ||
                          (automatic && (!reached.desktop || parts_.over_ssh)))) {
    switch (terminal_route()) {
      case Route::direct:
        parts_.terminal->write(
            terminal_notification(parts_.notice, terminal_notification_title, text.line));
        reached.terminal = true;
        break;
      case Route::passthrough_off:
        if (!told_passthrough_) {
          told_passthrough_ = true;
          write_warning(warnings_,
                        tr("tmux passes no notification on to your terminal while its "
                           "allow-passthrough is off, so reminders show in tmux instead; `set -g "
                           "allow-passthrough on` in ~/.tmux.conf turns it on"));
        }
        to_tmux = true;
        break;
      case Route::pane_hidden:
        to_tmux = true;
        break;
      case Route::none:
        break;
    }
  }
  if (to_tmux && parts_.tmux) {
    reached.tmux = parts_.tmux->show({text.popup, text.answer, text.passed}, text.message) > 0;
  }
  return reached;
}

void Alerts::withdraw() {
  if (parts_.desktop) {
    parts_.desktop->withdraw();
  }
  if (parts_.tmux) {
    parts_.tmux->withdraw();
  }
}

bool Alerts::in_tmux() const {
  return parts_.tmux && parts_.tmux->showing();
}

TmuxAlerts* Alerts::tmux() const {
  return parts_.tmux.get();
}

bool Alerts::rings() const {
  return choice_.allows(AlertChannel::bell) && parts_.has_terminal;
}

AlertState Alerts::desktop_state() {
  AlertState state{.channel = AlertChannel::desktop};
  if (!choice_.allows(AlertChannel::desktop)) {
    return state;
  }
  if (!parts_.desktop) {
    state.reason = AlertReason::no_bus;
  } else if (parts_.desktop->server_answers()) {
    state.live = true;
    state.reason = AlertReason::server_answers;
  } else {
    state.reason = AlertReason::no_server;
  }
  return state;
}

AlertState Alerts::terminal_state(bool desktop_live, Route route) {
  AlertState state{.channel = AlertChannel::terminal};
  if (!choice_.allows(AlertChannel::terminal)) {
    return state;
  }
  if (!parts_.has_terminal || !parts_.terminal) {
    state.reason = AlertReason::no_terminal;
  } else if (parts_.notice.sequences.empty()) {
    state.reason = AlertReason::no_notifications;
  } else if (choice_.automatic && desktop_live && !parts_.over_ssh) {
    state.reason = AlertReason::desktop_shows;
  } else if (route == Route::passthrough_off) {
    state.reason = AlertReason::passthrough_off;
  } else if (route == Route::pane_hidden) {
    state.reason = AlertReason::pane_hidden;
  } else {
    state.live = true;
    state.reason = AlertReason::sequences;
    state.notice = parts_.notice;
  }
  return state;
}

AlertState Alerts::tmux_state(bool desktop_live, Route route) {
  AlertState state{.channel = AlertChannel::tmux};
  if (!choice_.allows(AlertChannel::tmux)) {
    return state;
  }
  const bool held_back = route == Route::passthrough_off || route == Route::pane_hidden;
  if (choice_.automatic && desktop_live) {
    state.reason = AlertReason::desktop_shows;
    return state;
  }
  if (choice_.automatic && parts_.has_terminal && !held_back) {
    state.reason = AlertReason::terminal_shows;
    return state;
  }
  const std::optional<std::vector<TmuxClient>> clients =
      parts_.tmux ? parts_.tmux->attached() : std::nullopt;
  if (!clients) {
    state.reason = AlertReason::no_tmux;
  } else if (clients->empty()) {
    state.reason = AlertReason::no_client;
  } else {
    state.live = true;
    state.reason = AlertReason::clients;
    state.clients = clients->size();
  }
  return state;
}

std::vector<AlertState> Alerts::states() {
  const AlertState desktop = desktop_state();
  const Route route = choice_.allows(AlertChannel::terminal) ? terminal_route() : Route::none;
  AlertState bell{.channel = AlertChannel::bell};
  if (choice_.allows(AlertChannel::bell)) {
    bell.live = parts_.has_terminal;
    bell.reason = bell.live ? AlertReason::rings : AlertReason::no_terminal;
  }
  return {desktop, terminal_state(desktop.live, route), tmux_state(desktop.live, route), bell};
}

}  // namespace stretch
