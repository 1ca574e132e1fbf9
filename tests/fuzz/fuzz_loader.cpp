// libFuzzer target for the routine loader. Besides crashes and sanitizer
// reports, it checks the loader's promises: text it accepts, and text it
// quotes back in an error, never holds a character that could steer a
// terminal, and a loaded routine always plans to its computed length.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "stretch/platform/text.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/routine/plan.hpp"
#include "stretch/sinks/event_lines.hpp"

namespace {

void require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

bool is_clean(std::string_view text) {
  return stretch::quote_untrusted(text) == text;
}

void check_loaded(const stretch::Routine& routine) {
  require(is_clean(routine.title) && is_clean(routine.safety) && is_clean(routine.description));
  for (const stretch::Stretch& stretch : routine.stretches) {
    require(is_clean(stretch.title) && is_clean(stretch.halfway));
    for (const std::string& instruction : stretch.instructions) {
      require(is_clean(instruction));
    }
    for (const stretch::Cue& cue : stretch.cues) {
      require(is_clean(cue.text) && cue.duration > 0);
    }
  }
  const stretch::Timeline timeline = stretch::plan(routine);
  require(timeline.total == stretch::routine_length(routine));
  for (const stretch::Event& event : timeline.events) {
    require(event.at <= timeline.total);
    const std::string line = stretch::format_text_line(event);
    require(line.ends_with('\n') && is_clean(std::string_view(line).substr(0, line.size() - 1)));
    require(stretch::format_json_line(event).ends_with('\n'));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_loaded(stretch::parse_routine(text, "fuzz.json"));
  } catch (const stretch::RoutineError& error) {
    require(!error.diagnostics().empty());
    for (const stretch::Diagnostic& diagnostic : error.diagnostics()) {
      const std::string line = stretch::format_diagnostic("fuzz.json", diagnostic);
      require(is_clean(line));
      require(diagnostic.where.line >= 1 && diagnostic.where.column >= 1);
    }
  }
  return 0;
}
