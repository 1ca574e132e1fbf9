#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/commands/context.hpp"

// The command line's interface to main and the tests. Only stretch_cli and
// those who link it see this header: the core knows nothing of a command
// line or of the process it runs in.
namespace stretch {

// The process's own: stdout, stderr, environ, the steady clock and the
// keyboard on stdin, /dev/tty, the wall clock, the time zone (TZ) and the
// locale's conventions.
Context process_context(Output& out, Output& err, const char* const* environ);

// This binary's path by the kernel's name for it, or empty when it cannot
// say. A binary replaced by an upgrade is named "PATH (deleted)", and PATH
// is then the new one.
std::string own_executable();

// The zone the C library reads from TZ, else /etc/localtime: the one
// process_context gives. Tests that need a real zone's rules set TZ first.
std::shared_ptr<const TimeZone> process_time_zone();

// The first weekday and the clock of the process's locale (LC_TIME, as main
// sets it).
LocaleTime process_locale_time();

// Parses args (args[0] is the program) and runs the command they name, with
// help and usage errors written to the context. Returns the exit code;
// throws Error for the caller to print, and EndedBySignal.
int run_command_line(const std::vector<std::string>& args, Context& context);

}  // namespace stretch
