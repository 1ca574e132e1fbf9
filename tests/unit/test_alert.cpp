// The channels of a reminder: the escape sequences as exact bytes, how a
// terminal is told apart, what tmux is asked (against a scripted server;
// tmux itself is in the e2e suite), and what auto picks and says.
#include <csignal>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "../scratch_dir.hpp"
#include "scripted_tmux.hpp"
#include "stretch/commands/context.hpp"
#include "stretch/commands/reminder_actions.hpp"
#include "stretch/platform/config.hpp"
#include "stretch/remind/alert.hpp"
#include "stretch/remind/control.hpp"
#include "stretch/remind/terminal_notify.hpp"
#include "stretch/remind/tmux.hpp"
#include "virtual_input.hpp"

using namespace stretch;
using namespace std::chrono_literals;

namespace {

const std::vector<NotifySequence> osc777_and_9{NotifySequence::osc777, NotifySequence::osc9};

TerminalNames term(std::string name) {
  return {std::move(name), {}, {}, {}};
}

// Control bytes left in text once the framing given is taken out.
bool has_control_bytes(std::string text, const std::vector<std::string>& framing) {
  for (const std::string& frame : framing) {
    for (std::size_t at = text.find(frame); at != std::string::npos; at = text.find(frame)) {
      text.erase(at, frame.size());
    }
  }
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

}  // namespace

TEST_CASE("each terminal's notification, as exact bytes") {
  const std::string body = "12:06 Time to stand up and stretch. Enter: start neck";
  CHECK(notification_sequence(NotifySequence::osc777, "stretch", body) ==
        "\x1b]777;notify;stretch;" + body + "\x1b\\");
  CHECK(notification_sequence(NotifySequence::osc9, "stretch", body) ==
        "\x1b]9;stretch: " + body + "\x1b\\");
  CHECK(notification_sequence(NotifySequence::osc99, "stretch", body) ==
        "\x1b]99;i=stretch:d=0:p=title;stretch\x1b\\\x1b]99;i=stretch:d=1:p=body;" + body +
            "\x1b\\");
  // Inside screen's passthrough, BEL ends them: ST would end the passthrough.
  CHECK(notification_sequence(NotifySequence::osc9, "stretch", "hi", Multiplexer::screen) ==
        "\x1b]9;stretch: hi\a");
  // OSC 777's title ends at its first ';'.
  CHECK(notification_sequence(NotifySequence::osc777, "a;b", "c;d") ==
        "\x1b]777;notify;a,b;c;d\x1b\\");
  CHECK(describe_sequences(osc777_and_9) == "OSC 777 + OSC 9");
}

TEST_CASE("tmux's passthrough doubles every ESC, screen's comes in pieces of whole characters") {
  CHECK(pass_through(Multiplexer::tmux, "\x1b]9;hi\x1b\\") ==
        "\x1bPtmux;\x1b\x1b]9;hi\x1b\x1b\\\x1b\\");
  CHECK(pass_through(Multiplexer::screen, "\x1b]9;hi\a") == "\x1bP\x1b]9;hi\a\x1b\\");
  CHECK(pass_through(Multiplexer::none, "\x1b]9;hi\a") == "\x1b]9;hi\a");
  // 249 bytes, then a character of two that would make 251: it starts the
  // next piece.
  const std::string long_text = std::string(249, 'x') + "é" + "yz";
  const std::string pieces = pass_through(Multiplexer::screen, long_text);
  CHECK(pieces == "\x1bP" + std::string(249, 'x') + "\x1b\\\x1bPéyz\x1b\\");
  const TerminalNotice notice{osc777_and_9, "", Multiplexer::tmux};
  CHECK(terminal_notification(notice, "stretch", "hi") ==
        "\x1bPtmux;\x1b\x1b]777;notify;stretch;hi\x1b\x1b\\\x1b\\"
        "\x1bPtmux;\x1b\x1b]9;stretch: hi\x1b\x1b\\\x1b\\");
}

TEST_CASE("text with ESC, BEL or ST never reaches a sequence raw") {
  const std::string hostile =
      "a\x1b]2;owned\x07"
      "b\x1b\\c\xc2\x9c"
      "d\x9c\te\n";
  const std::string quoted = "a^[]2;owned^Gb^[\\c<U+009C>d\\x9C^Ie^J";
  CHECK(notification_sequence(NotifySequence::osc9, hostile, hostile) ==
        "\x1b]9;" + quoted + ": " + quoted + "\x1b\\");
  for (const Multiplexer through : {Multiplexer::none, Multiplexer::tmux, Multiplexer::screen}) {
    const TerminalNotice notice{
        {NotifySequence::osc777, NotifySequence::osc9, NotifySequence::osc99}, "", through};
    const std::string bytes = terminal_notification(notice, hostile, hostile);
    INFO(static_cast<int>(through));
    CHECK_FALSE(has_control_bytes(
        bytes, {"\x1bPtmux;", "\x1b\x1b]", "\x1b\x1b\\", "\x1bP", "\x1b]", "\x1b\\", "\a"}));
    CHECK(bytes.find("owned\x07") == std::string::npos);
    CHECK(bytes.find("\xc2\x9c") == std::string::npos);
  }
}

TEST_CASE("terminals are told apart by TERM, then LC_TERMINAL, TERM_PROGRAM and XTVERSION") {
  const TerminalNotice kitty{{NotifySequence::osc99}, "kitty", Multiplexer::none};
  const TerminalNotice iterm{{NotifySequence::osc9}, "iTerm2", Multiplexer::none};
  CHECK(terminal_notice(term("xterm-kitty")) == kitty);
  CHECK(terminal_notice(term("foot")).sequences ==
        std::vector<NotifySequence>{NotifySequence::osc777});
  CHECK(terminal_notice(term("foot-extra")).terminal == "foot");
  CHECK(terminal_notice(term("wezterm")).terminal == "WezTerm");
  CHECK(terminal_notice(term("xterm-ghostty")).terminal == "Ghostty");
  CHECK(terminal_notice(term("rxvt-unicode-256color")).terminal == "urxvt");
  CHECK(terminal_notice({"xterm-256color", "iTerm2", "", ""}) == iterm);
  CHECK(terminal_notice({"xterm-256color", "", "iTerm.app", ""}) == iterm);
  CHECK(terminal_notice({"xterm-256color", "", "WezTerm", ""}).terminal == "WezTerm");
  CHECK(terminal_notice({"xterm-256color", "", "", "kitty(0.26.5)"}) == kitty);
  CHECK(terminal_notice({"xterm-256color", "", "", "WezTerm 20240203-110809-5046fc22"}).sequences ==
        std::vector<NotifySequence>{NotifySequence::osc777});
  // TERM first: what crosses SSH with the session names the terminal best.
  CHECK(terminal_notice({"xterm-kitty", "iTerm2", "", ""}) == kitty);
  // Not known: the two most terminals take; the console, none.
  CHECK(terminal_notice(term("xterm-256color")) ==
        TerminalNotice{osc777_and_9, "", Multiplexer::none});
  CHECK_FALSE(known_terminal({"xterm-256color", "", "tmux", "XTerm(379)"}));
  CHECK(terminal_notice(term("linux")).sequences.empty());
  CHECK(multiplexer_of(Environment{{"TMUX", "/tmp/tmux-0/default,1,0"}}) == Multiplexer::tmux);
  CHECK(multiplexer_of(Environment{{"STY", "1234.pts-0.host"}}) == Multiplexer::screen);
  CHECK(multiplexer_of(Environment{{"TERM", "screen"}}) == Multiplexer::none);
}

TEST_CASE("an XTVERSION answer gives the name, the device attributes say all is in") {
  const std::string answer = "\x1bP>|WezTerm 20240203\x1b\\\x1b[?65;4;6;18;22c";
  CHECK(parse_terminal_version(answer) == "WezTerm 20240203");
  CHECK(terminal_query_answered(answer));
  CHECK(terminal_query_answered("\x1b[?62;c"));
  CHECK_FALSE(parse_terminal_version("\x1b[?62;c"));
  CHECK_FALSE(terminal_query_answered("\x1bP>|kitty(0.26.5)\x1b\\"));
  CHECK_FALSE(terminal_query_answered(""));
  CHECK(parse_terminal_version("\x1bP>|evil\x07name\x1b\\") == "evil^Gname");
  CHECK(terminal_version_query == "\x1b[>q\x1b[c");
}

TEST_CASE("remind.alert is auto or a comma list of channels, and nothing else") {
  const std::optional<AlertChoice> automatic = parse_alert_choice("auto");
  REQUIRE(automatic);
  CHECK(automatic->automatic);
  CHECK(automatic->allows(AlertChannel::tmux));
  const std::optional<AlertChoice> two = parse_alert_choice("terminal,bell");
  REQUIRE(two);
  CHECK_FALSE(two->automatic);
  CHECK(two->names(AlertChannel::terminal));
  CHECK(two->names(AlertChannel::bell));
  CHECK_FALSE(two->allows(AlertChannel::desktop));
  for (const char* bad : {"", "bogus", "auto,bell", "terminal,", "Desktop"}) {
    INFO(bad);
    CHECK_FALSE(parse_alert_choice(bad));
  }
  const auto specs = setting_specs();
  const auto alert = std::find_if(specs.begin(), specs.end(), [](const SettingSpec& spec) {
    return spec.key() == "remind.alert";
  });
  REQUIRE(alert != specs.end());
  std::vector<std::string_view> names;
  for (const AlertChannel channel : alert_channels) {
    names.push_back(alert_channel_name(channel));
  }
  CHECK(alert->choices == fmt::format("{}", fmt::join(names, "|")));
  CHECK(check_setting(*alert, "tmux,bell").problem.empty());
  CHECK(check_setting(*alert, "auto,bell").problem ==
        "\"auto,bell\" is not auto or a comma list of desktop, terminal, tmux, bell");
}

TEST_CASE("the tmux server is found by tmux's own rules") {
  CHECK(tmux_socket(Environment{}, 1000, "") == "/tmp/tmux-1000/default");
  CHECK(tmux_socket(Environment{{"TMUX_TMPDIR", "/run/t"}}, 1000, "") ==
        "/run/t/tmux-1000/default");
  CHECK(tmux_socket(Environment{{"TMUX", "/tmp/tmux-1000/work,4242,3"}, {"TMUX_TMPDIR", "/run/t"}},
                    1000, "") == "/tmp/tmux-1000/work");
  CHECK(tmux_socket(Environment{{"TMUX", "/tmp/tmux-1000/work,4242,3"}}, 1000, "/srv/sock") ==
        "/srv/sock");
}

TEST_CASE("text for tmux's formats shows as written, quoted") {
  CHECK(escape_tmux_format("50% #{pane_id} #[fg=red] #(reboot) ##") ==
        "50% ##{pane_id} ##[fg=red] ##(reboot) ####");
  CHECK(escape_tmux_format("a\x1b[2Jb") == "a^[[2Jb");
}

TEST_CASE("tmux's clients and pane are read back from their formats") {
  const std::vector<TmuxClient> clients = parse_tmux_clients(
      "/dev/pts/3\t120\t40\t$0\t1795000000\t0\n"
      "/dev/pts/4\t40\t10\t$1\t1795000100\t1\n"
      "a line of another shape\n");
  REQUIRE(clients.size() == 2);
  CHECK(clients[0] == TmuxClient{"/dev/pts/3", 120, 40, "$0", 1795000000, false});
  CHECK(clients[1] == TmuxClient{"/dev/pts/4", 40, 10, "$1", 1795000100, true});
  CHECK(parse_tmux_clients("").empty());

  const std::optional<TmuxPane> shown =
      parse_tmux_pane("1\t1\t1\t0\t1\txterm-kitty\tkitty(0.26)\n");
  REQUIRE(shown);
  CHECK(shown->passthrough == TmuxPane::Passthrough::on);
  CHECK(shown->visible);
  CHECK(shown->passes_through());
  CHECK(shown->client_term == "xterm-kitty");
  CHECK(shown->client_version == "kitty(0.26)");
  // Another window is current, or another pane zoomed: tmux 3.3 passes
  // nothing on; tmux 3.4's "all" does.
  CHECK_FALSE(parse_tmux_pane("1\t1\t0\t0\t1\txterm\t")->passes_through());
  CHECK_FALSE(parse_tmux_pane("1\t1\t1\t1\t0\txterm\t")->passes_through());
  CHECK_FALSE(parse_tmux_pane("1\t0\t1\t0\t1\t\t")->passes_through());
  CHECK(parse_tmux_pane("all\t0\t0\t0\t0\t\t")->passes_through());
  CHECK(parse_tmux_pane("0\t1\t1\t0\t1\txterm\t")->passthrough == TmuxPane::Passthrough::off);
  CHECK_FALSE(parse_tmux_pane("1\t1\t1"));
  CHECK(tmux_pane_arguments("%3") == std::vector<std::string>{"display-message", "-p", "-t", "%3",
                                                              std::string(tmux_pane_format)});
}

TEST_CASE("a popup is as big as its lines, on a client it fits, with its words as arguments") {
  const std::vector<std::string> lines{"12:06 Time to stand up and stretch",
                                       "Enter: start neck · s: snooze 5m · q: skip"};
  const PopupSize size = popup_size(lines);
  CHECK(size.width == 46);
  CHECK(size.height == 4);
  CHECK(popup_fits({"/dev/pts/3", 46, 5, "$0", 0, false}, size));
  CHECK_FALSE(popup_fits({"/dev/pts/3", 45, 40, "$0", 0, false}, size));
  CHECK_FALSE(popup_fits({"/dev/pts/3", 46, 4, "$0", 0, false}, size));
  CHECK_FALSE(popup_fits({"/dev/pts/3", 200, 60, "$0", 0, true}, size));
  const TmuxClient client{"/dev/pts/3", 120, 40, "$0", 0, false};
  const TmuxPopup popup{lines, {"/usr/bin/stretch", "remind", "--ask", "text"}, {"HOME=/h"}};
  CHECK(popup_arguments(client, popup) ==
        std::vector<std::string>{"display-popup", "-c", "/dev/pts/3", "-EE", "-w", "46", "-h", "4",
                                 "-T", " stretch ", "-e", "HOME=/h", "/usr/bin/stretch", "remind",
                                 "--ask", "text"});
  CHECK(close_popup_arguments(client) ==
        std::vector<std::string>{"display-popup", "-C", "-c", "/dev/pts/3"});
  CHECK(message_arguments(client, "#1 up") ==
        std::vector<std::string>{"display-message", "-c", "/dev/pts/3", "-d", "0", "##1 up"});
  CHECK(new_window_arguments("$2", {"HOME=/h"}, {"stretch", "start", "neck"}) ==
        std::vector<std::string>{"new-window", "-t", "$2:", "-n", "stretch", "-e", "HOME=/h",
                                 "stretch", "start", "neck"});
}

TEST_CASE("the popup's keys: Enter starts, s snoozes, q or Escape skips, an arrow is no Escape") {
  const auto answer = [](std::vector<VirtualClock::ScriptedWake> script) {
    VirtualClock clock(std::move(script));
    return wait_for_popup_key(clock);
  };
  const auto key = [](char c) { return Wake{Wake::Kind::key, c, 0}; };
  CHECK(answer({{0ms, key('\r')}}).action == PopupKeyAction::start);
  CHECK(answer({{0ms, key('\n')}}).action == PopupKeyAction::start);
  CHECK(answer({{0ms, key('x')}, {1s, key('s')}}).action == PopupKeyAction::snooze);
  CHECK(answer({{0ms, key('q')}}).action == PopupKeyAction::skip);
  CHECK(answer({{0ms, key('\x1b')}}).action == PopupKeyAction::skip);
  // ESC [ A comes at once: an arrow, passed over.
  CHECK(answer({{0ms, key('\x1b')}, {0ms, key('[')}, {1ms, key('A')}, {2s, key('s')}}).action ==
        PopupKeyAction::snooze);
  const PopupAnswer ended = answer({{0ms, {Wake::Kind::signal, 0, SIGHUP}}});
  CHECK_FALSE(ended.action);
  CHECK(ended.signal == SIGHUP);
  CHECK(popup_keys_row("neck", "5m") == "Enter: start neck · s: snooze 5m · q: skip");
}

namespace {

// Channels on scripted parts: a terminal whose bytes are kept, tmux
// servers that answer as set.
struct Desk {
  std::string terminal_bytes;
  StringOutput warnings;
  AlertParts parts;
  ScriptedTmux* tmux = nullptr;      // the server the reminder may show on
  ScriptedTmux* own_tmux = nullptr;  // the one the reminder's pane is in

  void with_terminal(TerminalNotice notice) {
    parts.has_terminal = true;
    parts.terminal = std::make_unique<SharedOutput>(terminal_bytes);
    parts.notice = std::move(notice);
  }
  void with_tmux(std::string clients) {
    auto server = std::make_unique<ScriptedTmux>();
    server->clients = std::move(clients);
    tmux = server.get();
    parts.tmux = std::make_unique<TmuxAlerts>(std::move(server));
  }
  void in_tmux_pane(std::string pane) {
    auto server = std::make_unique<ScriptedTmux>();
    server->pane = std::move(pane);
    own_tmux = server.get();
    parts.own_tmux = std::move(server);
    parts.pane = "%1";
    parts.notice.through = Multiplexer::tmux;
  }
};

const AlertText reminder_text{
    .summary = "Time to stand up and stretch",
    .detail = "neck",
    .line = "12:06 Time to stand up and stretch. Enter: start neck",
    .popup = {"12:06 Time to stand up and stretch", "Enter: start neck · s: snooze 5m · q: skip"},
    .answer = {"stretch", "remind", "--ask", "text"},
    .passed = {"HOME=/h"},
    .message = "12:06 Time to stand up and stretch: neck."};

const std::string big_client = "/dev/pts/3\t120\t40\t$0\t100\t0\n";
const std::string small_client = "/dev/pts/4\t30\t10\t$0\t200\t0\n";

std::vector<std::string> reasons(const std::vector<AlertState>& states) {
  std::vector<std::string> names;
  for (const AlertState& state : states) {
    names.push_back(std::string(alert_channel_name(state.channel)) + ":" +
                    std::string(alert_reason_name(state.reason)) + (state.live ? "+" : ""));
  }
  return names;
}

}  // namespace

TEST_CASE("with no terminal and no desktop, auto shows the reminder on every attached client") {
  Desk desk;
  desk.with_tmux(big_client + small_client);
  Alerts alerts(AlertChoice{}, desk.parts, desk.warnings);
  const Reached reached = alerts.show(reminder_text);
  CHECK(reached.tmux);
  CHECK_FALSE(reached.terminal);
  REQUIRE(desk.tmux->started.size() == 1);
  CHECK(desk.tmux->started[0] ==
        popup_arguments({"/dev/pts/3", 120, 40, "$0", 100, false},
                        {reminder_text.popup, reminder_text.answer, reminder_text.passed}));
  const auto messages = desk.tmux->asked_for("display-message");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] ==
        message_arguments({"/dev/pts/4", 30, 10, "$0", 200, false}, reminder_text.message));
  CHECK(alerts.in_tmux());
  CHECK(reasons(alerts.states()) == std::vector<std::string>{"desktop:no-bus",
                                                             "terminal:no-terminal",
                                                             "tmux:clients+", "bell:no-terminal"});
  CHECK(alerts.states()[2].clients == 2);
  // Answered: the popup closes; Start opens in the session of the client
  // used last.
  alerts.withdraw();
  CHECK_FALSE(alerts.in_tmux());
  CHECK(desk.tmux->asked_for("display-popup") ==
        std::vector<std::vector<std::string>>{{"display-popup", "-C", "-c", "/dev/pts/3"}});
  CHECK(desk.parts.tmux->open_window({"HOME=/h"}, {"stretch", "start", "neck"}));
  CHECK(desk.tmux->asked_for("new-window").back() ==
        new_window_arguments("$0", {"HOME=/h"}, {"stretch", "start", "neck"}));
  CHECK(desk.warnings.text().empty());
}

TEST_CASE("no tmux server, or no client attached: nothing is shown, and no error") {
  Desk desk;
  desk.with_tmux("");
  desk.tmux->clients.reset();
  Alerts alerts(AlertChoice{}, desk.parts, desk.warnings);
  CHECK_FALSE(alerts.show(reminder_text).tmux);
  CHECK(desk.tmux->started.empty());
  CHECK(reasons(alerts.states())[2] == "tmux:no-tmux");
  desk.tmux->clients = "";
  CHECK_FALSE(alerts.show(reminder_text).tmux);
  CHECK(desk.tmux->started.empty());
  CHECK(reasons(alerts.states())[2] == "tmux:no-client");
  CHECK(desk.warnings.text().empty());
}

TEST_CASE("on a terminal, auto sends the terminal's notification and leaves tmux alone") {
  Desk desk;
  desk.with_terminal({{NotifySequence::osc99}, "kitty", Multiplexer::none});
  desk.with_tmux(big_client);
  Alerts alerts(AlertChoice{}, desk.parts, desk.warnings);
  const Reached reached = alerts.show(reminder_text);
  CHECK(reached.terminal);
  CHECK_FALSE(reached.tmux);
  CHECK(desk.terminal_bytes ==
        "\x1b]99;i=stretch:d=0:p=title;stretch\x1b\\\x1b]99;i=stretch:d=1:p=body;" +
            reminder_text.line + "\x1b\\");
  CHECK(desk.tmux->started.empty());
  CHECK(alerts.rings());
  const std::vector<AlertState> states = alerts.states();
  CHECK(reasons(states) == std::vector<std::string>{"desktop:no-bus", "terminal:sequences+",
                                                    "tmux:terminal-shows", "bell:rings+"});
  CHECK(describe_alerts(states) ==
        "Alerts now: terminal (OSC 99 for kitty), bell.\n"
        "Not now: desktop (no session bus), tmux (not needed: the terminal shows it).\n");
}

TEST_CASE("inside tmux with passthrough off, the reminder shows in tmux, and that is told once") {
  Desk desk;
  desk.with_terminal({{NotifySequence::osc777}, "urxvt", Multiplexer::tmux});
  desk.in_tmux_pane("0\t1\t1\t0\t1\trxvt-unicode\t\n");
  desk.with_tmux(big_client);
  Alerts alerts(AlertChoice{}, desk.parts, desk.warnings);
  CHECK(alerts.show(reminder_text).tmux);
  CHECK(alerts.show(reminder_text).tmux);
  CHECK(desk.terminal_bytes.empty());
  CHECK(desk.tmux->started.size() == 2);
  CHECK(desk.warnings.text() ==
        "stretch: warning: tmux passes no notification on to your terminal while its "
        "allow-passthrough is off, so reminders show in tmux instead; `set -g allow-passthrough "
        "on` in ~/.tmux.conf turns it on\n");
  CHECK(reasons(alerts.states()) == std::vector<std::string>{"desktop:no-bus",
                                                             "terminal:passthrough-off",
                                                             "tmux:clients+", "bell:rings+"});

  // On, and the pane on screen: through tmux's passthrough.
  desk.own_tmux->pane = "1\t1\t1\t0\t1\trxvt-unicode\t\n";
  CHECK(alerts.show(reminder_text).terminal);
  CHECK(desk.terminal_bytes ==
        "\x1bPtmux;\x1b\x1b]777;notify;stretch;" + reminder_text.line + "\x1b\x1b\\\x1b\\");
  CHECK(desk.tmux->started.size() == 2);
  // On, but the pane in a window not shown: tmux 3.3 would drop it.
  desk.own_tmux->pane = "1\t1\t0\t0\t1\trxvt-unicode\t\n";
  CHECK(alerts.show(reminder_text).tmux);
  CHECK(desk.tmux->started.size() == 3);
  CHECK(reasons(alerts.states())[1] == "terminal:pane-hidden");
  CHECK(desk.warnings.text().find("warning", 30) == std::string::npos);
}

TEST_CASE("remind.alert names the channels: the bell alone, or tmux beside the terminal") {
  Desk desk;
  desk.with_terminal({{NotifySequence::osc9}, "iTerm2", Multiplexer::none});
  desk.with_tmux(big_client);
  Alerts bell_only(*parse_alert_choice("bell"), desk.parts, desk.warnings);
  const Reached quiet = bell_only.show(reminder_text);
  CHECK_FALSE(quiet.terminal);
  CHECK_FALSE(quiet.tmux);
  CHECK(bell_only.rings());
  CHECK(desk.terminal_bytes.empty());
  CHECK(reasons(bell_only.states()) == std::vector<std::string>{"desktop:not-chosen",
                                                                "terminal:not-chosen",
                                                                "tmux:not-chosen", "bell:rings+"});
  Alerts both(*parse_alert_choice("terminal,tmux"), desk.parts, desk.warnings);
  const Reached reached = both.show(reminder_text);
  CHECK(reached.terminal);
  CHECK(reached.tmux);
  CHECK_FALSE(both.rings());
  CHECK(desk.terminal_bytes == "\x1b]9;stretch: " + reminder_text.line + "\x1b\\");
}

namespace {

struct Opened {
  std::vector<std::string> asked;  // what was asked of the terminal
  std::vector<ScriptedTmux*> servers;
  std::string terminal_bytes;
};

// A Context whose terminal answers XTVERSION with reply, and whose tmux
// servers answer the pane's format with pane.
Context context_for(Opened& opened, StringOutput& out, Environment environment, std::string reply,
                    std::string pane = {}) {
  Context context{out, out, std::move(environment)};
  context.ask_terminal = [&opened, reply](std::string_view request,
                                          const std::function<bool(std::string_view)>& answered,
                                          std::chrono::milliseconds) {
    opened.asked.emplace_back(request);
    CHECK((reply.empty() || answered(reply)));
    return reply;
  };
  context.open_terminal = [&opened] {
    return std::make_unique<SharedOutput>(opened.terminal_bytes);
  };
  context.open_tmux = [&opened, pane](const std::filesystem::path&) {
    auto server = std::make_unique<ScriptedTmux>();
    server->pane = pane;
    opened.servers.push_back(server.get());
    return server;
  };
  return context;
}

}  // namespace

TEST_CASE("the terminal is asked its name only when nothing in the environment tells") {
  StringOutput out;
  const std::string wezterm = "\x1bP>|WezTerm 20240203\x1b\\\x1b[?65;22c";
  {
    Opened opened;
    Context context = context_for(opened, out, {{"TERM", "xterm-256color"}}, wezterm);
    const AlertParts parts = open_alert_parts(AlertChoice{}, context, true, true, "");
    CHECK(opened.asked == std::vector<std::string>{std::string(terminal_version_query)});
    CHECK(parts.notice == TerminalNotice{{NotifySequence::osc777}, "WezTerm", Multiplexer::none});
  }
  {
    Opened opened;
    Context context = context_for(opened, out, {{"TERM", "xterm-kitty"}}, wezterm);
    const AlertParts parts = open_alert_parts(AlertChoice{}, context, true, true, "");
    CHECK(opened.asked.empty());
    CHECK(parts.notice.terminal == "kitty");
  }
  {
    // No answer in time: both sequences most terminals take.
    Opened opened;
    Context context = context_for(opened, out, {{"TERM", "xterm-256color"}}, "");
    const AlertParts parts = open_alert_parts(AlertChoice{}, context, true, true, "");
    CHECK(opened.asked.size() == 1);
    CHECK(parts.notice == TerminalNotice{osc777_and_9, "", Multiplexer::none});
  }
  {
    // `stretch config` does not ask; without a terminal nothing is asked.
    Opened opened;
    Context context = context_for(opened, out, {{"TERM", "xterm-256color"}}, wezterm);
    CHECK(open_alert_parts(AlertChoice{}, context, true, false, "").notice.terminal.empty());
    CHECK_FALSE(open_alert_parts(AlertChoice{}, context, false, true, "").terminal);
    CHECK(opened.asked.empty());
  }
  {
    // tmux answers XTVERSION itself when TMUX was not passed on: its
    // passthrough it is.
    Opened opened;
    Context context =
        context_for(opened, out, {{"TERM", "screen"}}, "\x1bP>|tmux 3.3a\x1b\\\x1b[?1;2c");
    CHECK(open_alert_parts(AlertChoice{}, context, true, true, "").notice ==
          TerminalNotice{osc777_and_9, "", Multiplexer::tmux});
  }
}

TEST_CASE("inside tmux the client's terminal tells, and screen's TERM tells nothing") {
  StringOutput out;
  Opened opened;
  Context context = context_for(
      opened, out, {{"TERM", "tmux-256color"}, {"TMUX", "/tmp/t/default,1,0"}, {"TMUX_PANE", "%4"}},
      "", "1\t1\t1\t0\t1\txterm-256color\tkitty(0.26.5)\n");
  const AlertParts parts = open_alert_parts(AlertChoice{}, context, true, true, "");
  CHECK(opened.asked.empty());
  CHECK(parts.notice == TerminalNotice{{NotifySequence::osc99}, "kitty", Multiplexer::tmux});
  CHECK(parts.pane == "%4");
  REQUIRE(opened.servers.size() == 2);  // the pane's, and the one to show on
  CHECK(opened.servers[0]->asked.front() == tmux_pane_arguments("%4"));

  Opened in_screen;
  Context screen = context_for(
      in_screen, out,
      {{"TERM", "screen.xterm-256color"}, {"STY", "7.pts-1.host"}, {"LC_TERMINAL", "iTerm2"}}, "");
  CHECK(open_alert_parts(AlertChoice{}, screen, true, true, "").notice ==
        TerminalNotice{{NotifySequence::osc9}, "iTerm2", Multiplexer::screen});
}

TEST_CASE("what the reminder says of its alerts crosses the socket and reads back the same") {
  ReminderStatus status{ReminderStatus::State::waiting, 1'795'002'700, std::nullopt};
  status.alerts = {
      {AlertChannel::desktop, false, AlertReason::no_server, {}, 0},
      {AlertChannel::terminal, true, AlertReason::sequences,
       TerminalNotice{osc777_and_9, "", Multiplexer::screen}, 0},
      {AlertChannel::tmux, true, AlertReason::clients, {}, 3},
      {AlertChannel::bell, false, AlertReason::not_chosen, {}, 0},
  };
  const std::optional<StatusRecord> back =
      parse_reminder_status(format_reminder_status(status, 60));
  REQUIRE(back);
  CHECK(back->status.alerts == status.alerts);
  CHECK(describe_alerts(status.alerts) ==
        "Alerts now: terminal (OSC 777 + OSC 9, for any terminal that takes them, through "
        "screen), tmux (on 3 clients).\n"
        "Not now: desktop (no notification server answers), bell (left out by remind.alert).\n");
  // A made-up answer is read for what it says, and its text quoted.
  const std::optional<StatusRecord> odd = parse_reminder_status(
      R"({"state":"waiting","next":null,"paused_until":null,"every":60,"alerts":[)"
      R"({"channel":"terminal","live":true,"reason":"sequences","sequences":["osc99","x"],)"
      R"("terminal":"k\u001b]2;x","through":7},{"channel":"pager","reason":"rings"},5]})");
  REQUIRE(odd);
  REQUIRE(odd->status.alerts.size() == 1);
  CHECK(odd->status.alerts[0].notice ==
        TerminalNotice{{NotifySequence::osc99}, "k^[]2;x", Multiplexer::none});
}

TEST_CASE("the service's reminder on tmux: the popup answers with --ask, Start opens a window") {
  ScratchDir dir("alert");
  StringOutput out;
  StringOutput err;
  Context context{out, err,
                  Environment{{"HOME", "/home/u"},
                              {"XDG_RUNTIME_DIR", "/run/u"},
                              {"PATH", "/usr/bin"},
                              {"LANG", "de_DE.UTF-8"}}};
  context.time_zone = std::make_shared<FixedTimeZone>(3600);
  context.wall_clock = [] { return WallTime{1'795'000'000, 3600}; };  // 12:06 in UTC+1
  context.own_program = [] { return std::string("/usr/bin/stretch"); };
  Desk desk;
  desk.with_tmux(big_client + "/dev/pts/5\t120\t40\t$1\t300\t0\n");
  Alerts alerts(AlertChoice{}, desk.parts, err);
  VirtualInput service(false);
  const auto fit = [] { return Routine{}; };
  const ReminderSettings settings = reminder_settings(Settings{});
  Reminders reminders({"neck", fit, ""}, settings, dir / "remind.json", service, alerts, nullptr,
                      context);
  reminders.remind();
  const std::vector<std::string> passed{"HOME=/home/u", "LANG=de_DE.UTF-8",
                                        "XDG_RUNTIME_DIR=/run/u"};
  const TmuxPopup popup{
      {"12:06 Time to stand up and stretch", "Enter: start neck · s: snooze 5m · q: skip"},
      {"/usr/bin/stretch", "remind", "--ask",
       "12:06 Time to stand up and stretch\n"
       "Enter: start neck · s: snooze 5m · q: skip"},
      passed};
  REQUIRE(desk.tmux->started.size() == 2);
  CHECK(desk.tmux->started[0] == popup_arguments({"/dev/pts/3", 120, 40, "$0", 100, false}, popup));
  CHECK(err.text() == "12:06 Time to stand up and stretch: neck.\n");
  reminders.start_routine();
  CHECK(desk.tmux->asked_for("display-popup").size() == 2);  // both closed
  CHECK(desk.tmux->asked_for("new-window") ==
        std::vector<std::vector<std::string>>{
            new_window_arguments("$1", passed, {"/usr/bin/stretch", "start", "neck"})});
}

TEST_CASE("a routine's title reaches neither the terminal's sequence nor tmux raw") {
  ScratchDir dir("alert");
  StringOutput out;
  StringOutput err;
  Context context{out, err, Environment{}};
  context.wall_clock = [] { return WallTime{1'795'000'000, 0}; };
  const auto fit = [] {
    Routine fitted;
    fitted.name = "fitted";
    fitted.title = "x\x1b]0;owned\x07y\x1b\\z";
    return fitted;
  };
  Desk desk;
  desk.with_terminal({{NotifySequence::osc777, NotifySequence::osc9}, "", Multiplexer::none});
  desk.with_tmux(small_client);
  VirtualInput keyboard(false);
  Alerts alerts(*parse_alert_choice("terminal,tmux"), desk.parts, err);
  const ReminderSettings settings = reminder_settings(Settings{});
  Reminders reminders({"", fit, ""}, settings, dir / "remind.json", keyboard, alerts, nullptr,
                      context);
  reminders.remind();
  CHECK_FALSE(has_control_bytes(desk.terminal_bytes, {"\x1b]", "\x1b\\"}));
  CHECK(desk.terminal_bytes.find("\"x^[]0;owned^Gy^[\\z\"") != std::string::npos);
  const auto messages = desk.tmux->asked_for("display-message");
  REQUIRE(messages.size() == 1);
  CHECK_FALSE(has_control_bytes(messages[0].back(), {}));
}
