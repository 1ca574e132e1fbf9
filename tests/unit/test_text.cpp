#include <catch2/catch.hpp>

#include "stretch/platform/text.hpp"

using namespace stretch;

TEST_CASE("untrusted text shows control and bidi characters visibly") {
  CHECK(quote_untrusted("plain text, ünïcode") == "plain text, ünïcode");
  CHECK(quote_untrusted("a\x1b[2Jb") == "a^[[2Jb");
  CHECK(quote_untrusted("tab\there") == "tab^Ihere");
  CHECK(quote_untrusted("del\x7f") == "del^?");
  CHECK(quote_untrusted("\xc2\x9b") == "<U+009B>");
  CHECK(quote_untrusted("\xe2\x80\xae") == "<U+202E>");
  CHECK(quote_untrusted("bad\xff") == "bad\\xFF");
}

TEST_CASE("invalid UTF-8 is found at its first byte") {
  CHECK_FALSE(find_invalid_utf8("héllo").has_value());
  CHECK(find_invalid_utf8("ab\xc3") == 2u);        // cut short
  CHECK(find_invalid_utf8("a\xc0\xafz") == 1u);    // overlong '/'
  CHECK(find_invalid_utf8("\xed\xa0\x80") == 0u);  // a surrogate
}

TEST_CASE("text is cut to a width with an ellipsis") {
  CHECK(truncate_to_width("short", 10) == "short");
  CHECK(truncate_to_width("a longer line", 8) == "a longe…");
  CHECK(truncate_to_width("ééééé", 3) == "éé…");
}

TEST_CASE("words wrap at spaces within the width") {
  const auto lines = wrap_words("one two three four five", 9);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "one two");
  CHECK(lines[1] == "three");
  CHECK(lines[2] == "four five");
  CHECK(wrap_words("", 10) == std::vector<std::string>{""});
}

TEST_CASE("a misspelling finds its nearest candidate, a different word finds none") {
  const std::vector<std::string> names{"lower-back", "hip-flexors", "desk-break"};
  CHECK(closest_match("lower-bak", names) == "lower-back");
  CHECK(closest_match("lwoer-back", names) == "lower-back");
  CHECK(closest_match("hip-flexor", names) == "hip-flexors");
  CHECK_FALSE(closest_match("shoulders", names).has_value());
}

TEST_CASE("routine names are lower-case letters, digits and dashes") {
  CHECK(is_routine_name("lower-back"));
  CHECK(is_routine_name("day-2"));
  CHECK_FALSE(is_routine_name(""));
  CHECK_FALSE(is_routine_name("Lower"));
  CHECK_FALSE(is_routine_name("../x"));
  CHECK_FALSE(is_routine_name("a b"));
  CHECK_FALSE(is_routine_name(std::string(65, 'a')));
}

TEST_CASE("pieces wrap between pieces, never inside one, and the first line may be wider") {
  const std::vector<std::string> cues{"Cat: lower back up (3s)", "Cow: hips sink (3s)",
                                      "Rest a moment (2s)"};
  CHECK(wrap_pieces(cues, " · ", 45) ==
        std::vector<std::string>{"Cat: lower back up (3s) · Cow: hips sink (3s)",
                                 "Rest a moment (2s)"});
  CHECK(wrap_pieces(cues, " · ", 10) == cues);  // too wide for the line: one a line, whole
  CHECK(wrap_words("aaa bbb ccc ddd", 7, 11) == std::vector<std::string>{"aaa bbb ccc", "ddd"});
  CHECK(wrap_words("", 10) == std::vector<std::string>{""});
}

TEST_CASE("text splits at a separator, empty parts kept") {
  using Parts = std::vector<std::string_view>;
  CHECK(split_at("mon,,fri", ',') == Parts{"mon", "", "fri"});
  CHECK(split_at("9:00-17:30", '-') == Parts{"9:00", "17:30"});
  CHECK(split_at("", ',') == Parts{""});
}
