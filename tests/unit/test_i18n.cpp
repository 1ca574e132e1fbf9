#include <clocale>
#include <cstdlib>
#include <optional>
#include <string>

#include <libintl.h>

#include <catch2/catch.hpp>

#include "message_language.hpp"

#include "stretch/cli/cli.hpp"
#include "stretch/commands/commands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/session/session_state.hpp"
#include "stretch/sinks/sound.hpp"
#include "stretch/sinks/view.hpp"

using namespace stretch;

TEST_CASE("the languages asked for, as gettext reads the environment") {
  using Languages = std::vector<std::string>;
  CHECK(wanted_languages({{"LANG", "de_DE.UTF-8"}}) == Languages{"de_DE", "de"});
  CHECK(wanted_languages({{"LANG", "de_DE.UTF-8"}, {"LC_MESSAGES", "es_ES.UTF-8"}}) ==
        Languages{"es_ES", "es"});
  CHECK(wanted_languages({{"LC_ALL", "es_MX.UTF-8@euro"}, {"LANG", "de_DE.UTF-8"}}) ==
        Languages{"es_MX", "es"});
  CHECK(wanted_languages({{"LANGUAGE", "fr:es"}, {"LANG", "de_DE.UTF-8"}}) ==
        Languages{"fr", "es", "de_DE", "de"});
  // gettext ignores LANGUAGE in the C locale.
  CHECK(wanted_languages({{"LANGUAGE", "de"}, {"LANG", "C"}}).empty());
  CHECK(wanted_languages({{"LANGUAGE", "de"}}).empty());
  CHECK(wanted_languages({{"LANG", ""}, {"LC_ALL", ""}}).empty());
}

TEST_CASE("the first language with a translation wins, and English or none means the original") {
  const std::vector<std::string> available{"de", "es"};
  CHECK(choose_language({{"LANG", "de_AT.UTF-8"}}, available) == "de");
  CHECK(choose_language({{"LANGUAGE", "fr:es:de"}, {"LANG", "de_DE.UTF-8"}}, available) == "es");
  CHECK_FALSE(choose_language({{"LANGUAGE", "en:de"}, {"LANG", "de_DE.UTF-8"}}, available));
  CHECK_FALSE(choose_language({{"LANG", "fr_FR.UTF-8"}}, available));
  CHECK_FALSE(choose_language({{"LANG", "C.UTF-8"}}, available));
}

namespace {

// Sets LC_TIME for the life of the object.
class TimeLocale {
 public:
  explicit TimeLocale(const char* name) : previous_(std::setlocale(LC_TIME, nullptr)) {
    REQUIRE(std::setlocale(LC_TIME, name) != nullptr);
  }
  ~TimeLocale() { std::setlocale(LC_TIME, previous_.c_str()); }
  TimeLocale(const TimeLocale&) = delete;
  TimeLocale& operator=(const TimeLocale&) = delete;

 private:
  std::string previous_;
};

PhaseStarted phase_of(PhaseKind kind) {
  return {kind, 15'000, 1, "cat-cow", "Cat-Cow", 1, 2};
}

}  // namespace

TEST_CASE("the week starts and the clock reads as the locale has it") {
  {
    const TimeLocale german("de_DE.UTF-8");
    const LocaleTime time = process_locale_time();
    CHECK(time.first_weekday == 1);
    CHECK_FALSE(time.twelve_hour_clock);
  }
  {
    const TimeLocale american("en_US.UTF-8");
    const LocaleTime time = process_locale_time();
    CHECK(time.first_weekday == 0);
    CHECK(time.twelve_hour_clock);
    CHECK(time.am == "AM");
    CHECK(time.pm == "PM");
  }
  const TimeLocale plain("C");
  CHECK(process_locale_time().first_weekday == 1);
  CHECK_FALSE(process_locale_time().twelve_hour_clock);
}

TEST_CASE("speech asks espeak-ng and spd-say for each utterance's language") {
  using Words = std::vector<std::string>;
  CHECK(speech_command("/usr/bin/espeak-ng", "de") == Words{"/usr/bin/espeak-ng", "-v", "de"});
  // spd-say waits for the end of the words, so that its run lasts as long.
  CHECK(speech_command("spd-say", "es") == Words{"spd-say", "-w", "-l", "es"});
  CHECK(speech_command("/usr/bin/espeak-ng", "pt_BR") == Words{"/usr/bin/espeak-ng", "-v", "pt"});
  CHECK(speech_command("say", "de") == Words{"say"});  // it has no such option
}

TEST_CASE("with no catalog bound, messages are their English originals") {
  CHECK(std::string(tr("Rest")) == "Rest");
  CHECK(std::string(trc("placeholder", "TIME")) == "TIME");
  CHECK(std::string(trn("{} stretch", "{} stretches", 2)) == "{} stretches");
  CHECK(message_language() == "en");
}

TEST_CASE("a German session shows Rest, Switch sides and the count-in in German") {
  const MessageLanguage german("de_DE.UTF-8", "de");
  REQUIRE(message_language() == "de");
  SessionState state;
  state.apply({0, phase_of(PhaseKind::setup)});
  state.apply({12'000, CountIn{3}});
  CHECK(state.announcement == "Beginn in 3");
  state.apply({15'000, phase_of(PhaseKind::rest)});
  CHECK(state.cue == "Pause");
  CHECK(state.announcement.empty());
  state.apply({30'000, phase_of(PhaseKind::switch_sides)});
  CHECK(state.cue == "Seite wechseln");
  state.apply({45'000, phase_of(PhaseKind::flow)});
  CHECK(state.cue.empty());
}

TEST_CASE("the phase line capitalises accented letters too") {
  const MessageLanguage spanish("es_ES.UTF-8", "es");
  ViewState state;
  state.session.apply({0, StretchStarted{1, 2, "cat-cow", "Cat-Cow"}});
  state.session.apply({0, phase_of(PhaseKind::setup)});
  const auto rows = render_view(state, 12'000, {40, 24}, Style{false, false});
  CHECK(rows[3] == " PREPARACIÓN · 0:03");
}
