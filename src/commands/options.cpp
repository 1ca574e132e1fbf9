#include <map>

#include <cmath>

#include <fmt/format.h>

#include "stretch/commands.hpp"
#include "stretch/loader.hpp"

namespace stretch {

void add_format_option(CLI::App& command, OutputFormat& format) {
  const std::map<std::string, OutputFormat> names{{"auto", OutputFormat::automatic},
                                                  {"text", OutputFormat::text},
                                                  {"json", OutputFormat::json}};
  command.add_option("--format", format, "auto, text or json (auto: for people on a terminal)")
      ->transform(CLI::CheckedTransformer(names))
      ->default_str("auto");
}

void add_override_options(CLI::App& command, OverrideOptions& overrides) {
  command
      .add_option("--flow", overrides.flow_seconds,
                  "Seconds of each round's flow, for every stretch")
      ->check(CLI::Range(flow_range.min, flow_range.max));
  command.add_option("--rest", overrides.rest_seconds, "Seconds of rest between rounds")
      ->check(CLI::Range(rest_range.min, rest_range.max));
  command.add_option("--rounds", overrides.rounds, "Rounds of each stretch")
      ->check(CLI::Range(1, max_rounds));
}

namespace {

std::optional<Millis> to_millis(std::optional<double> seconds) {
  if (!seconds) {
    return std::nullopt;
  }
  return static_cast<Millis>(std::llround(*seconds * 1000.0));
}

}  // namespace

FoundRoutine find_routine_for(const std::string& name_or_path, const OverrideOptions& overrides) {
  FoundRoutine found = find_routine(name_or_path, SearchDirs::from_environment());
  apply_overrides(found.routine, Overrides{to_millis(overrides.flow_seconds),
                                           to_millis(overrides.rest_seconds), overrides.rounds});
  if (const Millis length = routine_length(found.routine); length > max_routine_length) {
    throw Error(ExitCode::usage,
                fmt::format("with these options the routine would last {}; at most {} is allowed",
                            format_duration(length), format_duration(max_routine_length)));
  }
  return found;
}

}  // namespace stretch
