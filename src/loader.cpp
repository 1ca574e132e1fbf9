#include "stretch/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/output.hpp"

namespace stretch {
namespace {

struct TextLimit {
  std::size_t max_width;
};

constexpr TextLimit title_limit{60};
constexpr TextLimit description_limit{600};
constexpr TextLimit safety_limit{800};
constexpr TextLimit instruction_limit{300};
constexpr TextLimit cue_limit{40};
constexpr std::size_t max_id_length = 40;
constexpr std::size_t max_stretches = 50;
constexpr std::size_t max_instructions = 12;
constexpr std::size_t max_cues = 20;
constexpr SecondsRange setup_range{0, 300};
constexpr SecondsRange cue_range{0.5, 300};

constexpr Millis default_setup = 10'000;
constexpr Millis default_rest = 15'000;

constexpr SecondsRange switch_range{0, 60};
constexpr Millis default_switch = 5'000;

// "$comment" is allowed in every object, as in JSON Schema, since JSON has
// no comments of its own.
const std::vector<std::string> routine_fields{"$comment",    "schema", "name",     "title",
                                              "description", "safety", "stretches"};
const std::vector<std::string> stretch_fields{"$comment", "id",    "title",  "instructions",
                                              "setup",    "flow",  "cues",   "rest",
                                              "rounds",   "sides", "switch", "halfway"};
const std::vector<std::string> cue_fields{"$comment", "text", "seconds", "art"};

std::string type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "true or false";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

// Walks a parsed routine, building the Routine and recording every problem
// instead of stopping at the first, so one run of `validate` shows them all.
class Validator {
 public:
  explicit Validator(const JsonDocument& document) : document_(document) {}

  Routine routine() {
    Routine routine;
    const nlohmann::json& root = document_.value;
    if (!root.is_object()) {
      report("", fmt::format("expected a routine object, found {}", type_name(root)));
      return routine;
    }
    check_fields(root, "", routine_fields);
    if (const auto* schema = require(root, "", "schema")) {
      if (!schema->is_number_integer() || schema->get<std::int64_t>() != routine_schema_version) {
        report("/schema", fmt::format("unsupported schema {}; this version of stretch reads {}",
                                      quote_untrusted(schema->dump()), routine_schema_version));
      }
    }
    routine.name = name_field(root);
    routine.title = text_field(root, "", "title", title_limit);
    routine.description = text_field(root, "", "description", description_limit, false);
    routine.safety = text_field(root, "", "safety", safety_limit);
    routine.stretches = stretches(root);
    return routine;
  }

  // In file order, with lines and columns counted in one pass over the text.
  std::vector<Diagnostic> diagnostics(std::string_view text) && {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                     [](const auto& a, const auto& b) { return a.offset < b.offset; });
    PositionCounter counter(text);
    for (Diagnostic& diagnostic : diagnostics_) {
      diagnostic.where = counter.at(diagnostic.offset);
    }
    return std::move(diagnostics_);
  }

 private:
  const JsonDocument& document_;
  std::vector<Diagnostic> diagnostics_;

  void report(const std::string& pointer, std::string message) {
    diagnostics_.push_back({{}, document_.offset_of(pointer), pointer, std::move(message)});
  }

  void check_fields(const nlohmann::json& object, const std::string& pointer,
                    const std::vector<std::string>& known) {
    for (const auto& [key, value] : object.items()) {
      if (key == "$comment" && !value.is_string()) {
        report(child_pointer(pointer, key),
               fmt::format("expected a string, found {}", type_name(value)));
      }
      if (std::find(known.begin(), known.end(), key) != known.end()) {
        continue;
      }
      report(
          child_pointer(pointer, key),
          fmt::format("unknown field \"{}\"", quote_untrusted(key)) +
              did_you_mean(key, known, fmt::format("expected one of: {}", fmt::join(known, ", "))));
    }
  }

  const nlohmann::json* require(const nlohmann::json& object, const std::string& pointer,
                                const std::string& key) {
    const auto found = object.find(key);
    if (found == object.end()) {
      report(pointer, fmt::format("missing required field \"{}\"", key));
      return nullptr;
    }
    return &*found;
  }

  // Routine text reaches the terminal, so anything that could steer it is an
  // error here rather than something to filter later.
  bool check_text(const std::string& text, const std::string& pointer, TextLimit limit,
                  bool allow_blank = false) {
    if (!allow_blank && (text.empty() || text.find_first_not_of(" \t") == std::string::npos)) {
      report(pointer, "must not be empty");
      return false;
    }
    const std::string quoted = quote_untrusted(text);
    if (quoted != text) {
      const auto differ = std::mismatch(text.begin(), text.end(), quoted.begin(), quoted.end());
      const auto first = static_cast<std::size_t>(differ.second - quoted.begin());
      report(pointer, fmt::format("contains a control or direction-changing character: \"{}\"",
                                  truncate_to_width(std::string_view(quoted).substr(first), 12)));
      return false;
    }
    if (text.find('\t') != std::string::npos) {
      report(pointer, "contains a tab; use spaces");
      return false;
    }
    if (const std::size_t width = display_width(text); width > limit.max_width) {
      report(pointer,
             fmt::format("is {} characters long; at most {} are allowed", width, limit.max_width));
      return false;
    }
    return true;
  }

  std::string text_field(const nlohmann::json& object, const std::string& pointer,
                         const std::string& key, TextLimit limit, bool required = true) {
    const std::string member = child_pointer(pointer, key);
    const nlohmann::json* value = nullptr;
    if (required) {
      value = require(object, pointer, key);
    } else if (object.contains(key)) {
      value = &object.at(key);
    }
    if (value == nullptr) {
      return {};
    }
    if (!value->is_string()) {
      report(member, fmt::format("expected a string, found {}", type_name(*value)));
      return {};
    }
    const std::string& text = value->get_ref<const std::string&>();
    return check_text(text, member, limit) ? text : std::string{};
  }

  std::string name_field(const nlohmann::json& root) {
    std::string name = text_field(root, "", "name", TextLimit{64});
    if (!name.empty() && !is_routine_name(name)) {
      report("/name", fmt::format("\"{}\" is not a routine name: use a-z, 0-9 and -",
                                  quote_untrusted(name)));
      return {};
    }
    return name;
  }

  std::optional<Millis> seconds_field(const nlohmann::json& object, const std::string& pointer,
                                      const std::string& key, SecondsRange range,
                                      std::optional<Millis> fallback) {
    const std::string member = child_pointer(pointer, key);
    const auto found = object.find(key);
    if (found == object.end()) {
      if (!fallback) {
        report(pointer, fmt::format("missing required field \"{}\"", key));
      }
      return fallback;
    }
    if (!found->is_number()) {
      report(member, fmt::format("expected a number of seconds, found {}", type_name(*found)));
      return std::nullopt;
    }
    const double seconds = found->get<double>();
    if (!(seconds >= range.min && seconds <= range.max)) {
      report(member, fmt::format("must be from {} to {} seconds, found {}", range.min, range.max,
                                 found->dump()));
      return std::nullopt;
    }
    return static_cast<Millis>(std::llround(seconds * 1000.0));
  }

  int rounds_field(const nlohmann::json& object, const std::string& pointer) {
    const std::string member = child_pointer(pointer, "rounds");
    const auto found = object.find("rounds");
    if (found == object.end()) {
      return 1;
    }
    if (!found->is_number_integer() || found->get<std::int64_t>() < 1 ||
        found->get<std::int64_t>() > max_rounds) {
      report(member, fmt::format("expected a whole number of rounds from 1 to {}, found {}",
                                 max_rounds, quote_untrusted(found->dump())));
      return 1;
    }
    return found->get<int>();
  }

  const nlohmann::json* array_field(const nlohmann::json& object, const std::string& pointer,
                                    const std::string& key, std::size_t max_items) {
    const nlohmann::json* value = require(object, pointer, key);
    if (value == nullptr) {
      return nullptr;
    }
    const std::string member = child_pointer(pointer, key);
    if (!value->is_array()) {
      report(member, fmt::format("expected an array, found {}", type_name(*value)));
      return nullptr;
    }
    if (value->empty()) {
      report(member, "must not be empty");
      return nullptr;
    }
    if (value->size() > max_items) {
      report(member, fmt::format("has {} items; at most {} are allowed", value->size(), max_items));
      return nullptr;
    }
    return value;
  }

  std::vector<Stretch> stretches(const nlohmann::json& root) {
    std::vector<Stretch> result;
    const nlohmann::json* list = array_field(root, "", "stretches", max_stretches);
    if (list == nullptr) {
      return result;
    }
    std::map<std::string, std::string> id_pointers;
    Millis total = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string pointer = child_pointer("/stretches", i);
      const nlohmann::json& item = (*list)[i];
      if (!item.is_object()) {
        report(pointer, fmt::format("expected a stretch object, found {}", type_name(item)));
        continue;
      }
      Stretch stretch = one_stretch(item, pointer);
      if (!stretch.id.empty()) {
        const std::string id_pointer = child_pointer(pointer, "id");
        const auto [previous, inserted] = id_pointers.emplace(stretch.id, id_pointer);
        if (!inserted) {
          report(id_pointer,
                 fmt::format("duplicate id \"{}\" (also at {})", stretch.id, previous->second));
        }
      }
      total += stretch_length(stretch);
      result.push_back(std::move(stretch));
    }
    if (total > max_routine_length) {
      report("/stretches",
             fmt::format("the routine lasts {}; at most {} is allowed", format_duration(total),
                         format_duration(max_routine_length)));
    }
    return result;
  }

  // A drawing: lines may be blank, but are held to the same rules as any
  // other text that reaches the terminal.
  std::vector<std::string> art_field(const nlohmann::json& cue, const std::string& pointer) {
    const auto found = cue.find("art");
    if (found == cue.end()) {
      return {};
    }
    const std::string member = child_pointer(pointer, "art");
    if (!found->is_array() || found->empty() || found->size() > max_art_lines) {
      report(member, fmt::format("expected an array of 1 to {} lines, found {}", max_art_lines,
                                 found->is_array() ? fmt::format("{} lines", found->size())
                                                   : type_name(*found)));
      return {};
    }
    std::vector<std::string> art;
    for (std::size_t i = 0; i < found->size(); ++i) {
      const std::string line_pointer = child_pointer(member, i);
      const nlohmann::json& line = (*found)[i];
      if (!line.is_string()) {
        report(line_pointer, fmt::format("expected a string, found {}", type_name(line)));
        return {};
      }
      const auto& text = line.get_ref<const std::string&>();
      if (!check_text(text, line_pointer, TextLimit{max_art_width}, true)) {
        return {};
      }
      art.push_back(text);
    }
    return art;
  }

  Stretch one_stretch(const nlohmann::json& item, const std::string& pointer) {
    Stretch stretch;
    check_fields(item, pointer, stretch_fields);
    stretch.id = text_field(item, pointer, "id", TextLimit{max_id_length});
    if (!stretch.id.empty() && !is_routine_name(stretch.id)) {
      report(child_pointer(pointer, "id"),
             fmt::format("\"{}\" is not an id: use a-z, 0-9 and -", stretch.id));
      stretch.id.clear();
    }
    stretch.title = text_field(item, pointer, "title", title_limit);
    if (const auto* list = array_field(item, pointer, "instructions", max_instructions)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string step = child_pointer(child_pointer(pointer, "instructions"), i);
        if (!(*list)[i].is_string()) {
          report(step, fmt::format("expected a string, found {}", type_name((*list)[i])));
          continue;
        }
        const auto& text = (*list)[i].get_ref<const std::string&>();
        if (check_text(text, step, instruction_limit)) {
          stretch.instructions.push_back(text);
        }
      }
    }
    stretch.setup = seconds_field(item, pointer, "setup", setup_range, default_setup).value_or(0);
    stretch.flow = seconds_field(item, pointer, "flow", flow_range, std::nullopt).value_or(0);
    stretch.rest = seconds_field(item, pointer, "rest", rest_range, default_rest).value_or(0);
    stretch.rounds = rounds_field(item, pointer);
    if (const auto sides = item.find("sides"); sides != item.end()) {
      if (sides->is_boolean()) {
        stretch.sides = sides->get<bool>();
      } else {
        report(child_pointer(pointer, "sides"),
               fmt::format("expected true or false, found {}", type_name(*sides)));
      }
    }
    stretch.switch_sides =
        seconds_field(item, pointer, "switch", switch_range, default_switch).value_or(0);
    if (item.contains("switch") && !stretch.sides) {
      report(child_pointer(pointer, "switch"),
             "only a stretch with \"sides\": true switches sides");
    }
    stretch.halfway = text_field(item, pointer, "halfway", cue_limit, false);
    if (const auto* list = array_field(item, pointer, "cues", max_cues)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string cue_pointer = child_pointer(child_pointer(pointer, "cues"), i);
        const nlohmann::json& cue = (*list)[i];
        if (!cue.is_object()) {
          report(cue_pointer, fmt::format("expected a cue object, found {}", type_name(cue)));
          continue;
        }
        check_fields(cue, cue_pointer, cue_fields);
        std::string text = text_field(cue, cue_pointer, "text", cue_limit);
        const auto seconds = seconds_field(cue, cue_pointer, "seconds", cue_range, std::nullopt);
        std::vector<std::string> art = art_field(cue, cue_pointer);
        if (!text.empty() && seconds) {
          stretch.cues.push_back({std::move(text), *seconds, std::move(art)});
        }
      }
    }
    return stretch;
  }
};

}  // namespace

std::string format_diagnostic(std::string_view source, const Diagnostic& diagnostic) {
  // The pointer is made of the file's own keys, so it is quoted like any
  // other text from the file.
  std::string located = fmt::format("{}:{}:{}: ", quote_untrusted(source), diagnostic.where.line,
                                    diagnostic.where.column);
  if (!diagnostic.pointer.empty()) {
    located += quote_untrusted(diagnostic.pointer) + ": ";
  }
  return located + diagnostic.message;
}

namespace {

std::string join_diagnostics(std::string_view source, const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (!text.empty()) {
      text += '\n';
    }
    text += format_diagnostic(source, diagnostic);
  }
  return text;
}

}  // namespace

RoutineError::RoutineError(std::string source, std::vector<Diagnostic> diagnostics)
    : Error(ExitCode::data, join_diagnostics(source, diagnostics)),
      source_(std::move(source)),
      diagnostics_(std::move(diagnostics)) {}

Routine parse_routine(std::string_view text, const std::string& source) {
  if (text.size() > max_routine_file_bytes) {
    throw RoutineError(source, {{{1, 1},
                                 0,
                                 "",
                                 fmt::format("file is {} bytes; a routine may be at most {} bytes",
                                             text.size(), max_routine_file_bytes)}});
  }
  JsonDocument document;
  try {
    document = read_json(text);
  } catch (const JsonSyntaxError& error) {
    throw RoutineError(source, {{error.where(), 0, "", error.what()}});
  }
  Validator validator(document);
  Routine routine = validator.routine();
  std::vector<Diagnostic> diagnostics = std::move(validator).diagnostics(text);
  if (!diagnostics.empty()) {
    throw RoutineError(source, std::move(diagnostics));
  }
  return routine;
}

Routine load_routine_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  const std::string shown = quote_untrusted(name);
  // O_NONBLOCK so that opening a FIFO never waits for a writer; the type
  // check below then refuses it.
  UniqueFd file(::open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (file.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      throw Error(ExitCode::no_input, fmt::format("{}: no such file", shown));
    }
    throw Error(ExitCode::io, fmt::format("{}: cannot open: {}", shown, std::strerror(error)));
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) {
    throw Error(ExitCode::io, fmt::format("{}: cannot read: {}", shown, std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    throw Error(ExitCode::no_input, fmt::format("{}: is a directory, not a routine file", shown));
  }
  if (!S_ISREG(info.st_mode)) {
    throw Error(ExitCode::no_input, fmt::format("{}: is not a regular file", shown));
  }
  if (static_cast<std::size_t>(info.st_size) > max_routine_file_bytes) {
    throw RoutineError(name, {{{1, 1},
                               0,
                               "",
                               fmt::format("file is {} bytes; a routine may be at most {} bytes",
                                           info.st_size, max_routine_file_bytes)}});
  }
  std::string text;
  char buffer[65536];
  while (true) {
    const ssize_t count = ::read(file.get(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      throw Error(ExitCode::io, fmt::format("{}: cannot read: {}", shown, std::strerror(errno)));
    }
    if (count == 0) {
      break;
    }
    text.append(buffer, static_cast<std::size_t>(count));
    if (text.size() > max_routine_file_bytes) {
      break;  // grew while being read; parse_routine reports the size
    }
  }
  return parse_routine(text, name);
}

}  // namespace stretch
