#include <catch2/catch.hpp>

#include "stretch/remind.hpp"

using namespace stretch;
using namespace std::chrono_literals;

namespace {

class RecordingActions final : public ReminderActions {
 public:
  explicit RecordingActions(Clock& clock) : clock_(clock) {}
  void remind() override { log.push_back("remind at " + minutes()); }
  void snoozed(ClockTime) override { log.push_back("snooze at " + minutes()); }
  void start_routine() override { log.push_back("routine at " + minutes()); }
  std::vector<std::string> log;

 private:
  Clock& clock_;
  std::string minutes() {
    return std::to_string(std::chrono::duration_cast<std::chrono::minutes>(clock_.now()).count());
  }
};

Wake key(char c) {
  return {Wake::Kind::key, c, 0};
}

}  // namespace

TEST_CASE("durations take h, m and s") {
  CHECK(parse_duration("90s") == std::chrono::seconds(90));
  CHECK(parse_duration("45m") == std::chrono::minutes(45));
  CHECK(parse_duration("1h30m") == std::chrono::minutes(90));
  CHECK(parse_duration("2h") == std::chrono::hours(2));
  CHECK_FALSE(parse_duration("45").has_value());
  CHECK_FALSE(parse_duration("m").has_value());
  CHECK_FALSE(parse_duration("0m").has_value());
  CHECK_FALSE(parse_duration("5x").has_value());
  CHECK_FALSE(parse_duration("").has_value());
}

TEST_CASE("reminders come at each interval; s snoozes, Enter runs the routine, q quits") {
  VirtualClock clock({{46min, key('s')},   // snooze the 45 min reminder
                      {52min, key('\n')},  // the snoozed one came at 51: start the routine
                      {60min, key('x')},   // a stray key changes nothing
                      {200min, key('q')}});
  RecordingActions actions(clock);
  const int signal = run_reminders(clock, {45min, 5min}, actions);
  CHECK(signal == 0);
  const std::vector<std::string> expected{"remind at 45",  "snooze at 46", "remind at 51",
                                          "routine at 52", "remind at 97", "remind at 142",
                                          "remind at 187"};
  CHECK(actions.log == expected);
}

TEST_CASE("a signal ends the reminders and is handed back") {
  VirtualClock clock({{10min, Wake{Wake::Kind::signal, 0, 15}}});
  RecordingActions actions(clock);
  CHECK(run_reminders(clock, {45min, 5min}, actions) == 15);
  CHECK(actions.log.empty());
}
