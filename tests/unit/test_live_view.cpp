#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "stretch/platform/environment.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/routine/catalog.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/session/keys.hpp"
#include "stretch/sinks/live_view.hpp"

using namespace stretch;

namespace {

ViewState flow_state() {
  ViewState state;
  state.session.routine_title = "Lower back";
  state.session.total = 175'000;
  state.session.stretch = 1;
  state.session.stretches = 2;
  state.session.stretch_title = "Forearm Cat-Cow";
  state.session.phase =
      PhaseStarted{PhaseKind::flow, 30'000, 1, "forearm-cat-cow", "Forearm Cat-Cow", 1, 2};
  state.session.phase_started = 15'000;
  state.session.cue = "Cat: lower back up";
  state.session.art = {"  o__", " /  \\"};
  state.next = "next: rest, 15s";
  return state;
}

std::string joined(const std::vector<std::string>& rows) {
  std::string text;
  for (const std::string& row : rows) {
    text += row + "|\n";
  }
  return text;
}

}  // namespace

TEST_CASE("the flow view at 80x24 without colour") {
  const auto rows = render_view(flow_state(), 17'500, {80, 24}, Style{false, false});
  REQUIRE(rows.size() == 24);
  CHECK(joined(rows) ==
        " Lower back                                                      stretch 1 of 2 |\n"
        "|\n"
        " Forearm Cat-Cow|\n"
        " ROUND 1/2|\n"
        "|\n"
        "    o__                                       ###   ### ###|\n"
        "   /  \\                                       # # #   # # #|\n"
        "                                              # #   ### ###|\n"
        "                                              # # # #   # #|\n"
        "                                              ###   ### ###|\n"
        "|\n"
        "                               Cat: lower back up|\n"
        "|\n"
        "|\n"
        "|\n"
        "|\n"
        "|\n"
        "|\n"
        " phase #####-------------------------------------------------------     2s / 30s|\n"
        " total ######-----------------------------------------------------   0:17 / 2:55|\n"
        "|\n"
        " next: rest, 15s|\n"
        "|\n"
        " space pause · n next · b back · q stop · ? keys|\n");
}

TEST_CASE("at 40 columns the drawing goes and the bars shrink") {
  const auto rows = render_view(flow_state(), 17'500, {40, 24}, Style{false, true});
  CHECK(rows[0] == " Lower back              stretch 1 of 2 ");
  CHECK(rows[5] == "             ███   ███ ███");
  CHECK(rows[11] == "           Cat: lower back up");
  CHECK(rows[18] == " phase ██░░░░░░░░░░░░░░░░░░     2s / 30s");
  CHECK(rows[23] == " space pause · n next · b back · q sto…");
  for (const std::string& row : rows) {
    CHECK(display_width(row) <= 40);
  }
}

TEST_CASE("with colour, SGR codes mark the title, phase, cue and bars") {
  ViewState state = flow_state();
  state.session.paused = true;
  const auto rows = render_view(state, 17'500, {80, 24}, Style{true, true});
  CHECK(rows[0].starts_with("\x1b[7m Lower back"));
  CHECK(rows[3] == " \x1b[1;32mROUND 1/2\x1b[0m   \x1b[1;31mPAUSED\x1b[0m");
  CHECK(rows[11] == "\x1b[1m                               Cat: lower back up\x1b[0m");
  CHECK(rows[23] == " \x1b[2mspace resume · n next · b back · q stop · ? keys\x1b[0m");
}

TEST_CASE("setup shows the safety notice and numbered instructions, wrapped") {
  ViewState state = flow_state();
  state.session.phase =
      PhaseStarted{PhaseKind::setup, 15'000, 1, "forearm-cat-cow", "Forearm Cat-Cow", 1, 2};
  state.session.phase_started = 0;
  state.session.safety = "See a doctor first if the pain is severe.";
  state.session.instructions = {"Kneel.",
                                "Lower onto your forearms, hands clasped, and look toward them."};
  state.session.announcement = "Starting in 3";
  const auto rows = render_view(state, 12'000, {40, 24}, Style{false, false});
  CHECK(rows[3] == " GET READY · 0:03");
  CHECK(rows[5] == "  Safety: See a doctor first if the");
  CHECK(rows[6] == "          pain is severe.");
  CHECK(rows[8] == "  1. Kneel.");
  CHECK(rows[9] == "  2. Lower onto your forearms, hands");
  CHECK(rows[10] == "     clasped, and look toward them.");
  CHECK(rows[17] == "             Starting in 3");
}

TEST_CASE("a small terminal gets a few plain lines") {
  const auto rows = render_view(flow_state(), 17'500, {30, 8}, Style{false, false});
  REQUIRE(rows.size() == 8);
  CHECK(rows[0] == "Forearm Cat-Cow               ");
  CHECK(rows[1] == "ROUND 1/2 0:28");
  CHECK(rows[2] == "Cat: lower back up");
  CHECK(rows[3] == "spc pause n b q ?");
}

TEST_CASE("the view rewrites only the rows that changed") {
  StringOutput output;
  Timeline timeline;
  timeline.events.push_back({0, PhaseStarted{PhaseKind::flow, 10'000, 1, "a", "A", 1, 1}});
  LiveView view(output, timeline, Style{}, true, [] { return ScreenSize{80, 24}; });
  view.on_event({0, SessionStarted{"t", "T", 1, 10'000}});
  view.on_event(timeline.events[0]);
  const std::size_t before = output.text().size();
  view.redraw(0);  // nothing changed
  CHECK(output.text().size() == before);
  view.redraw(1'000);  // the countdown and the bars
  const std::string change = output.text().substr(before);
  CHECK(change.find("\x1b[19;1H") != std::string::npos);  // phase bar row
  CHECK(change.find("\x1b[1;1H") == std::string::npos);   // the title row is left alone
}

TEST_CASE("the view leaves the alternate screen and shows the cursor however it ends") {
  StringOutput output;
  {
    LiveView view(output, Timeline{}, Style{}, true, [] { return ScreenSize{80, 24}; });
    view.on_event({0, SessionStarted{"t", "T", 1, 1'000}});
    CHECK(output.text().starts_with("\x1b[?1049h\x1b[?25l"));
  }
  CHECK(output.text().ends_with("\x1b[0m\x1b[?25h\x1b[?1049l"));
}

TEST_CASE("the end leaves the screen and prints a summary") {
  StringOutput output;
  LiveView view(output, Timeline{}, Style{}, true, [] { return ScreenSize{80, 24}; });
  view.on_event({0, SessionStarted{"t", "T", 2, 60'000}});
  view.on_event({30'000, SessionEnded{Outcome::stopped, 1, 2, 60'000, 30'000}});
  CHECK(output.text().ends_with(
      "\x1b[0m\x1b[?25h\x1b[?1049lStopped early: 1 of 2 stretches, 0:30 of stretching.\n"));
}

TEST_CASE("the countdown asks for a redraw exactly when its second changes") {
  StringOutput output;
  LiveView view(output, Timeline{}, Style{}, true, [] { return ScreenSize{80, 24}; });
  CHECK_FALSE(view.next_redraw(0).has_value());
  view.on_event({15'000, PhaseStarted{PhaseKind::flow, 30'000, 1, "a", "A", 1, 2}});
  CHECK(view.next_redraw(15'000) == 16'000);
  CHECK(view.next_redraw(15'400) == 16'000);
  CHECK_FALSE(view.next_redraw(44'000).has_value());  // the phase's end is an event
  view.on_event({20'000, Paused{}});
  CHECK_FALSE(view.next_redraw(20'000).has_value());
}

TEST_CASE("the key list shows and hides, and lists every key of the table") {
  StringOutput output;
  LiveView view(output, Timeline{}, Style{}, true, [] { return ScreenSize{80, 24}; });
  view.on_event({0, SessionStarted{"t", "T", 1, 30'000}});
  view.on_event({0, PhaseStarted{PhaseKind::flow, 30'000, 1, "a", "A", 1, 2}});
  view.toggle_help(0);
  for (const KeyBinding& binding : session_keys) {
    CHECK(output.text().find(std::string(binding.described)) != std::string::npos);
  }
  const std::size_t shown = output.text().size();
  view.toggle_help(0);
  CHECK(output.text().find("Cue", shown) == std::string::npos);
  CHECK(output.text().size() > shown);  // the rows under the list were drawn again
}

TEST_CASE("colour: the flag decides, then NO_COLOR, then the terminal") {
  const auto env = [](std::initializer_list<std::pair<const std::string, std::string>> variables) {
    return Environment(variables);
  };
  CHECK(use_color(ColorChoice::always, false, env({{"NO_COLOR", "1"}})));
  CHECK_FALSE(use_color(ColorChoice::never, true, env({})));
  CHECK_FALSE(use_color(ColorChoice::automatic, true, env({{"NO_COLOR", "1"}})));
  CHECK(use_color(ColorChoice::automatic, true, env({{"NO_COLOR", ""}})));  // empty is unset
  // Only the live view is coloured, and only on a terminal: nothing forces
  // escape codes into text that goes elsewhere.
  CHECK_FALSE(use_color(ColorChoice::automatic, false, env({{"CLICOLOR_FORCE", "1"}})));
  CHECK(use_color(ColorChoice::automatic, true, env({})));
  CHECK(locale_is_utf8(env({{"LANG", "en_GB.UTF-8"}})));
  CHECK(locale_is_utf8(env({{"LC_ALL", "C.utf8"}, {"LANG", "C"}})));
  CHECK_FALSE(locale_is_utf8(env({{"LC_ALL", "C"}, {"LANG", "en_GB.UTF-8"}})));  // LC_ALL wins
  CHECK_FALSE(can_show_live_view("dumb"));
  CHECK_FALSE(can_show_live_view(std::nullopt));
  CHECK(can_show_live_view("xterm-256color"));
}

TEST_CASE("every built-in cue's drawing and text fit an 80x24 view whole") {
  for (const RoutineEntry& entry : list_routines(SearchDirs{})) {
    const Routine routine = load_entry(entry, SearchDirs{});
    for (const Stretch& stretch : routine.stretches) {
      for (const Cue& cue : stretch.cues) {
        INFO(entry.name << "/" << stretch.id << ": " << cue.text);
        ViewState state = flow_state();
        state.session.stretch_title = stretch.title;
        state.session.cue = cue.text;
        state.session.art = cue.art;
        const auto rows = render_view(state, 17'500, {80, 24}, Style{false, true});
        std::string screen;
        for (const std::string& row : rows) {
          CHECK(display_width(row) <= 80);
          screen += row + "\n";
        }
        CHECK(screen.find(cue.text) != std::string::npos);
        for (const std::string& line : cue.art) {
          CHECK(screen.find(line) != std::string::npos);
        }
      }
    }
  }
}
