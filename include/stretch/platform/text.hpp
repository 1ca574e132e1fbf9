#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stretch {

// Text from a routine file made safe to quote in a message: control
// characters (C0, DEL, C1) and bidirectional overrides become visible
// caret or <U+XXXX> forms, so that no file can reach the terminal raw.
std::string quote_untrusted(std::string_view text);

// The first invalid UTF-8 byte offset of text, if any.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// The second to fourth bytes of a UTF-8 sequence.
inline bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Number of code points, an estimate of the width on a terminal.
std::size_t display_width(std::string_view text);

// Cuts text to at most width code points, ending with "…" when cut.
std::string truncate_to_width(std::string_view text, std::size_t width);

// Joins pieces with separator into lines of at most width code points,
// never breaking inside a piece: one wider than width has a line of its
// own. The first line may have a width of its own (a hanging indent).
std::vector<std::string> wrap_pieces(std::span<const std::string> pieces,
                                     std::string_view separator, std::size_t width,
                                     std::optional<std::size_t> first_width = std::nullopt);

// Breaks text into lines of at most width code points at spaces.
std::vector<std::string> wrap_words(std::string_view text, std::size_t width,
                                    std::optional<std::size_t> first_width = std::nullopt);

// The candidate nearest to word in edit distance, when it is near enough to
// be a likely misspelling.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

// "; did you mean \"candidate\"?" for the closest candidate, or "; " and
// otherwise when none is near; what follows "unknown field \"x\"" and the like.
std::string did_you_mean(std::string_view word, std::span<const std::string> candidates,
                         std::string_view otherwise);

// The parts of text between separators, empty ones included: "a,,b" is
// "a", "", "b".
std::vector<std::string_view> split_at(std::string_view text, char separator);

// A routine name: [a-z0-9-]+, at most 64 characters.
bool is_routine_name(std::string_view text);

}  // namespace stretch
