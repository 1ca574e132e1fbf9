#include <string>

#include <catch2/catch.hpp>

#include "stretch/platform/error.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/routine/routine.hpp"

using namespace stretch;

namespace {

// A routine of two stretches, with translations spliced in.
std::string routine_text(const std::string& routine_translations,
                         const std::string& stretch_translations) {
  return R"({
  "schema": 1, "name": "two", "title": "Two", "safety": "Stop if it hurts.",
  "translations": )" +
         routine_translations + R"(,
  "stretches": [
    {"id": "a", "title": "Reach", "instructions": ["Stand.", "Reach up."], "flow": 6, "caution": "Mind the shoulder.",
     "cues": [{"text": "Up", "seconds": 3}, {"text": "Down", "seconds": 3}], "halfway": "Half",
     "translations": )" +
         stretch_translations + R"(},
    {"id": "b", "title": "Bend", "instructions": ["Bend."], "flow": 4,
     "cues": [{"text": "Bend", "seconds": 2}]}
  ]
})";
}

std::string problems_of(const std::string& text) {
  try {
    parse_routine(text, "two.json");
  } catch (const RoutineError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a routine's translations replace each text they have, and only that text") {
  const Routine routine = parse_routine(
      routine_text(R"({"de": {"title": "Zwei", "safety": "Hör auf, wenn es weh tut."}})",
                   R"({"de": {"instructions": ["Steh.", "Streck dich."], "cues": ["Hoch", "Runter"],
                     "caution": "Vorsicht mit der Schulter."}})"),
      "two.json");
  CHECK(routine_languages(routine) == std::vector<std::string>{"de"});
  const Routine german = translate(routine, "de");
  CHECK(german.title == "Zwei");
  CHECK(german.title_language == "de");
  CHECK(german.stretches[0].title == "Reach");  // no translation of this one: as written
  CHECK(german.stretches[0].title_language == "en");
  CHECK(german.stretches[0].instructions == std::vector<std::string>{"Steh.", "Streck dich."});
  CHECK(german.stretches[0].cues[1].text == "Runter");
  CHECK(german.stretches[0].cues[1].language == "de");
  CHECK(german.stretches[0].halfway == "Half");
  CHECK(german.stretches[0].halfway_language == "en");
  CHECK(german.stretches[0].caution == "Vorsicht mit der Schulter.");
  CHECK(german.stretches[0].caution_language == "de");
  CHECK(german.stretches[1].caution.empty());
  CHECK(translate(routine, "es").stretches[0].caution == "Mind the shoulder.");
  CHECK(translate(routine, "es").stretches[0].caution_language == "en");
  CHECK(german.stretches[1].cues[0].text == "Bend");
  CHECK(translate(routine, "es").title == "Two");

  // The events say which language each text is in.
  const Timeline timeline = plan(german);
  const auto& start = std::get<SessionStarted>(timeline.events[0].data);
  CHECK(start.title == "Zwei");
  CHECK(start.lang == "de");
  bool saw_german_cue = false;
  bool saw_english_cue = false;
  for (const Event& event : timeline.events) {
    if (const auto* cue = std::get_if<CueShown>(&event.data)) {
      saw_german_cue |= cue->text == "Hoch" && cue->lang == "de";
      saw_english_cue |= cue->text == "Bend" && cue->lang == "en";
    }
  }
  CHECK(saw_german_cue);
  CHECK(saw_english_cue);

  CHECK(missing_translations(routine, "de") ==
        std::vector<std::string>{"/stretches/0/title", "/stretches/0/halfway", "/stretches/1/title",
                                 "/stretches/1/instructions", "/stretches/1/cues"});
  CHECK(missing_translations(routine, "es").size() == 10);
  CHECK(missing_translations(routine, "es")[6] == "/stretches/0/caution");
}

TEST_CASE("translations are checked as strictly as the texts they replace, at their positions") {
  CHECK(problems_of(routine_text(R"({"deutsch": {"title": "Zwei"}})", "{}")) ==
        "two.json:3:20: /translations/deutsch: \"deutsch\" is not a language code like de, es or "
        "pt_BR");
  CHECK(problems_of(routine_text(R"({"de": {"titel": "Zwei"}})", "{}")) ==
        "two.json:3:27: /translations/de/titel: unknown field \"titel\"; did you mean \"title\"?");
  CHECK(problems_of(routine_text("{}", R"({"de": {"cues": ["Hoch"]}})")) ==
        "two.json:7:30: /stretches/0/translations/de/cues: has 1 text; the original has 2, one "
        "for each");
  CHECK(problems_of(routine_text(
            "{}",
            R"({"de": {"cues": ["Hoch", "Sehr sehr sehr sehr sehr sehr lange Anweisung"]}})")) ==
        "two.json:7:47: /stretches/0/translations/de/cues/1: is 45 characters long; at most 40 are "
        "allowed");
  CHECK(problems_of(routine_text(R"({"de": {"title": "Zw\u001b[2Jei"}})", "{}"))
            .starts_with("two.json:3:27: /translations/de/title: contains a control"));
  CHECK(problems_of(routine_text("{}", R"({"de": {"cautoin": "Vorsicht."}})")) ==
        "two.json:7:30: /stretches/0/translations/de/cautoin: unknown field \"cautoin\"; did you "
        "mean \"caution\"?");
  CHECK(problems_of(routine_text("{}", R"({"de": {"caution": " "}})")) ==
        "two.json:7:30: /stretches/0/translations/de/caution: must not be empty");
  CHECK(problems_of(routine_text("{}", R"({"es": {"halfway": "Mitad", "title": 5}})"))
            .find("/stretches/0/translations/es/title: expected a string, found a number") !=
        std::string::npos);
}
