#include "stretch/routine/json_reader.hpp"

#include <charconv>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

class Reader {
 public:
  Reader(std::string_view text, KeptPositions kept) : text_(text), kept_(kept) {}

  JsonDocument read() {
    if (const auto bad = find_invalid_utf8(text_)) {
      at_ = *bad;
      fail(tr("invalid UTF-8"));
    }
    skip_space();
    const std::size_t start = at_;
    nlohmann::json value;
    read_value(value, 0, true);
    skip_space();
    if (at_ < text_.size()) {
      fail(fmt::format(fmt::runtime(tr("unexpected {} after the end of the document")),
                       describe_next()));
    }
    return {std::move(value), start, std::move(offsets_)};
  }

 private:
  std::string_view text_;
  KeptPositions kept_;
  std::size_t at_ = 0;
  std::unordered_map<const nlohmann::json*, std::size_t> offsets_;
  // The starts of the kept elements of the arrays being read, innermost
  // last: an array's elements move while it grows, so they are recorded
  // once it is whole.
  std::vector<std::size_t> element_starts_;

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

  // Reads into a value already in its place in the document, so that its
  // children's addresses are final when they are recorded.
  void read_value(nlohmann::json& value, std::size_t depth, bool kept) {
    if (depth > max_json_depth) {
      fail(fmt::format(fmt::runtime(tr("nested deeper than {} levels")), max_json_depth));
    }
    if (at_ >= text_.size()) {
      fail(tr("expected a value, found the end of the file"));
    }
    switch (text_[at_]) {
      case '{':
        read_object(value, depth, kept && depth < kept_.depth);
        break;
      case '[':
        read_array(value, depth, kept && depth < kept_.depth);
        break;
      case '"':
        value = read_string();
        break;
      case 't':
        value = read_literal("true", true);
        break;
      case 'f':
        value = read_literal("false", false);
        break;
      case 'n':
        value = read_literal("null", nullptr);
        break;
      default:
        value = read_number();
    }
  }

  // Where the first of two equal keys was is known only in an object whose
  // members' starts are kept.
  JsonSyntaxError duplicate_key(const std::string& key, std::size_t offset,
                                decltype(offsets_)::const_iterator first) const {
    if (first == offsets_.end()) {
      return {position_of(offset),
              fmt::format(fmt::runtime(tr("duplicate key \"{}\"")), quote_untrusted(key))};
    }
    const SourcePosition at = position_of(first->second);
    return {position_of(offset),
            fmt::format(fmt::runtime(tr("duplicate key \"{0}\" (first at line {1}, column {2})")),
                        quote_untrusted(key), at.line, at.column)};
  }

  // keep_members: whether the members' starts are kept.
  void read_object(nlohmann::json& object, std::size_t depth, bool keep_members) {
    ++at_;
    object = nlohmann::json::object();
    skip_space();
    if (consume('}')) {
      return;
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
      // An object's members are nodes of a map, which stay where they are.
      const auto [member, added] = object.get_ref<nlohmann::json::object_t&>().try_emplace(key);
      if (!added) {
        throw duplicate_key(key, key_offset, offsets_.find(&member->second));
      }
      if (keep_members) {
        offsets_.emplace(&member->second, key_offset);
      }
      skip_space();
      if (!consume(':')) {
        fail(
            fmt::format(fmt::runtime(tr("expected ':' after the key, found {}")), describe_next()));
      }
      skip_space();
      read_value(member->second, depth + 1, keep_members);
      skip_space();
      if (consume('}')) {
        return;
      }
      if (!consume(',')) {
        // TRANSLATORS: "}}" shows as one "}" (a doubled brace is a literal brace).
        fail(fmt::format(fmt::runtime(tr("expected ',' or '}}' after an object member, found {}")),
                         describe_next()));
      }
    }
  }

  void read_array(nlohmann::json& array, std::size_t depth, bool keep_elements) {
    ++at_;
    array = nlohmann::json::array();
    auto& elements = array.get_ref<nlohmann::json::array_t&>();
    skip_space();
    if (consume(']')) {
      return;
    }
    const std::size_t first_start = element_starts_.size();
    while (true) {
      skip_space();
      if (at_ < text_.size() && text_[at_] == ']') {
        fail(tr("trailing comma before ']'"));
      }
      const bool kept = keep_elements && elements.size() < kept_.elements;
      if (kept) {
        element_starts_.push_back(at_);
      }
      read_value(elements.emplace_back(), depth + 1, kept);
      skip_space();
      if (consume(']')) {
        break;
      }
      if (!consume(',')) {
        fail(fmt::format(fmt::runtime(tr("expected ',' or ']' after an array element, found {}")),
                         describe_next()));
      }
    }
    for (std::size_t i = first_start; i < element_starts_.size(); ++i) {
      offsets_.emplace(&elements[i - first_start], element_starts_[i]);
    }
    element_starts_.resize(first_start);
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
        // The characters up to the next quote, escape or control character
        // are copied as one run.
        const std::size_t start = at_;
        while (at_ < text_.size() && text_[at_] != '"' && text_[at_] != '\\' &&
               static_cast<unsigned char>(text_[at_]) >= 0x20) {
          ++at_;
        }
        out.append(text_.substr(start, at_ - start));
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

JsonDocument::JsonDocument(nlohmann::json value, std::size_t value_offset,
                           std::unordered_map<const nlohmann::json*, std::size_t> offsets)
    : value_(std::move(value)), value_offset_(value_offset), offsets_(std::move(offsets)) {}

std::size_t JsonDocument::offset_of(std::string_view pointer) const {
  try {
    nlohmann::json::json_pointer path{std::string(pointer)};
    if (!value_.contains(path)) {
      return 0;
    }
    for (; !path.empty(); path = path.parent_pointer()) {
      if (const auto found = offsets_.find(&value_.at(path)); found != offsets_.end()) {
        return found->second;
      }
    }
  } catch (const nlohmann::json::exception&) {
    return 0;  // not a pointer: the loader's own are always well formed
  }
  return value_offset_;
}

JsonDocument read_json(std::string_view text, KeptPositions kept) {
  return Reader(text, kept).read();
}
std::string child_pointer(const std::string& parent, std::string_view key) {
  return parent + "/" + escape_pointer_token(key);
}

std::string child_pointer(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

}  // namespace stretch
