#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "stretch/session/session.hpp"
#include "stretch/sinks/session_files.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

PhaseStarted flow() {
  return {PhaseKind::flow, 30'000, 1, "a", "Forearm Cat-Cow", 1, 2};
}

}  // namespace

TEST_CASE("the status document says where the session is, and reads back as written") {
  SessionState state;
  state.apply({0, SessionStarted{"lower-back", "Lower back", 2, 175'000}});
  state.apply({0, StretchStarted{1, 2, "a", "Forearm Cat-Cow"}});
  state.apply({15'000, flow()});
  state.apply({15'000, CueShown{"Cat", 3'000, {}}});
  const SessionStatus status = session_status(state, 17'500, 4242);
  const std::string text = format_session_status(status);
  CHECK(text == R"({"routine":"lower-back","stretch":"Forearm Cat-Cow","phase":"flow","round":1,)"
                R"("rounds":2,"cue":"Cat","seconds_left":28,"paused":false,"pid":4242})"
                "\n");
  CHECK(parse_session_status(text) == status);

  SessionStatus paused = status;
  paused.paused = true;
  paused.phase.clear();
  CHECK(parse_session_status(format_session_status(paused)) == paused);

  CHECK_FALSE(parse_session_status("not json"));
  CHECK_FALSE(parse_session_status("{}"));
  std::string wrong_type = text;
  wrong_type.replace(wrong_type.find("false"), 5, "\"no\"");
  CHECK_FALSE(parse_session_status(wrong_type));
}

TEST_CASE("a status file is current while its writer keeps to its rewrites, or while paused") {
  SessionStatus running;
  CHECK(session_status_current(running, session_status_stale));
  CHECK_FALSE(session_status_current(running, session_status_stale + 1));
  SessionStatus paused;
  paused.paused = true;
  CHECK(session_status_current(paused, 10 * session_status_stale));
}

TEST_CASE("the status file is written at each change and removed at the end") {
  const ScratchDir dir;
  const fs::path path = dir / "status.json";
  StringOutput warnings;
  {
    StatusFileSink sink(path, 4242, warnings);
    CHECK_FALSE(sink.next_redraw(0).has_value());  // nothing to show yet
    sink.on_event({0, SessionStarted{"lower-back", "Lower back", 2, 175'000}});
    // No countdown runs before the first phase, and the file is kept fresh
    // all the same.
    CHECK(sink.next_redraw(0) == session_status_rewrite);
    sink.on_event({15'000, flow()});
    sink.on_event({15'000, CueShown{"Cat", 3'000, {}}});
    CHECK(read_file(path).find(R"("cue":"Cat","seconds_left":30)") != std::string::npos);
    CHECK(sink.next_redraw(15'000) == 16'000);
    sink.redraw(16'000);
    CHECK(read_file(path).find(R"("seconds_left":29)") != std::string::npos);
    sink.on_event({16'500, Paused{}});
    CHECK(read_file(path).find(R"("paused":true,"pid":4242)") != std::string::npos);
    CHECK_FALSE(sink.next_redraw(16'500).has_value());
    sink.on_event({20'000, SessionEnded{Outcome::stopped, 0, 2, 175'000, 20'000}});
    CHECK_FALSE(fs::exists(path));
  }
  CHECK(warnings.text().empty());
}

TEST_CASE("resume state is saved at each phase and cleared by a finished or stopped session") {
  const ScratchDir dir;
  const fs::path path = dir / "resume.json";
  StringOutput warnings;
  ResumeSink sink(path, ResumeState{"lower-back", 20.0, std::nullopt, 1, 0}, warnings);
  sink.on_event({15'000, flow()});
  const auto saved = parse_resume_state(read_file(path));
  REQUIRE(saved.has_value());
  CHECK(saved->routine == "lower-back");
  CHECK(saved->flow_seconds == 20.0);
  CHECK_FALSE(saved->rest_seconds.has_value());
  CHECK(saved->rounds == 1);
  CHECK(saved->phase_at == 15'000);
  sink.on_event({16'000, SessionEnded{Outcome::interrupted, 0, 2, 175'000, 16'000}});
  CHECK(fs::exists(path));  // interrupted: kept for `stretch resume`
  sink.on_event({17'000, SessionEnded{Outcome::stopped, 0, 2, 175'000, 17'000}});
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("resume state is replaced at the start, before the output can close on a phase") {
  // An older session left a point to resume; the new one's reader goes away
  // with its first line, before any phase starts (`stretch start x | true`).
  const ScratchDir dir;
  const fs::path path = dir / "resume.json";
  StringOutput warnings;
  ResumeSink older(path, ResumeState{"eyes", std::nullopt, std::nullopt, std::nullopt, 0},
                   warnings);
  older.on_event({40'000, flow()});
  ResumeSink sink(path, ResumeState{"lower-back", std::nullopt, std::nullopt, 1, 0}, warnings);
  sink.on_event({0, SessionStarted{"lower-back", "Lower back", 2, 175'000}});
  sink.on_event({0, SessionEnded{Outcome::output_closed, 0, 2, 175'000, 0}});
  const auto saved = parse_resume_state(read_file(path));
  REQUIRE(saved.has_value());
  CHECK(saved->routine == "lower-back");
  CHECK(saved->rounds == 1);
  CHECK(saved->phase_at == 0);
  CHECK(warnings.text().empty());
}

TEST_CASE("a resumed session starts at the saved phase, after its stretch's instructions") {
  Routine routine{"test", "Test", "", "Careful.", {}};
  for (const char* id : {"a", "b"}) {
    routine.stretches.push_back({.id = id,
                                 .title = id,
                                 .instructions = {"Do it."},
                                 .setup = 5'000,
                                 .flow = 6'000,
                                 .cues = {{"Go", 3'000}},
                                 .rest = 4'000,
                                 .rounds = 2});
  }
  const Timeline timeline = plan(routine);  // stretch b: 21 s setup, 26 s flow
  VirtualClock clock;
  struct Recorder final : Sink {
    void on_event(const Event& event) override { events.push_back(event); }
    std::vector<Event> events;
  } sink;
  Session(timeline, clock, sink).run(26'000);
  REQUIRE(sink.events.size() > 5);
  CHECK(std::holds_alternative<SessionStarted>(sink.events[0].data));
  CHECK(std::holds_alternative<NoticeShown>(sink.events[1].data));
  CHECK(std::get<StretchStarted>(sink.events[2].data).id == "b");
  CHECK(std::holds_alternative<InstructionShown>(sink.events[3].data));
  CHECK(sink.events[4].at == 26'000);
  CHECK(std::get<PhaseStarted>(sink.events[4].data).phase == PhaseKind::flow);
  CHECK(clock.now() == std::chrono::milliseconds(timeline.total - 26'000));
  const auto& end = std::get<SessionEnded>(sink.events.back().data);
  CHECK(end.active == timeline.total - 26'000);
  CHECK(end.stretches_done == 2);
}

TEST_CASE("a resume file is input like any: out-of-range values are not a saved session") {
  const std::string base =
      R"({"routine":"lower-back","flow":30,"rest":15,"rounds":2,"phase_at":12.5})";
  REQUIRE(parse_resume_state(base));
  for (const char* tampered :
       {R"({"routine":"x","flow":-5,"rest":null,"rounds":null,"phase_at":0})",
        R"({"routine":"x","flow":null,"rest":-1,"rounds":null,"phase_at":0})",
        R"({"routine":"x","flow":null,"rest":0,"rounds":2000000000,"phase_at":0})",
        R"({"routine":"x","flow":null,"rest":null,"rounds":0,"phase_at":0})",
        R"({"routine":"x","flow":1e9,"rest":null,"rounds":null,"phase_at":0})",
        R"({"routine":"x","flow":null,"rest":null,"rounds":null,"phase_at":-3})",
        R"({"routine":"x","flow":null,"rest":null,"rounds":null,"phase_at":1e300})"}) {
    INFO(tampered);
    CHECK_FALSE(parse_resume_state(tampered));
  }
}

TEST_CASE("a session's status read back is quoted: no file steers a status bar or terminal") {
  const std::optional<SessionStatus> status = parse_session_status(
      "{\"routine\":\"r\\u001b]52;c;aGk=\\u0007\",\"stretch\":\"s\\u009b2J\",\"phase\":\"flow\","
      "\"round\":1,\"rounds\":2,\"cue\":\"\\u202eevil\",\"seconds_left\":3,\"paused\":false,"
      "\"pid\":1}");
  REQUIRE(status);
  CHECK(status->routine == "r^[]52;c;aGk=^G");
  CHECK(status->stretch == "s<U+009B>2J");
  CHECK(status->cue == "<U+202E>evil");
}
