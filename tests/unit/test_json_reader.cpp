#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "stretch/routine/json_reader.hpp"

using namespace stretch;

namespace {

SourcePosition syntax_error_at(std::string_view text, std::string& message) {
  try {
    read_json(text);
  } catch (const JsonSyntaxError& error) {
    message = error.what();
    return error.where();
  }
  FAIL("no syntax error in: " << text);
  return {};
}

}  // namespace

TEST_CASE("values parse with their positions by JSON pointer") {
  const std::string text = "{\n  \"a\": [1, 2.5, \"x\"],\n  \"b/c\": {\"d\": true}\n}";
  const JsonDocument document = read_json(text);
  CHECK(document.value()["a"][1] == 2.5);
  CHECK(document.value()["a"][0].is_number_integer());
  const auto position_of = [&](const std::string& pointer) {
    return PositionCounter(text).at(document.offset_of(pointer));
  };
  CHECK(position_of("").line == 1);
  CHECK(position_of("/a").line == 2);
  CHECK(position_of("/a").column == 3);
  CHECK(position_of("/a/2").column == 17);
  CHECK(position_of("/b~1c/d").line == 3);
  CHECK(position_of("/b~1c/d").column == 11);
  CHECK(document.offset_of("/no/such/value") == 0);
}

TEST_CASE("positions hold for values in arrays that grew, and after the document moves") {
  // Element i of /a is "[i]" on line i + 2, so its position says which it is.
  std::string text = "  {\"a\": [\n";
  for (int i = 0; i < 100; ++i) {
    text += fmt::format("{}[{}]\n", i == 0 ? "" : ",", i);
  }
  text += "]}";
  JsonDocument read = read_json(text);
  const JsonDocument document = std::move(read);
  const auto position_of = [&](const std::string& pointer) {
    return PositionCounter(text).at(document.offset_of(pointer));
  };
  CHECK(position_of("").column == 3);
  CHECK(document.value()["a"][99][0] == 99);
  for (const int i : {0, 1, 50, 99}) {
    CAPTURE(i);
    CHECK(position_of(fmt::format("/a/{}", i)).line == i + 2);
    CHECK(position_of(fmt::format("/a/{}/0", i)).line == i + 2);
  }
  CHECK(position_of("/a/100").line == 1);  // no such element: the start
}

TEST_CASE("a value whose start is not kept is placed at the nearest kept one above it") {
  const std::string text =
      "{\"a\":\n  [1,\n   2,\n   [3,\n    4]],\n \"b\": {\"c\":\n  {\"d\": 5}}}";
  const JsonDocument document = read_json(text, {.depth = 2, .elements = 2});
  const auto line_of = [&](const std::string& pointer) {
    return PositionCounter(text).at(document.offset_of(pointer)).line;
  };
  CHECK(line_of("/a/1") == 3);
  // The third element, and what is in it, are placed at their array's key.
  CHECK(document.offset_of("/a/2") == document.offset_of("/a"));
  CHECK(document.offset_of("/a/2/1") == document.offset_of("/a"));
  CHECK(line_of("/b/c") == 6);
  CHECK(document.offset_of("/b/c/d") == document.offset_of("/b/c"));  // deeper than kept
  CHECK(document.value()["b"]["c"]["d"] == 5);
}

TEST_CASE("a duplicate key where starts are not kept is named without a first position") {
  try {
    read_json("{\"a\": {\"b\": 1,\n \"b\": 2}}", {.depth = 1});
    FAIL("read");
  } catch (const JsonSyntaxError& error) {
    CHECK(error.where().line == 2);
    CHECK(std::string(error.what()) == "duplicate key \"b\"");
  }
}

TEST_CASE("positions count lines and code points, in any order of asking") {
  const std::string text = "ab\né€x\n\nyz";
  PositionCounter counter(text);
  CHECK(counter.at(0).line == 1);
  CHECK(counter.at(text.find('x')).line == 2);
  CHECK(counter.at(text.find('x')).column == 3);  // é and € are one column each
  CHECK(counter.at(text.find('y')).line == 4);
  CHECK(counter.at(1).column == 2);                 // an earlier offset counts again from the top
  CHECK(counter.at(text.size() + 10).column == 3);  // past the end: the end
}

TEST_CASE("escapes decode, including surrogate pairs") {
  const JsonDocument document = read_json(R"(["\u00e9\n\"", "\ud83d\ude00"])");
  CHECK(document.value()[0] == "é\n\"");
  CHECK(document.value()[1] == "😀");
}

TEST_CASE("syntax errors name line, column and what was wrong") {
  std::string message;
  SourcePosition where = syntax_error_at("{\n  \"a\": 1\n  \"b\": 2\n}", message);
  CHECK(where.line == 3);
  CHECK(where.column == 3);
  CHECK(message == "expected ',' or '}' after an object member, found '\"'");

  where = syntax_error_at("{\"a\": 1, \"a\": 2}", message);
  CHECK(where.column == 10);
  CHECK(message == "duplicate key \"a\" (first at line 1, column 2)");

  where = syntax_error_at("[1, 2,]", message);
  CHECK(message == "trailing comma before ']'");
  where = syntax_error_at("{\"a\": 1,}", message);
  CHECK(message == "trailing comma before '}'");

  syntax_error_at(R"(["\ud800"])", message);
  CHECK(message == "unpaired high surrogate in a \\u escape");
  syntax_error_at(R"(["\q"])", message);
  CHECK(message == "invalid escape '\\q'");
  syntax_error_at("[1] x", message);
  CHECK(message == "unexpected 'x' after the end of the document");
  syntax_error_at("[\"é\x01\"]", message);
  CHECK(message == "control character inside a string");
  syntax_error_at("[1e]", message);
  CHECK(message == "expected digits in the exponent");
  syntax_error_at("[tru]", message);
  CHECK(message == "expected a value, found 't'");
}

TEST_CASE("columns count characters, not bytes") {
  std::string message;
  const SourcePosition where = syntax_error_at("[\"ééé\" x]", message);
  CHECK(where.column == 8);
}

TEST_CASE("nesting is limited") {
  const std::string ok = std::string(max_json_depth, '[') + std::string(max_json_depth, ']');
  CHECK_NOTHROW(read_json(ok));
  const std::string deep =
      std::string(max_json_depth + 2, '[') + std::string(max_json_depth + 2, ']');
  CHECK_THROWS_AS(read_json(deep), JsonSyntaxError);
}

TEST_CASE("huge integers fall back to floating point, out-of-range numbers fail") {
  CHECK(read_json("123456789012345678901234").value().is_number_float());
  CHECK_THROWS_AS(read_json("1e999"), JsonSyntaxError);
}
