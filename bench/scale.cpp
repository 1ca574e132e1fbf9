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

// As many values as the format allows (50 stretches of 12 instructions and
// 20 cues with six lines of art each), padded with comments to 1 MiB. Every
// value starts a line when pretty, or all of them share one line, as `jq -c`
// writes it: reading must cost the same either way.
std::string one_mib_routine(bool one_line) {
  const char* const gap = one_line ? " " : "\n  ";
  const std::string art =
      fmt::format("[{}]", fmt::join(std::vector<std::string>(6, R"("  o  /|\\ ")"), ","));
  std::vector<std::string> stretches;
  for (int i = 0; i < 50; ++i) {
    std::vector<std::string> instructions(12, fmt::format("\"{}\"", std::string(200, 'x')));
    std::vector<std::string> cues;
    for (int cue = 0; cue < 20; ++cue) {
      cues.push_back(fmt::format(R"({{"text":{}"Cue {}",{}"seconds":{}1.5,{}"art":{}{}}})", gap,
                                 cue, gap, gap, gap, gap, art));
    }
    stretches.push_back(fmt::format(
        R"({{"$comment":{}"{}",{}"id":{}"s{}",{}"title":{}"Stretch {}",{}"instructions":{}[{}],{}"flow":{}30,{}"cues":{}[{}]}})",
        gap, std::string(15'000, 'c'), gap, gap, i, gap, gap, i, gap, gap,
        fmt::join(instructions, std::string(",") + gap), gap, gap, gap, gap,
        fmt::join(cues, std::string(",") + gap)));
  }
  return fmt::format(
      R"({{"schema":{}1,{}"name":{}"big",{}"title":{}"Big",{}"safety":{}"Careful.",{}"stretches":{}[{}]}})",
      gap, gap, gap, gap, gap, gap, gap, gap, gap, fmt::join(stretches, std::string(",") + gap));
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
  for (const bool one_line : {false, true}) {
    const std::string text = one_mib_routine(one_line);
    const double ms = median_ms(5, [&] { stretch::parse_routine(text, "big.json"); });
    std::printf("%s %.2f %zu\n", one_line ? "load_1mib_one_line" : "load_1mib", ms, text.size());
  }
  return 0;
}
