#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "stretch/platform/error.hpp"
#include "stretch/routine/json_reader.hpp"
#include "stretch/routine/routine.hpp"
#include "stretch/routine/routine_limits.hpp"

namespace stretch {

// One thing wrong in a routine file: where, which value, and what.
struct Diagnostic {
  SourcePosition where;
  std::size_t offset = 0;  // of where, in bytes: the order of diagnostics
  std::string pointer;     // JSON pointer of the value, empty for syntax errors
  std::string message;
};

// "lower-back.json:12:5: /stretches/0/rest: expected ..."
std::string format_diagnostic(std::string_view source, const Diagnostic& diagnostic);

// The most problems one routine file is reported with.
inline constexpr std::size_t max_diagnostics = 100;

// A routine file that does not load, with every problem found in it, or
// the first max_diagnostics found when stopped says it has more.
class RoutineError : public Error {
 public:
  RoutineError(std::string source, std::vector<Diagnostic> diagnostics, bool stopped = false);
  const std::string& source() const noexcept { return source_; }
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::string source_;
  std::vector<Diagnostic> diagnostics_;
};

// Where a stretch used by reference ({"use": "routine/id"}) comes from: the
// catalog, through the same search path as routine names.
class StretchLibrary {
 public:
  virtual ~StretchLibrary() = default;
  // The stretch, with its texts and cues; or why there is none: no such
  // routine or stretch, a cycle, references nested too deep.
  virtual std::variant<Stretch, std::string> find_stretch(const std::string& routine,
                                                          const std::string& id) = 0;
};

// A routine file as a person writes it, or a session built to fit the time
// as stretch keeps it for resume: its name, title and safety notice gather
// those of every area and routine its stretches come from, so they are not
// held to a routine file's lengths.
enum class RoutineKind { file, fitted };

// Parses and validates a routine; source names it in messages. References
// are resolved through library; without one, a reference is an error.
// Throws RoutineError (exit 65) listing every problem found.
Routine parse_routine(std::string_view text, const std::string& source,
                      StretchLibrary* library = nullptr, RoutineKind kind = RoutineKind::file);

// A routine as a routine file, which parse_routine reads back as the same
// routine (a fitted session's as RoutineKind::fitted): how a session built
// to fit the time is kept for resume.
std::string routine_file_text(const Routine& routine);

// Reads a routine file. A missing file is exit 66, an unreadable one or a
// directory 74 (or 66), anything wrong inside it 65.
Routine load_routine_file(const std::filesystem::path& path, StretchLibrary* library = nullptr,
                          RoutineKind kind = RoutineKind::file);

}  // namespace stretch
