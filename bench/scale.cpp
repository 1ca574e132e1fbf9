// How planning, a dry run and loading grow with the size of a routine.
// Routines of N phases are built in memory (the file format caps a routine
// well below 10,000 phases, so these go past what a file can hold); the
// 1 MiB routine is generated as text and goes through the whole loader.
// Prints "phases N ms" lines, "load_1mib ms", and "shape NAME LAYOUT ms
// bytes" for files of one shape of value each, on one line or pretty.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/routine/loader.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/routine/routine_limits.hpp"
#include "stretch/session/clock.hpp"
#include "stretch/session/session.hpp"

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

// A small valid routine whose "$comment" (or, for unknown_keys, whose top
// object) holds n of one shape of value, the kind of file that once cost
// the loader time or memory by the square of its values.
nlohmann::json shape_routine(const std::string& shape, std::size_t n) {
  nlohmann::json routine = nlohmann::json::parse(R"({"schema": 1, "name": "big", "title": "Big",
      "safety": "Careful.", "stretches": [{"id": "s", "title": "S", "instructions": ["Move."],
      "flow": 30, "cues": [{"text": "Go", "seconds": 5}]}]})");
  nlohmann::json& padding = routine["$comment"];
  if (shape == "small_values") {
    padding = std::vector<int>(n, 0);
  } else if (shape == "deep_nesting") {
    nlohmann::json nested = 0;
    for (int depth = 0; depth < 30; ++depth) {
      nested = nlohmann::json::array({nested});
    }
    padding = std::vector<nlohmann::json>(n, nested);
  } else if (shape == "long_keys_over_values") {
    // Thirty levels of 1,000-character keys, and the values at the bottom.
    nlohmann::json nested = std::vector<int>(n, 0);
    for (int depth = 0; depth < 30; ++depth) {
      nested = nlohmann::json{{std::string(1'000, static_cast<char>('a' + depth % 26)), nested}};
    }
    padding = nested;
  } else if (shape == "long_strings") {
    padding = std::vector<std::string>(n, std::string(10'000, 'x'));
  } else if (shape == "long_string") {
    padding = std::string(n, 'x');
  } else if (shape == "many_keys") {
    padding = nlohmann::json::object();
    for (std::size_t i = 0; i < n; ++i) {
      padding[fmt::format("k{}", i)] = 0;
    }
  } else {  // unknown_keys: each one a problem to report
    routine.erase("$comment");
    for (std::size_t i = 0; i < n; ++i) {
      routine[fmt::format("k{}", i)] = 0;
    }
  }
  return routine;
}

// The shape with as many values as fit in the size a routine may have.
std::string largest_of_shape(const std::string& shape, bool pretty) {
  const auto text_of = [&](std::size_t n) { return shape_routine(shape, n).dump(pretty ? 2 : -1); };
  const auto fit = [&](std::size_t n) { return text_of(n).size() <= stretch::limits::file_bytes; };
  std::size_t fits = 1;
  std::size_t too_many = 2;
  while (fit(too_many)) {
    fits = too_many;
    too_many *= 2;
  }
  while (too_many - fits > 1) {
    const std::size_t n = fits + (too_many - fits) / 2;
    (fit(n) ? fits : too_many) = n;
  }
  return text_of(fits);
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
  for (const char* shape : {"small_values", "deep_nesting", "long_keys_over_values", "long_strings",
                            "long_string", "many_keys", "unknown_keys"}) {
    for (const bool pretty : {false, true}) {
      const std::string text = largest_of_shape(shape, pretty);
      const double ms = median_ms(5, [&] {
        try {
          stretch::parse_routine(text, "shape.json");
        } catch (const stretch::RoutineError&) {  // rejected in time is as good as loaded
        }
      });
      std::printf("shape %s %s %.2f %zu\n", shape, pretty ? "pretty" : "one_line", ms, text.size());
    }
  }
  return 0;
}
