#include "stretch/platform/text.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"

namespace stretch {
namespace {

struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;  // 0: not valid UTF-8 at this offset
};

Decoded decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) {
    return {lead, 1};
  }
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1Fu, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0Fu, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07u, smallest = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size()) {
    return {};
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) {
      return {};
    }
    code_point = (code_point << 6) | (byte(at + i) & 0x3Fu);
  }
  const bool overlong = code_point < smallest;
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (overlong || surrogate || code_point > 0x10FFFF) {
    return {};
  }
  return {code_point, length};
}

// A character that must never come from a routine file: C0 but tab, DEL,
// C1 and the bidirectional formatting characters.
bool is_forbidden_code_point(char32_t c) {
  const bool c0 = c < 0x20 && c != '\t';
  const bool del_or_c1 = c >= 0x7F && c <= 0x9F;
  const bool bidi = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
                    c == 0x200F || c == 0x061C;
  return c0 || del_or_c1 || bidi;
}

}  // namespace

std::string quote_untrusted(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    // Printable ASCII, most of any text, is copied as it is, a run at a time.
    const auto plain_end = std::find_if(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(),
                                        [](char c) { return c < 0x20 || c >= 0x7F; });
    const auto plain = static_cast<std::size_t>(plain_end - text.begin());
    out.append(text.substr(at, plain - at));
    at = plain;
    if (at == text.size()) {
      break;
    }
    const Decoded decoded = decode_utf8(text, at);
    if (decoded.length == 0) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[at]));
      ++at;
      continue;
    }
    const char32_t c = decoded.code_point;
    if (c < 0x20 || c == 0x7F) {
      out += '^';
      out += static_cast<char>(c == 0x7F ? '?' : c + 0x40);
    } else if (is_forbidden_code_point(c)) {
      out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(c));
    } else {
      out.append(text.substr(at, decoded.length));
    }
    at += decoded.length;
  }
  return out;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const Decoded decoded = decode_utf8(text, at);
    if (decoded.length == 0) {
      return at;
    }
    at += decoded.length;
  }
  return std::nullopt;
}

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::string truncate_to_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) {
    return std::string(text);
  }
  if (width == 0) {
    return {};
  }
  std::size_t kept = 0;
  std::size_t at = 0;
  while (at < text.size() && kept < width - 1) {
    ++at;
    while (at < text.size() && is_continuation_byte(text[at])) {
      ++at;
    }
    ++kept;
  }
  return std::string(text.substr(0, at)) + "…";
}

std::vector<std::string> wrap_pieces(std::span<const std::string> pieces,
                                     std::string_view separator, std::size_t width,
                                     std::optional<std::size_t> first_width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_width = 0;
  for (const std::string& piece : pieces) {
    const std::size_t limit = lines.empty() ? first_width.value_or(width) : width;
    const std::size_t piece_width = display_width(piece);
    if (!line.empty() && line_width + display_width(separator) + piece_width > limit) {
      lines.push_back(std::move(line));
      line.clear();
      line_width = 0;
    }
    if (!line.empty()) {
      line += separator;
      line_width += display_width(separator);
    }
    line += piece;
    line_width += piece_width;
  }
  if (!line.empty() || lines.empty()) {
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<std::string> wrap_words(std::string_view text, std::size_t width,
                                    std::optional<std::size_t> first_width) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) {
      words.emplace_back(text.substr(at, end - at));
    }
    at = end + 1;
  }
  return wrap_pieces(words, " ", width, first_width);
}

namespace {

// Optimal string alignment distance: Levenshtein plus swapped neighbours,
// the commonest typing slip.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates) {
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance && distance < candidate.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates,
                         std::string_view otherwise) {
  if (const std::optional<std::string> suggestion = closest_match(word, candidates)) {
    // TRANSLATORS: follows an error about a word that is not known: {} is the
    // nearest known word.
    return fmt::format(fmt::runtime(tr("; did you mean \"{}\"?")), *suggestion);
  }
  return "; " + std::string(otherwise);
}

std::vector<std::string_view> split_at(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) {
      return parts;
    }
    text.remove_prefix(at + 1);
  }
}

bool is_routine_name(std::string_view text) {
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace stretch
