#include <csignal>

#include <catch2/catch.hpp>

#include "stretch/session/session.hpp"
#include "stretch/sinks/event_lines.hpp"

using namespace stretch;
using namespace std::chrono_literals;

namespace {

// Records each event with the clock time at which the sink received it.
class RecordingSink final : public Sink {
 public:
  explicit RecordingSink(Clock& clock) : clock_(clock) {}
  void on_event(const Event& event) override { received.push_back({event, clock_.now()}); }

  struct Received {
    Event event;
    ClockTime when;
  };
  std::vector<Received> received;

  template <class T>
  const Received& first() const {
    for (const Received& r : received) {
      if (std::holds_alternative<T>(r.event.data)) {
        return r;
      }
    }
    FAIL("no such event");
    return received.front();
  }
  const SessionEnded& end() const { return std::get<SessionEnded>(received.back().event.data); }

 private:
  Clock& clock_;
};

Routine routine() {
  Routine r{"test", "Test", "", "Careful.", {}};
  r.stretches.push_back({.id = "a",
                         .title = "A",
                         .instructions = {"Do a."},
                         .setup = 5'000,
                         .flow = 6'000,
                         .cues = {{"Up", 3'000}},
                         .rest = 4'000,
                         .rounds = 2});
  r.stretches.push_back({.id = "b",
                         .title = "B",
                         .instructions = {"Do b."},
                         .setup = 2'000,
                         .flow = 4'000,
                         .cues = {{"Hold", 2'000}},
                         .rest = 0,
                         .rounds = 1});
  return r;
}

Wake key(char c) {
  return {Wake::Kind::key, c, 0};
}
ClockTime ms(Millis value) {
  return std::chrono::milliseconds(value);
}

}  // namespace

TEST_CASE("with no keys, every event arrives at its plan offset") {
  const Timeline timeline = plan(routine());
  VirtualClock clock;
  RecordingSink sink(clock);
  const SessionResult result = Session(timeline, clock, sink).run();
  CHECK(result.outcome == Outcome::done);
  REQUIRE(sink.received.size() == timeline.events.size() + 1);
  for (std::size_t i = 0; i < timeline.events.size(); ++i) {
    INFO("event " << i);
    CHECK(sink.received[i].event.at == timeline.events[i].at);
    CHECK(sink.received[i].when == ms(timeline.events[i].at));
  }
  CHECK(sink.received.back().when == ms(timeline.total));
  CHECK(sink.end().outcome == Outcome::done);
  CHECK(sink.end().stretches_done == 2);
  CHECK(sink.end().active == timeline.total);
}

TEST_CASE("speed divides clock time but keeps plan offsets") {
  const Timeline timeline = plan(routine());
  VirtualClock clock;
  RecordingSink sink(clock);
  Session(timeline, clock, sink, 4.0).run();
  for (const auto& received : sink.received) {
    CHECK(received.when == ms(received.event.at) / 4);
  }
}

TEST_CASE("a pause shifts everything after it by the time paused") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(2'500), key(' ')}, {ms(62'500), key(' ')}});
  RecordingSink sink(clock);
  Session(timeline, clock, sink).run();
  CHECK(sink.first<Paused>().event.at == 2'500);
  CHECK(sink.first<Resumed>().event.at == 2'500);
  CHECK(sink.first<Resumed>().when == ms(62'500));
  for (const auto& received : sink.received) {
    if (received.event.at > 2'500) {
      CHECK(received.when == ms(received.event.at + 60'000));
    }
  }
  CHECK(sink.end().active == timeline.total);
}

TEST_CASE("n skips the rest of the phase and moves later deadlines earlier") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(1'000), key('n')}});
  RecordingSink sink(clock);
  Session(timeline, clock, sink).run();
  const auto& skipped = sink.first<Skipped>();
  CHECK(skipped.event.at == 1'000);
  CHECK(std::get<Skipped>(skipped.event.data).skipped == 4'000);
  for (const auto& received : sink.received) {
    if (received.event.at >= 5'000) {
      CHECK(received.when == ms(received.event.at - 4'000));
    }
  }
  CHECK(sink.end().outcome == Outcome::done);
  CHECK(sink.end().active == timeline.total - 4'000);
}

TEST_CASE("skipping inside a flow drops its remaining cues") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(6'000), key('n')}});  // in round 1's flow, 5 s to 11 s
  RecordingSink sink(clock);
  Session(timeline, clock, sink).run();
  int cues_in_first_flow = 0;
  for (const auto& received : sink.received) {
    if (std::holds_alternative<CueShown>(received.event.data) && received.event.at >= 5'000 &&
        received.event.at < 11'000) {
      ++cues_in_first_flow;
    }
  }
  CHECK(cues_in_first_flow == 1);  // the one at 5 s; the one at 8 s was skipped
}

TEST_CASE("skipping the last phase ends the session as done") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(timeline.total - 1'000), key('n')}});
  RecordingSink sink(clock);
  CHECK(Session(timeline, clock, sink).run().outcome == Outcome::done);
  CHECK(sink.received.back().when == ms(timeline.total - 1'000));
}

TEST_CASE("q stops where it is and counts only finished stretches") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(22'000), key('q')}});  // in stretch b
  RecordingSink sink(clock);
  CHECK(Session(timeline, clock, sink).run().outcome == Outcome::stopped);
  CHECK(sink.received.back().event.at == 22'000);
  CHECK(sink.end().outcome == Outcome::stopped);
  CHECK(sink.end().stretches_done == 1);
  CHECK(sink.end().active == 22'000);
}

TEST_CASE("q while paused stops at the paused time") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(3'000), key(' ')}, {ms(100'000), key('q')}});
  RecordingSink sink(clock);
  Session(timeline, clock, sink).run();
  CHECK(sink.end().outcome == Outcome::stopped);
  CHECK(sink.received.back().event.at == 3'000);
}

TEST_CASE("a signal interrupts the session and is handed back to the caller") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(7'000), Wake{Wake::Kind::signal, 0, SIGTERM}}});
  RecordingSink sink(clock);
  const SessionResult result = Session(timeline, clock, sink).run();
  CHECK(result.outcome == Outcome::interrupted);
  CHECK(result.signal == SIGTERM);
  CHECK(sink.end().outcome == Outcome::interrupted);
  CHECK(sink.end().stretches_done == 0);
}

TEST_CASE("other keys change nothing") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(1'000), key('x')}, {ms(2'000), key('\n')}});
  RecordingSink sink(clock);
  Session(timeline, clock, sink).run();
  CHECK(sink.received.size() == timeline.events.size() + 1);
  CHECK(sink.received.back().when == ms(timeline.total));
}

TEST_CASE("b goes back to the start of the phase and repeats its cues") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(7'000), key('b')}});  // 2 s into round 1's flow, which starts at 5 s
  RecordingSink sink(clock);
  Session(timeline, clock, sink).run();
  const auto& back = sink.first<WentBack>();
  CHECK(back.event.at == 7'000);
  CHECK(std::get<WentBack>(back.event.data).rewound == 2'000);
  int flow_starts = 0;
  for (const auto& received : sink.received) {
    const auto* phase = std::get_if<PhaseStarted>(&received.event.data);
    if (phase != nullptr && phase->phase == PhaseKind::flow && phase->round == 1 &&
        phase->stretch == 1) {
      ++flow_starts;
    }
  }
  CHECK(flow_starts == 2);
  CHECK(sink.received.back().when == ms(timeline.total + 2'000));
  CHECK(sink.end().active == timeline.total + 2'000);
}

TEST_CASE("b at the very start of a phase changes nothing") {
  Routine r = routine();
  r.stretches[0].setup = 0;
  const Timeline timeline = plan(r);
  // Every event as the JSON lines say it, and when the sink heard it.
  const auto events_of = [&](std::vector<VirtualClock::ScriptedWake> keys) {
    VirtualClock clock(std::move(keys));
    RecordingSink sink(clock);
    Session(timeline, clock, sink).run();
    std::vector<std::string> events;
    for (const RecordingSink::Received& received : sink.received) {
      events.push_back(std::to_string(received.when.count()) + " " +
                       format_json_line(received.event));
    }
    return events;
  };
  const std::vector<std::string> untouched = events_of({});
  REQUIRE(untouched.size() > 10);
  CHECK(events_of({{ms(0), key('b')}}) == untouched);
  CHECK(events_of({{ms(1'000), key('b')}}) != untouched);  // a second into it
}

// Records what the session asked of the terminal side.
class SuspendingClock final : public Clock {
 public:
  explicit SuspendingClock(VirtualClock& inner) : inner_(inner) {}
  ClockTime now() override { return inner_.now(); }
  Wake wait_until(std::optional<ClockTime> deadline) override {
    return inner_.wait_until(deadline);
  }
  void suspend_process(const std::function<void()>& leave_terminal) override {
    leave_terminal();
    ++suspensions;
    // Stopped for 30 s: the wait below jumps the virtual clock ahead.
    inner_.wait_until(inner_.now() + ms(30'000));
  }
  int suspensions = 0;

 private:
  VirtualClock& inner_;
};

// A screen that counts what the session asked of it.
class CountingScreen final : public Sink, public Screen {
 public:
  void on_event(const Event& event) override { events.push_back(event); }
  void refresh(Millis) override { ++refreshes; }
  void suspend() override { ++suspends; }
  void toggle_help(Millis) override { ++help_toggles; }
  std::vector<Event> events;
  int refreshes = 0;
  int suspends = 0;
  int help_toggles = 0;
};

TEST_CASE("Ctrl-Z stops the process with the timer paused, and redraws after fg") {
  const Timeline timeline = plan(routine());
  VirtualClock inner({{ms(3'000), Wake{Wake::Kind::suspend, 0, 0}}});
  SuspendingClock clock(inner);
  CountingScreen sink;
  Session(timeline, clock, sink, 1.0, &sink).run();
  CHECK(clock.suspensions == 1);
  CHECK(sink.suspends == 1);
  CHECK(sink.refreshes == 1);
  CHECK(inner.now() == ms(timeline.total + 30'000));  // the stopped time is not counted
  CHECK(std::get<SessionEnded>(sink.events.back().data).active == timeline.total);
}

TEST_CASE("a resize redraws the screen, and ? toggles its key list, paused or not") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(1'000), Wake{Wake::Kind::resize, 0, 0}},
                      {ms(2'000), key('?')},
                      {ms(3'000), key(' ')},
                      {ms(4'000), key('?')},
                      {ms(5'000), key(' ')}});
  CountingScreen sink;
  Session(timeline, clock, sink, 1.0, &sink).run();
  CHECK(sink.refreshes == 1);
  CHECK(sink.help_toggles == 2);
}

// A view on a terminal that hangs up at the first cue it is given.
class HangingUpSink final : public Sink {
 public:
  explicit HangingUpSink(bool hangup) : hangup_(hangup) {}
  void on_event(const Event& event) override {
    ++events;
    if (std::holds_alternative<CueShown>(event.data)) {
      throw OutputClosed(hangup_);
    }
  }
  int events = 0;

 private:
  bool hangup_;
};

TEST_CASE("a terminal that hangs up ends the session as a hang-up, seen by the other sinks") {
  const Timeline timeline = plan(routine());
  VirtualClock clock;
  HangingUpSink view(true);
  RecordingSink history(clock);
  FanOutSink sinks({&view, &history});
  const SessionResult result = Session(timeline, clock, sinks).run();
  CHECK(result.outcome == Outcome::hangup);
  CHECK(result.signal == SIGHUP);
  CHECK(history.end().outcome == Outcome::hangup);
  CHECK(history.end().active == 5'000);  // the first cue comes as the flow starts, after setup
  CHECK(history.received.back().event.at == 5'000);
  const int view_events = view.events;
  CHECK(std::holds_alternative<CueShown>(history.received[history.received.size() - 2].event.data));
  CHECK(view_events == static_cast<int>(history.received.size()) - 1);  // not given the end
}

TEST_CASE("a closed pipe ends the session by SIGPIPE, recorded as output-closed") {
  const Timeline timeline = plan(routine());
  VirtualClock clock;
  HangingUpSink view(false);
  RecordingSink history(clock);
  FanOutSink sinks({&view, &history});
  const SessionResult result = Session(timeline, clock, sinks).run();
  CHECK(result.outcome == Outcome::output_closed);
  CHECK(result.signal == SIGPIPE);
  CHECK(history.end().outcome == Outcome::output_closed);
}

TEST_CASE("SIGHUP ends the session as a hang-up") {
  const Timeline timeline = plan(routine());
  VirtualClock clock({{ms(7'000), Wake{Wake::Kind::signal, 0, SIGHUP}}});
  RecordingSink sink(clock);
  const SessionResult result = Session(timeline, clock, sink).run();
  CHECK(result.outcome == Outcome::hangup);
  CHECK(result.signal == SIGHUP);
  CHECK(sink.end().active == 7'000);
}

namespace {

// Speech that must be heard whole, said from the first flush until the
// descriptor it gives is ready; records, like RecordingSink, when each
// event is heard.
class SpeakingSink final : public Sink {
 public:
  explicit SpeakingSink(Clock& clock) : recording(clock) {}
  void on_event(const Event& event) override { recording.on_event(event); }
  void flush() override { speaking = speaking || tended == 0; }
  std::vector<int> descriptors() const override {
    return speaking ? std::vector<int>{7} : std::vector<int>{};
  }
  void tend() override {
    speaking = false;
    ++tended;
  }
  bool holding() const override { return speaking; }

  RecordingSink recording;
  bool speaking = false;
  int tended = 0;
};

Wake speech_ended() {
  return {Wake::Kind::ready, 0, 0, 7};
}

}  // namespace

TEST_CASE("an event due while whole words are said waits for their end, as if paused") {
  const Timeline timeline = plan(routine());
  // The setup is 5 s; the words end at 9 s, and so the count-in, due at
  // 2 s, is heard 7 s late, and everything after it too.
  VirtualClock clock({{ms(9'000), speech_ended()}});
  SpeakingSink sink(clock);
  const SessionResult result = Session(timeline, clock, sink).run();
  CHECK(result.outcome == Outcome::done);
  CHECK(sink.tended == 1);
  const std::vector<RecordingSink::Received>& received = sink.recording.received;
  REQUIRE(received.size() == timeline.events.size() + 1);
  for (std::size_t i = 0; i < timeline.events.size(); ++i) {
    INFO("event " << i);
    CHECK(received[i].event.at == timeline.events[i].at);
    CHECK(received[i].when ==
          ms(timeline.events[i].at + (timeline.events[i].at >= 2'000 ? 7'000 : 0)));
  }
  CHECK(sink.recording.first<CountIn>().when == ms(9'000));
  CHECK(sink.recording.end().active == timeline.total);
}

TEST_CASE("a hold for words that never end lasts speech_hold_limit, once") {
  const Timeline timeline = plan(routine());
  VirtualClock clock;
  SpeakingSink sink(clock);
  Session(timeline, clock, sink, 4.0).run();
  CHECK(sink.tended == 0);
  const ClockTime limit = speech_hold_limit;
  for (const RecordingSink::Received& received : sink.recording.received) {
    INFO(format_json_line(received.event));
    // The speed divides plan time, never the time words take.
    CHECK(received.when ==
          ms(received.event.at) / 4 + (received.event.at >= 2'000 ? limit : ms(0)));
  }
  CHECK(sink.recording.end().active == timeline.total);
}

TEST_CASE("a pause during a hold moves the hold's end later too") {
  const Timeline timeline = plan(routine());
  // Held from 2 s; paused from 10 s to 40 s, so the hold runs out at
  // 2 + 60 + 30 s.
  VirtualClock clock({{ms(10'000), key(' ')}, {ms(40'000), key(' ')}});
  SpeakingSink sink(clock);
  Session(timeline, clock, sink).run();
  CHECK(sink.recording.first<Paused>().event.at == 2'000);
  CHECK(sink.recording.first<CountIn>().when == ms(92'000));
}
