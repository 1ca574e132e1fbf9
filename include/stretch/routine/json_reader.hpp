#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace stretch {

struct SourcePosition {
  int line = 1;
  int column = 1;  // in code points, from 1
};

// Turns byte offsets in a text into lines and columns. Offsets asked for in
// increasing order cost one pass over the text in all, whatever its line
// structure; an earlier offset starts the count again from the top.
class PositionCounter {
 public:
  explicit PositionCounter(std::string_view text) : text_(text) {}
  SourcePosition at(std::size_t offset);

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  SourcePosition position_;
};

inline constexpr std::size_t max_json_depth = 32;

// Which values a document keeps the start of: those its reader may name in
// an error, so that a file of a million values does not pay for a million
// positions. A value is kept when its parent is, it is at most depth deep,
// and, in an array, among the first elements.
struct KeptPositions {
  std::size_t depth = max_json_depth;
  std::size_t elements = static_cast<std::size_t>(-1);
};

// A parsed JSON text that remembers where its values started, as byte
// offsets, so that errors found after parsing can still name a line and a
// column; an object's member starts at its key. Stricter than RFC 8259
// where a routine file needs it: duplicate keys and invalid UTF-8 are
// errors, and nesting is limited.
class JsonDocument {
 public:
  JsonDocument() = default;
  JsonDocument(nlohmann::json value, std::size_t value_offset,
               std::unordered_map<const nlohmann::json*, std::size_t> offsets);

  const nlohmann::json& value() const { return value_; }
  // Where the value a JSON pointer names starts, or the nearest value above
  // it whose start was kept; 0, the start of the text, for a pointer that
  // names no value.
  std::size_t offset_of(std::string_view pointer) const;

 private:
  nlohmann::json value_;
  std::size_t value_offset_ = 0;
  // By the address of each kept value below the top one. A value's children
  // live in storage of its own, so these stay put when the document moves.
  std::unordered_map<const nlohmann::json*, std::size_t> offsets_;
};

class JsonSyntaxError : public std::runtime_error {
 public:
  JsonSyntaxError(SourcePosition where, const std::string& message)
      : std::runtime_error(message), where_(where) {}
  SourcePosition where() const noexcept { return where_; }

 private:
  SourcePosition where_;
};

// Throws JsonSyntaxError.
JsonDocument read_json(std::string_view text, KeptPositions kept = {});

// "/stretches/0/title" from a parent pointer and a key or index, escaped as
// RFC 6901 asks.
std::string child_pointer(const std::string& parent, std::string_view key);
std::string child_pointer(const std::string& parent, std::size_t index);

}  // namespace stretch
