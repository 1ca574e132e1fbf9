#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

// The words an enum's values go by in files, JSON lines and on the command
// line, in one table that reads both ways, so that a value and its word are
// written down once.
namespace stretch {

template <class Value, std::size_t Size>
struct WordTable {
  std::array<std::pair<Value, std::string_view>, Size> entries;

  // Every value has its word in the table; empty for one that has none.
  constexpr std::string_view word(Value value) const {
    for (const auto& [known, word] : entries) {
      if (known == value) {
        return word;
      }
    }
    return {};
  }

  constexpr std::optional<Value> value(std::string_view word) const {
    for (const auto& [value, known] : entries) {
      if (known == word) {
        return value;
      }
    }
    return std::nullopt;
  }

  // In the table's order, for "expected one of" messages.
  constexpr std::array<std::string_view, Size> words() const {
    std::array<std::string_view, Size> all{};
    for (std::size_t i = 0; i < Size; ++i) {
      all[i] = entries[i].second;
    }
    return all;
  }
};

}  // namespace stretch
