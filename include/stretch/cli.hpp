#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stretch/context.hpp"

namespace stretch {

// Parses args (args[0] is the program) and runs the command they name, with
// help and usage errors written to the context. Returns the exit code;
// throws Error for the caller to print, and EndedBySignal.
int run_command_line(const std::vector<std::string>& args, Context& context);

// "stretch: error: MESSAGE\n" for every line of message, so that each line
// of a multi-line error is recognisable on its own.
std::string format_error(std::string_view message);

}  // namespace stretch
