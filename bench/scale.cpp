// How planning, a dry run and loading grow with the size of a routine.
// Routines of N phases are built in memory (the file format caps a routine
// well below 10,000 phases, so these go past what a file can hold); the
// 1 MiB routine is generated as text and goes through the whole loader.
// Prints "phases N ms" lines and "load_1mib ms".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "stretch/clock.hpp"
#include "stretch/loader.hpp"
#include "stretch/plan.hpp"
#include "stretch/session.hpp"

namespace {

class CountingSink final : public stretch::Sink {
 public:
  void on_event(const stretch::Event&) override { ++events; }
  std::size_t events = 0;
};

stretch::Routine routine_of(int phases) {
  stretch::Routine routine{"scale", "Scale", "", "Careful.", {}};
  for (int i = 0; i < phases / 2; ++i) {  // a setup and one flow each
    routine.stretches.push_back({.id = fmt::format("s{}", i),
                                 .title = "Stretch",
                                 .instructions = {"Move."},
                                 .setup = 2'000,
                                 .flow = 6'000,
                                 .cues = {{"In", 1'500}, {"Out", 1'500}},
                                 .rest = 0,
                                 .rounds = 1});
  }
  return routine;
}

template <class F>
double median_ms(int runs, F&& work) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

std::string one_mib_routine() {
  std::string stretches;
  for (int i = 0; i < 50; ++i) {
    std::string instructions;
    for (int step = 0; step < 12; ++step) {
      instructions += fmt::format("{}\"{}\"", step == 0 ? "" : ",", std::string(290, 'x'));
    }
    stretches += fmt::format(
        R"({}{{"$comment": "{}", "id": "s{}", "title": "Stretch {}", "instructions": [{}],
        "flow": 30, "cues": [{{"text": "In", "seconds": 3}}, {{"text": "Out", "seconds": 3}}]}})",
        i == 0 ? "" : ",", std::string(16'000, 'c'), i, i, instructions);
  }
  return fmt::format(R"({{"schema": 1, "name": "big", "title": "Big", "safety": "Careful.",
    "stretches": [{}]}})",
                     stretches);
}

}  // namespace

int main() {
  for (const int phases : {1'000, 10'000, 100'000}) {
    const stretch::Routine routine = routine_of(phases);
    std::size_t events = 0;
    const double ms = median_ms(5, [&] {
      const stretch::Timeline timeline = stretch::plan(routine);
      stretch::VirtualClock clock;
      CountingSink sink;
      stretch::Session(timeline, clock, sink).run();
      events = sink.events;
    });
    std::printf("phases %d %.2f %zu\n", phases, ms, events);
  }
  const std::string text = one_mib_routine();
  const double ms = median_ms(5, [&] { stretch::parse_routine(text, "big.json"); });
  std::printf("load_1mib %.2f %zu\n", ms, text.size());
  return 0;
}
