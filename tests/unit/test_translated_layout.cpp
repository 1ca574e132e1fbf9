// The built-in routines in every language they ship in: complete, and
// every cue and instruction whole in an 80x24 live view, and so is the
// first screen of every session built to fit from them.
#include <filesystem>
#include <sstream>

#include <catch2/catch.hpp>

#include "message_language.hpp"

#include "stretch/platform/i18n.hpp"
#include "stretch/routine/catalog.hpp"
#include "stretch/routine/fit.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/routine/routine.hpp"
#include "stretch/sinks/view.hpp"

using namespace stretch;

namespace {

const std::vector<std::string> shipped_languages{"de", "es"};

std::string locale_of(const std::string& language) {
  return language == "de" ? "de_DE.UTF-8" : "es_ES.UTF-8";
}

std::vector<Routine> built_in_routines() {
  const SearchDirs dirs = SearchDirs::from(Environment{});
  std::vector<Routine> routines;
  for (const RoutineEntry& entry : list_routines(dirs)) {
    if (entry.origin == Origin::builtin) {
      routines.push_back(load_entry(entry, dirs));
    }
  }
  return routines;
}

// The screen's words with the layout's spaces and line breaks as one space.
std::string words_on(const std::vector<std::string>& rows) {
  std::string text;
  for (const std::string& row : rows) {
    std::istringstream words(row);
    for (std::string word; words >> word;) {
      text += word + " ";
    }
  }
  return text;
}

std::string words_of(const std::string& text) {
  return words_on({text});
}

}  // namespace

TEST_CASE("every built-in routine is translated completely into German and Spanish") {
  for (const Routine& routine : built_in_routines()) {
    for (const std::string& language : shipped_languages) {
      INFO(routine.name << " in " << language);
      CHECK(missing_translations(routine, language) == std::vector<std::string>{});
    }
  }
}

TEST_CASE("every translated cue and instruction fits an 80x24 live view whole") {
  const ScreenSize size{80, 24};
  for (const Routine& original : built_in_routines()) {
    for (const std::string& language : shipped_languages) {
      // The view's own words ("Sicherheit:") in the language too,
      // since they share the lines with the routine's.
      const MessageLanguage speaking(locale_of(language).c_str(), language.c_str());
      REQUIRE(std::string(tr("Rest")) != "Rest");
      const Routine routine = translate(original, language);
      const Timeline timeline = plan(routine);
      ViewState state;
      for (const Event& event : timeline.events) {
        state.session.apply(event);
        const auto* cue = std::get_if<CueShown>(&event.data);
        const auto* phase = std::get_if<PhaseStarted>(&event.data);
        if (cue == nullptr && (phase == nullptr || phase->phase != PhaseKind::setup)) {
          continue;
        }
        const std::vector<std::string> rows =
            render_view(state, event.at, size, Style{false, true});
        REQUIRE(rows.size() <= size.rows);
        const std::string screen = words_on(rows);
        INFO(routine.name << " in " << language << " at " << event.at << ":\n" << screen);
        if (cue != nullptr) {
          CHECK(screen.find(words_of(cue->text)) != std::string::npos);
        } else {
          for (const std::string& instruction : state.session.instructions) {
            CHECK(screen.find(words_of(instruction)) != std::string::npos);
          }
        }
      }
    }
  }
}

TEST_CASE("the progress bars' labels stand apart from their bars in every language") {
  const ScreenSize size{80, 24};
  const ViewLayout layout = ViewLayout::of(size);
  const Routine original = built_in_routines().front();
  for (const std::string& language : shipped_languages) {
    const MessageLanguage speaking(locale_of(language).c_str(), language.c_str());
    const Timeline timeline = plan(translate(original, language));
    ViewState state;
    for (const Event& event : timeline.events) {
      state.session.apply(event);
      if (std::holds_alternative<CueShown>(event.data)) {
        const std::vector<std::string> rows =
            render_view(state, event.at, size, Style{false, true});
        INFO(language << ":\n" << rows[layout.phase_bar] << "\n" << rows[layout.total_bar]);
        // " phase  ░░░": the label, then at least one space before the bar.
        const std::string phase = tr("phase");
        const std::string total = tr("total");
        CHECK(rows[layout.phase_bar].starts_with(" " + phase + " "));
        CHECK(rows[layout.total_bar].starts_with(" " + total + " "));
        // Both bars start in one column.
        CHECK(rows[layout.phase_bar].find_first_not_of(' ', 1 + phase.size()) ==
              rows[layout.total_bar].find_first_not_of(' ', 1 + total.size()));
        break;
      }
    }
  }
}

TEST_CASE("a session built to fit shows its whole notice and first instructions in 80x24") {
  const ScreenSize size{80, 24};
  // What start and show give the fit: the first screen of an 80x24 view.
  const FirstScreenFits first_screen_fits = [&](const std::string& notice,
                                                const std::vector<std::string>& instructions) {
    return setup_text_fits(size, notice, instructions);
  };
  // The reminder's offer (no area) and every area asked for alone.
  std::vector<std::vector<std::string>> requests{{}};
  for (const std::string_view area : body_areas) {
    requests.push_back({std::string(area)});
  }
  for (const std::string& language : {std::string("en"), std::string("de"), std::string("es")}) {
    const MessageLanguage speaking(language == "en" ? "C.UTF-8" : locale_of(language).c_str(),
                                   language.c_str());
    std::vector<Routine> library;
    for (const Routine& routine : built_in_routines()) {
      library.push_back(language == "en" ? routine : translate(routine, language));
    }
    for (const std::vector<std::string>& areas : requests) {
      for (const Millis minutes : {5, 10, 15}) {
        const Routine routine =
            fit_session(library, {}, {areas, minutes * 60'000, first_screen_fits}).routine;
        const Timeline timeline = plan(routine);
        ViewState state;
        for (const Event& event : timeline.events) {
          state.session.apply(event);
          if (std::holds_alternative<PhaseStarted>(event.data)) {
            break;
          }
        }
        const std::vector<std::string> rows = render_view(state, 1'000, size, Style{false, true});
        const std::string screen = words_on(rows);
        INFO(routine.title << " in " << language << ":\n" << screen);
        REQUIRE(state.session.phase->phase == PhaseKind::setup);
        CHECK(screen.find(words_of(routine.safety)) != std::string::npos);
        for (const std::string& instruction : state.session.instructions) {
          CHECK(screen.find(words_of(instruction)) != std::string::npos);
        }
      }
    }
  }
}
