#include <catch2/catch.hpp>

#include "stretch/remind/control.hpp"

using namespace stretch;

TEST_CASE("the control socket's commands go both ways, and anything else is refused") {
  using Kind = ReminderCommand::Kind;
  for (const ReminderCommand& command :
       {ReminderCommand{Kind::start}, ReminderCommand{Kind::snooze}, ReminderCommand{Kind::skip},
        ReminderCommand{Kind::now}, ReminderCommand{Kind::resume}, ReminderCommand{Kind::status},
        ReminderCommand{Kind::pause_until, 1'795'003'600}}) {
    std::string line = format_command(command);
    REQUIRE(line.ends_with('\n'));
    line.pop_back();
    const std::optional<ReminderCommand> read = parse_command(line);
    REQUIRE(read);
    CHECK(read->kind == command.kind);
    CHECK(read->until == command.until);
  }
  CHECK(format_command({Kind::pause_until, 1'795'003'600}) == "pause-until 1795003600\n");
  CHECK_FALSE(parse_command("pause-until"));
  CHECK_FALSE(parse_command("pause-until soon"));
  CHECK_FALSE(parse_command("pause-until 12x"));
  CHECK_FALSE(parse_command("STATUS"));
  CHECK_FALSE(parse_command(""));
}

TEST_CASE("the reminder's status as JSON, read back") {
  const ReminderStatus paused{ReminderStatus::State::paused, std::nullopt, 1'795'003'600};
  const std::string text = format_reminder_status(paused, 2700);
  CHECK(text ==
        "{\"state\":\"paused\",\"next\":null,\"paused_until\":1795003600,\"every\":2700}\n");
  const std::optional<StatusRecord> read = parse_reminder_status(text);
  REQUIRE(read);
  CHECK(read->status.state == ReminderStatus::State::paused);
  CHECK(read->status.paused_until == 1'795'003'600);
  CHECK_FALSE(read->status.next);
  CHECK(read->every == 2700);
  CHECK_FALSE(parse_reminder_status("{\"state\":\"asleep\"}"));
  CHECK_FALSE(parse_reminder_status("{\"error\":\"unknown command\"}"));
  CHECK_FALSE(parse_reminder_status("not json"));
}

TEST_CASE("a reminder that waits for busy says what for, read back") {
  ReminderStatus busy{ReminderStatus::State::busy, 1'795'010'800, std::nullopt};
  busy.busy.add(BusyKind::calendar);
  busy.busy.add(BusyKind::camera);
  busy.busy.until = 1'795'005'000;
  const std::string text = format_reminder_status(busy, 2700);
  CHECK(text ==
        "{\"state\":\"busy\",\"next\":1795010800,\"paused_until\":null,\"every\":2700,"
        "\"busy\":[\"camera\",\"calendar\"],\"busy_until\":1795005000}\n");
  const std::optional<StatusRecord> read = parse_reminder_status(text);
  REQUIRE(read);
  CHECK(read->status.state == ReminderStatus::State::busy);
  CHECK(read->status.busy == busy.busy);
  CHECK(read->status.next == 1'795'010'800);
  // A name this version does not know is left out, not a failure.
  const std::optional<StatusRecord> newer =
      parse_reminder_status("{\"state\":\"busy\",\"busy\":[\"screen-share\",\"microphone\"]}");
  REQUIRE(newer);
  CHECK(newer->status.busy.sources == std::vector<BusyKind>{BusyKind::microphone});
}
