#include <catch2/catch.hpp>

#include "stretch/platform/words.hpp"
#include "stretch/remind/busy.hpp"
#include "stretch/remind/remind.hpp"
#include "stretch/routine/event.hpp"
#include "stretch/routine/routine.hpp"

using namespace stretch;

namespace {

enum class Colour { red, green, blue };

constexpr WordTable<Colour, 3> colour_words{{{
    {Colour::red, "red"},
    {Colour::green, "green"},
    {Colour::blue, "light-blue"},
}}};

}  // namespace

TEST_CASE("a word table gives each value's word and each word's value") {
  CHECK(colour_words.word(Colour::blue) == "light-blue");
  CHECK(colour_words.value("green") == Colour::green);
  CHECK_FALSE(colour_words.value("Green").has_value());
  CHECK_FALSE(colour_words.value("").has_value());
  CHECK(colour_words.words() == std::array<std::string_view, 3>{"red", "green", "light-blue"});
  static_assert(colour_words.word(Colour::red) == "red", "tables are read at compile time too");
}

TEST_CASE("the words of files and JSON lines read back to the values they were written from") {
  for (const auto& [position, word] : position_words.entries) {
    CHECK(position_words.value(word) == position);
  }
  for (const BusyKind kind : {BusyKind::camera, BusyKind::microphone, BusyKind::do_not_disturb,
                              BusyKind::calendar, BusyKind::command}) {
    CHECK(busy_kind_named(busy_name(kind)) == kind);
  }
  using State = ReminderStatus::State;
  for (const State state : {State::waiting, State::due, State::paused, State::away, State::busy}) {
    CHECK(state_named(state_name(state)) == state);
  }
  CHECK(phase_name(PhaseKind::switch_sides) == "switch");
  CHECK(outcome_name(Outcome::output_closed) == "output-closed");
  CHECK(side_name(Side::right) == "right");
}
