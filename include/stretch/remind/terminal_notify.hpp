#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/environment.hpp"

// Desktop notifications that a terminal shows for the program running in
// it, wherever that program runs: the terminal on the user's desk turns a
// few bytes into its own notification, so they cross SSH, tmux and screen
// where D-Bus does not. Terminals disagree on the bytes; they are told
// apart by what crosses SSH (TERM, LC_TERMINAL, TERM_PROGRAM) and, when
// none of that tells, by asking the terminal its name (XTVERSION).
namespace stretch {

enum class NotifySequence {
  osc777,  // OSC 777 ; notify ; title ; body: urxvt's, also foot, WezTerm, Ghostty
  osc9,    // OSC 9 ; text: iTerm2's, also WezTerm, Ghostty, kitty
  osc99,   // OSC 99: kitty's own, title and body apart
};

// What stands between the program and the terminal, and must be asked to
// pass the sequence on.
enum class Multiplexer { none, tmux, screen };

// How to reach one terminal: the sequences it shows, the name it goes by,
// and the multiplexer in between.
struct TerminalNotice {
  // Empty: a terminal that shows none (the Linux console, a dumb one).
  std::vector<NotifySequence> sequences;
  // "kitty"; empty when nothing told, and sequences are then the ones most
  // terminals take (OSC 777 and OSC 9), which the others ignore.
  std::string terminal;
  Multiplexer through = Multiplexer::none;

  bool operator==(const TerminalNotice&) const = default;
};

// What may tell the terminal: its TERM (inside tmux, the TERM of the
// client, since the pane's is tmux's own), LC_TERMINAL, TERM_PROGRAM and
// the name it answered XTVERSION with.
struct TerminalNames {
  std::string term;
  std::string lc_terminal;
  std::string term_program;
  std::string version;
};

// The names the environment gives: TERM, LC_TERMINAL, TERM_PROGRAM; no
// version.
TerminalNames terminal_names(const Environment& environment);

// The multiplexer the program runs in: tmux when TMUX is set, screen when
// STY is.
Multiplexer multiplexer_of(const Environment& environment);

// The terminal by its names, the first that tells: TERM, LC_TERMINAL,
// TERM_PROGRAM, then the version. Nothing when none does.
std::optional<TerminalNotice> known_terminal(const TerminalNames& names);

// known_terminal, else the sequences for a terminal not known; through is
// left as none.
TerminalNotice terminal_notice(const TerminalNames& names);

// "OSC 99", "OSC 777 + OSC 9": what a notice sends, for people.
std::string describe_sequences(const std::vector<NotifySequence>& sequences);

// One notification as sequence says it, title and body quoted first: no
// control character of theirs (ESC, BEL, ST, C1) reaches the terminal, tabs
// become spaces, and OSC 777's title has no ';', which would end it. OSC 9
// has one text: "title: body". Each sequence ends with ST, or with BEL
// where ST would end a screen passthrough around it.
std::string notification_sequence(NotifySequence sequence, std::string_view title,
                                  std::string_view body, Multiplexer through = Multiplexer::none);

// sequence wrapped so that the multiplexer passes it on to the terminal
// outside: tmux's DCS "tmux;" with every ESC doubled (tmux drops it unless
// allow-passthrough is on), screen's DCS in pieces of at most
// screen_piece_bytes, whole UTF-8 characters each.
std::string pass_through(Multiplexer through, std::string_view sequence);
inline constexpr std::size_t screen_piece_bytes = 250;

// Every sequence of notice, each wrapped for its multiplexer.
std::string terminal_notification(const TerminalNotice& notice, std::string_view title,
                                  std::string_view body);

// XTVERSION (CSI > q), then the primary device attributes (CSI c), which
// every terminal answers: once that answer is in, a terminal that has not
// told its name will not.
inline constexpr std::string_view terminal_version_query = "\x1b[>q\x1b[c";
// How long a terminal has to answer: a round trip over SSH.
inline constexpr int terminal_query_milliseconds = 1000;

// Whether reply holds the answer to the device attributes (ESC [ ? ... c).
bool terminal_query_answered(std::string_view reply);

// The name in an XTVERSION answer (DCS > | name ST): "kitty(0.26.5)",
// quoted; nothing when reply holds none.
std::optional<std::string> parse_terminal_version(std::string_view reply);

}  // namespace stretch
