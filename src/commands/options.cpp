#include <map>

#include "stretch/commands.hpp"

namespace stretch {

void add_format_option(CLI::App& command, OutputFormat& format) {
  const std::map<std::string, OutputFormat> names{{"auto", OutputFormat::automatic},
                                                  {"text", OutputFormat::text},
                                                  {"json", OutputFormat::json}};
  command.add_option("--format", format, "auto, text or json (auto: for people on a terminal)")
      ->transform(CLI::CheckedTransformer(names))
      ->default_str("auto");
}

}  // namespace stretch
