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

// A parsed JSON text that remembers where each value started, as a byte
// offset by JSON pointer, so that errors found after parsing can still name
// a line and a column. Stricter than RFC 8259 where a routine file needs it:
// duplicate keys and invalid UTF-8 are errors, and nesting is limited.
struct JsonDocument {
  nlohmann::json value;
  std::unordered_map<std::string, std::size_t> offsets;

  // 0, the start of the text, for a pointer that names no value.
  std::size_t offset_of(const std::string& pointer) const;
};

class JsonSyntaxError : public std::runtime_error {
 public:
  JsonSyntaxError(SourcePosition where, const std::string& message)
      : std::runtime_error(message), where_(where) {}
  SourcePosition where() const noexcept { return where_; }

 private:
  SourcePosition where_;
};

inline constexpr int max_json_depth = 32;

// Throws JsonSyntaxError.
JsonDocument read_json(std::string_view text);

// "/stretches/0/title" from a parent pointer and a key or index, escaped as
// RFC 6901 asks.
std::string child_pointer(const std::string& parent, std::string_view key);
std::string child_pointer(const std::string& parent, std::size_t index);

}  // namespace stretch
