#include "stretch/json_reader.hpp"

#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "stretch/i18n.hpp"
#include "stretch/text.hpp"

namespace stretch {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  JsonDocument read() {
    if (const auto bad = find_invalid_utf8(text_)) {
      at_ = *bad;
      fail(tr("invalid UTF-8"));
    }
    JsonDocument document;
    skip_space();
    document.value = read_value("", 0, document);
    skip_space();
    if (at_ < text_.size()) {
      fail(fmt::format(fmt::runtime(tr("unexpected {} after the end of the document")),
                       describe_next()));
    }
    return document;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;

  // Only an error needs a line and a column, so they are counted then, once.
  SourcePosition position_of(std::size_t offset) const { return PositionCounter(text_).at(offset); }

  [[noreturn]] void fail(const std::string& message) const {
    throw JsonSyntaxError(position_of(at_), message);
  }

  std::string describe_next() const {
    if (at_ >= text_.size()) {
      return tr("end of file");
    }
    std::size_t length = 1;
    while (at_ + length < text_.size() && is_continuation_byte(text_[at_ + length])) {
      ++length;
    }
    return fmt::format("'{}'", quote_untrusted(text_.substr(at_, length)));
  }

  void skip_space() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return;
      }
      ++at_;
    }
  }

  bool consume(char expected) {
    if (at_ < text_.size() && text_[at_] == expected) {
      ++at_;
      return true;
    }
    return false;
  }

  nlohmann::json read_value(const std::string& pointer, int depth, JsonDocument& document) {
    if (depth > max_json_depth) {
      fail(fmt::format(fmt::runtime(tr("nested deeper than {} levels")), max_json_depth));
    }
    document.offsets.try_emplace(pointer, at_);
    if (at_ >= text_.size()) {
      fail(tr("expected a value, found the end of the file"));
    }
    switch (text_[at_]) {
      case '{':
        return read_object(pointer, depth, document);
      case '[':
        return read_array(pointer, depth, document);
      case '"':
        return read_string();
      case 't':
        return read_literal("true", true);
      case 'f':
        return read_literal("false", false);
      case 'n':
        return read_literal("null", nullptr);
      default:
        return read_number();
    }
  }

  nlohmann::json read_object(const std::string& pointer, int depth, JsonDocument& document) {
    ++at_;
    nlohmann::json object = nlohmann::json::object();
    skip_space();
    if (consume('}')) {
      return object;
    }
    while (true) {
      skip_space();
      if (at_ < text_.size() && text_[at_] == '}') {
        fail(tr("trailing comma before '}'"));
      }
      if (at_ >= text_.size() || text_[at_] != '"') {
        fail(fmt::format(fmt::runtime(tr("expected a quoted key, found {}")), describe_next()));
      }
      const std::size_t key_offset = at_;
      std::string key = read_string();
      const std::string member = child_pointer(pointer, key);
      if (object.contains(key)) {
        const SourcePosition first = position_of(document.offsets.at(member));
        throw JsonSyntaxError(
            position_of(key_offset),
            fmt::format(fmt::runtime(tr("duplicate key \"{0}\" (first at line {1}, column {2})")),
                        quote_untrusted(key), first.line, first.column));
      }
      document.offsets.emplace(member, key_offset);
      skip_space();
      if (!consume(':')) {
        fail(
            fmt::format(fmt::runtime(tr("expected ':' after the key, found {}")), describe_next()));
      }
      skip_space();
      object[key] = read_value(member, depth + 1, document);
      skip_space();
      if (consume('}')) {
        return object;
      }
      if (!consume(',')) {
        // TRANSLATORS: "}}" shows as one "}" (a doubled brace is a literal brace).
        fail(fmt::format(fmt::runtime(tr("expected ',' or '}}' after an object member, found {}")),
                         describe_next()));
      }
    }
  }

  nlohmann::json read_array(const std::string& pointer, int depth, JsonDocument& document) {
    ++at_;
    nlohmann::json array = nlohmann::json::array();
    skip_space();
    if (consume(']')) {
      return array;
    }
    while (true) {
      skip_space();
      if (at_ < text_.size() && text_[at_] == ']') {
        fail(tr("trailing comma before ']'"));
      }
      array.push_back(read_value(child_pointer(pointer, array.size()), depth + 1, document));
      skip_space();
      if (consume(']')) {
        return array;
      }
      if (!consume(',')) {
        fail(fmt::format(fmt::runtime(tr("expected ',' or ']' after an array element, found {}")),
                         describe_next()));
      }
    }
  }

  nlohmann::json read_literal(std::string_view word, nlohmann::json value) {
    if (text_.substr(at_, word.size()) != word) {
      fail(fmt::format(fmt::runtime(tr("expected a value, found {}")), describe_next()));
    }
    at_ += word.size();
    return value;
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  nlohmann::json read_number() {
    const std::size_t start = at_;
    const auto digits = [&] {
      const std::size_t first = at_;
      while (at_ < text_.size() && is_digit(text_[at_])) {
        ++at_;
      }
      return at_ > first;
    };
    consume('-');
    if (at_ >= text_.size() || !is_digit(text_[at_])) {
      at_ = start;
      fail(fmt::format(fmt::runtime(tr("expected a value, found {}")), describe_next()));
    }
    if (consume('0')) {
      if (at_ < text_.size() && is_digit(text_[at_])) {
        fail(tr("a number must not start with 0"));
      }
    } else {
      digits();
    }
    bool integral = true;
    if (consume('.')) {
      integral = false;
      if (!digits()) {
        fail(tr("expected digits after the decimal point"));
      }
    }
    if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
      integral = false;
      ++at_;
      if (!consume('+')) {
        consume('-');
      }
      if (!digits()) {
        fail(tr("expected digits in the exponent"));
      }
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + at_;
    if (integral) {
      std::int64_t value = 0;
      if (std::from_chars(first, last, value).ec == std::errc{}) {
        return value;
      }
    }
    double value = 0;
    const auto result = std::from_chars(first, last, value);
    if (result.ec != std::errc{}) {
      at_ = start;
      fail(tr("number out of range"));
    }
    return value;
  }

  unsigned read_hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      const char c = at_ < text_.size() ? text_[at_] : '\0';
      unsigned digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail(tr("expected four hex digits after \\u"));
      }
      value = value * 16 + digit;
    }
    return value;
  }

  static void append_utf8(std::string& out, char32_t c) {
    const auto byte = [](char32_t b) { return static_cast<char>(b); };
    if (c < 0x80) {
      out += byte(c);
    } else if (c < 0x800) {
      out += byte(0xC0 | (c >> 6));
      out += byte(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += byte(0xE0 | (c >> 12));
      out += byte(0x80 | ((c >> 6) & 0x3F));
      out += byte(0x80 | (c & 0x3F));
    } else {
      out += byte(0xF0 | (c >> 18));
      out += byte(0x80 | ((c >> 12) & 0x3F));
      out += byte(0x80 | ((c >> 6) & 0x3F));
      out += byte(0x80 | (c & 0x3F));
    }
  }

  char32_t read_unicode_escape() {
    const unsigned high = read_hex4();
    if (high >= 0xDC00 && high <= 0xDFFF) {
      fail(tr("unpaired low surrogate in a \\u escape"));
    }
    if (high < 0xD800 || high > 0xDBFF) {
      return high;
    }
    if (text_.substr(at_, 2) != "\\u") {
      fail(tr("unpaired high surrogate in a \\u escape"));
    }
    at_ += 2;
    const unsigned low = read_hex4();
    if (low < 0xDC00 || low > 0xDFFF) {
      fail(tr("unpaired high surrogate in a \\u escape"));
    }
    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
  }

  std::string read_string() {
    ++at_;
    std::string out;
    while (true) {
      if (at_ >= text_.size()) {
        fail(tr("unterminated string"));
      }
      const char c = text_[at_];
      if (c == '"') {
        ++at_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail(c == '\n' ? tr("unterminated string") : tr("control character inside a string"));
      }
      if (c != '\\') {
        out += c;
        ++at_;
        continue;
      }
      ++at_;
      const char escape = at_ < text_.size() ? text_[at_] : '\0';
      ++at_;
      switch (escape) {
        case '"':
        case '\\':
        case '/':
          out += escape;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u':
          append_utf8(out, read_unicode_escape());
          break;
        default:
          at_ -= 2;
          fail(fmt::format(fmt::runtime(tr("invalid escape '\\{}'")),
                           quote_untrusted(std::string(1, escape))));
      }
    }
  }
};

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

SourcePosition PositionCounter::at(std::size_t offset) {
  if (offset < offset_) {
    offset_ = 0;
    position_ = {};
  }
  offset = std::min(offset, text_.size());
  for (; offset_ < offset; ++offset_) {
    const char c = text_[offset_];
    if (c == '\n') {
      ++position_.line;
      position_.column = 1;
    } else if (!is_continuation_byte(c)) {
      ++position_.column;  // columns count code points
    }
  }
  return position_;
}

std::size_t JsonDocument::offset_of(const std::string& pointer) const {
  const auto found = offsets.find(pointer);
  return found == offsets.end() ? 0 : found->second;
}

JsonDocument read_json(std::string_view text) {
  return Reader(text).read();
}

std::string child_pointer(const std::string& parent, std::string_view key) {
  return parent + "/" + escape_pointer_token(key);
}

std::string child_pointer(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

}  // namespace stretch
