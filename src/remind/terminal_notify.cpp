#include "stretch/remind/terminal_notify.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

constexpr std::string_view esc = "\x1b";
constexpr std::string_view st = "\x1b\\";
constexpr std::string_view bel = "\a";

struct KnownTerminal {
  std::string_view name;
  std::vector<NotifySequence> sequences;
};

KnownTerminal kitty() {
  return {"kitty", {NotifySequence::osc99}};
}
KnownTerminal iterm2() {
  return {"iTerm2", {NotifySequence::osc9}};
}
KnownTerminal with_osc777(std::string_view name) {
  return {name, {NotifySequence::osc777}};
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

std::optional<KnownTerminal> by_term(std::string_view term) {
  if (term == "xterm-kitty") {
    return kitty();
  }
  if (term.starts_with("foot")) {
    return with_osc777("foot");
  }
  if (term == "wezterm") {
    return with_osc777("WezTerm");
  }
  if (term == "xterm-ghostty" || term == "ghostty") {
    return with_osc777("Ghostty");
  }
  if (term.starts_with("rxvt-unicode")) {
    return with_osc777("urxvt");
  }
  // The console prints what it does not know as text, and has no desktop
  // to show a notification on.
  if (term == "linux" || term == "dumb") {
    return KnownTerminal{term == "linux" ? "Linux console" : "dumb", {}};
  }
  return std::nullopt;
}

std::optional<KnownTerminal> by_program(std::string_view program) {
  if (program == "iTerm.app") {
    return iterm2();
  }
  if (program == "WezTerm") {
    return with_osc777("WezTerm");
  }
  if (program == "ghostty") {
    return with_osc777("Ghostty");
  }
  return std::nullopt;
}

// XTVERSION answers start with the terminal's name: "kitty(0.26.5)",
// "WezTerm 20240203-110809-5046fc22", "foot(1.16.2)", "iTerm2 3.5.0".
std::optional<KnownTerminal> by_version(std::string_view version) {
  const std::string name = lower(version);
  if (name.starts_with("kitty")) {
    return kitty();
  }
  if (name.starts_with("iterm2")) {
    return iterm2();
  }
  for (const std::string_view terminal : {"foot", "WezTerm", "ghostty"}) {
    if (name.starts_with(lower(terminal))) {
      return with_osc777(terminal == "ghostty" ? "Ghostty" : terminal);
    }
  }
  return std::nullopt;
}

// Text as a notification may carry it: quoted, so that no control
// character is left.
std::string plain(std::string_view text) {
  return quote_untrusted(text);
}

// Where one UTF-8 character starting at text[at] ends.
std::size_t character_end(std::string_view text, std::size_t at) {
  ++at;
  while (at < text.size() && is_continuation_byte(text[at])) {
    ++at;
  }
  return at;
}

}  // namespace

TerminalNames terminal_names(const Environment& environment) {
  const auto value = [&](std::string_view name) {
    return std::string(environment.get(name).value_or(""));
  };
  return {value("TERM"), value("LC_TERMINAL"), value("TERM_PROGRAM"), {}};
}

Multiplexer multiplexer_of(const Environment& environment) {
  if (environment.non_empty("TMUX")) {
    return Multiplexer::tmux;
  }
  if (environment.non_empty("STY")) {
    return Multiplexer::screen;
  }
  return Multiplexer::none;
}

std::optional<TerminalNotice> known_terminal(const TerminalNames& names) {
  std::optional<KnownTerminal> known = by_term(names.term);
  if (!known && names.lc_terminal == "iTerm2") {
    known = iterm2();
  }
  if (!known) {
    known = by_program(names.term_program);
  }
  if (!known && !names.version.empty()) {
    known = by_version(names.version);
  }
  if (!known) {
    return std::nullopt;
  }
  return TerminalNotice{known->sequences, std::string(known->name), Multiplexer::none};
}

TerminalNotice terminal_notice(const TerminalNames& names) {
  if (std::optional<TerminalNotice> known = known_terminal(names)) {
    return *known;
  }
  return {{NotifySequence::osc777, NotifySequence::osc9}, {}, Multiplexer::none};
}

std::string describe_sequences(const std::vector<NotifySequence>& sequences) {
  std::vector<std::string> names;
  for (const NotifySequence sequence : sequences) {
    switch (sequence) {
      case NotifySequence::osc777:
        names.emplace_back("OSC 777");
        break;
      case NotifySequence::osc9:
        names.emplace_back("OSC 9");
        break;
      case NotifySequence::osc99:
        names.emplace_back("OSC 99");
        break;
    }
  }
  return fmt::format("{}", fmt::join(names, " + "));
}

std::string notification_sequence(NotifySequence sequence, std::string_view title,
                                  std::string_view body, Multiplexer through) {
  // Inside screen's passthrough an ST would end the passthrough itself.
  const std::string_view end = through == Multiplexer::screen ? bel : st;
  const std::string shown_title = plain(title);
  const std::string shown_body = plain(body);
  switch (sequence) {
    case NotifySequence::osc777: {
      // The title ends at its first ';'.
      std::string field = shown_title;
      std::replace(field.begin(), field.end(), ';', ',');
      return fmt::format("{}]777;notify;{};{}{}", esc, field, shown_body, end);
    }
    case NotifySequence::osc9:
      return fmt::format("{}]9;{}: {}{}", esc, shown_title, shown_body, end);
    case NotifySequence::osc99:
      // Two parts of one notification: the title waits (d=0) for its body.
      return fmt::format("{0}]99;i=stretch:d=0:p=title;{1}{3}{0}]99;i=stretch:d=1:p=body;{2}{3}",
                         esc, shown_title, shown_body, end);
  }
  return {};
}

std::string pass_through(Multiplexer through, std::string_view sequence) {
  switch (through) {
    case Multiplexer::none:
      return std::string(sequence);
    case Multiplexer::tmux: {
      std::string out = "\x1bPtmux;";
      for (const char c : sequence) {
        out += c;
        if (c == '\x1b') {
          out += c;
        }
      }
      return out + std::string(st);
    }
    case Multiplexer::screen: {
      std::string out;
      for (std::size_t at = 0; at < sequence.size();) {
        std::size_t end = at;
        while (end < sequence.size()) {
          const std::size_t next = character_end(sequence, end);
          if (next - at > screen_piece_bytes) {
            break;
          }
          end = next;
        }
        out += fmt::format("\x1bP{}{}", sequence.substr(at, end - at), st);
        at = end;
      }
      return out;
    }
  }
  return std::string(sequence);
}

std::string terminal_notification(const TerminalNotice& notice, std::string_view title,
                                  std::string_view body) {
  std::string out;
  for (const NotifySequence sequence : notice.sequences) {
    out +=
        pass_through(notice.through, notification_sequence(sequence, title, body, notice.through));
  }
  return out;
}

bool terminal_query_answered(std::string_view reply) {
  for (std::size_t at = reply.find("\x1b[?"); at != std::string_view::npos;
       at = reply.find("\x1b[?", at + 1)) {
    std::size_t end = at + 3;
    while (end < reply.size() &&
           (std::isdigit(static_cast<unsigned char>(reply[end])) != 0 || reply[end] == ';')) {
      ++end;
    }
    if (end < reply.size() && reply[end] == 'c') {
      return true;
    }
  }
  return false;
}

std::optional<std::string> parse_terminal_version(std::string_view reply) {
  constexpr std::string_view start = "\x1bP>|";
  const std::size_t begin = reply.find(start);
  if (begin == std::string_view::npos) {
    return std::nullopt;
  }
  const std::size_t text = begin + start.size();
  const std::size_t end = reply.find(st, text);
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  return quote_untrusted(reply.substr(text, end - text));
}

}  // namespace stretch
