#include "stretch/routine/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

// "$comment" is allowed in every object, as in JSON Schema, since JSON has
// no comments of its own.
const std::vector<std::string> routine_fields{"$comment",    "schema", "name",      "title",
                                              "description", "safety", "stretches", "translations"};
const std::vector<std::string> stretch_fields{
    "$comment", "id",    "title",  "instructions", "setup", "flow",     "cues",    "rest",
    "rounds",   "sides", "switch", "halfway",      "areas", "position", "caution", "translations"};
// A translation holds the texts of the object it is in, in one language.
const std::vector<std::string> routine_translation_fields{"$comment", "title", "description",
                                                          "safety"};
const std::vector<std::string> stretch_translation_fields{"$comment", "title",   "instructions",
                                                          "cues",     "halfway", "caution"};
// A stretch used from another routine takes that one's texts and cues and
// sets only its own timings.
const std::vector<std::string> reference_fields{"$comment", "use",    "setup", "flow",
                                                "rest",     "rounds", "switch"};
const std::vector<std::string> cue_fields{"$comment", "text", "seconds", "art"};

std::string type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      // TRANSLATORS: JSON's null, ending "expected a string, found {}".
      return tr("null");
    case nlohmann::json::value_t::boolean:
      // TRANSLATORS: a JSON type, ending "expected a string, found {}";
      // "true" and "false" are JSON's words.
      return tr("true or false");
    case nlohmann::json::value_t::string:
      return tr("a string");
    case nlohmann::json::value_t::array:
      return tr("an array");
    case nlohmann::json::value_t::object:
      return tr("an object");
    default:
      return tr("a number");
  }
}

// Routine text reaches the terminal, so anything that could steer it is an
// error here rather than something to filter later. A blank line is allowed
// only where blank says so (art).
std::optional<std::string> text_problem(const std::string& text, std::size_t max_width,
                                        bool blank) {
  if (!blank && text.find_first_not_of(" \t") == std::string::npos) {
    return tr("must not be empty");
  }
  if (const std::string quoted = quote_untrusted(text); quoted != text) {
    const auto differ = std::mismatch(text.begin(), text.end(), quoted.begin(), quoted.end());
    const auto first = static_cast<std::size_t>(differ.second - quoted.begin());
    return fmt::format(
        fmt::runtime(tr("contains a control or direction-changing character: \"{}\"")),
        truncate_to_width(std::string_view(quoted).substr(first), 12));
  }
  if (text.find('\t') != std::string::npos) {
    return tr("contains a tab; use spaces");
  }
  if (const std::size_t width = display_width(text); width > max_width) {
    return fmt::format(fmt::runtime(trn("is {0} character long; at most {1} are allowed",
                                        "is {0} characters long; at most {1} are allowed", width)),
                       width, max_width);
  }
  return std::nullopt;
}

// A value of an object, with its pointer: what every check reports against.
struct Field {
  const nlohmann::json* value;  // null when the object has no such member
  std::string pointer;
};

// The values the checks below can name, whose starts the reader keeps: down
// to /stretches/0/translations/de/cues/0 and /stretches/0/cues/0/art/0, and
// no further into an array than its longest allowed list (a longer one is
// reported as a whole).
constexpr KeptPositions checked_positions{
    .depth = 6,
    .elements =
        std::max({limits::stretches, limits::instructions + limits::cues, limits::art_lines})};

// Thrown by the Validator when it finds a problem past those that are shown.
struct EnoughProblems {};

// Walks a parsed routine, building the Routine and recording every problem
// instead of stopping at the first, so one run of `validate` shows them all,
// up to max_diagnostics: a file of thousands of unknown keys is answered at
// once, with as many lines as a person reads.
class Validator {
 public:
  Validator(const JsonDocument& document, StretchLibrary* library, RoutineKind kind)
      : document_(document), library_(library), kind_(kind) {}

  Routine routine() {
    Routine routine;
    const nlohmann::json& root = document_.value();
    if (!root.is_object()) {
      report("",
             fmt::format(fmt::runtime(tr("expected a routine object, found {}")), type_name(root)));
      return routine;
    }
    check_fields(root, "", routine_fields);
    if (const Field schema = required(root, "", "schema"); schema.value != nullptr) {
      if (!schema.value->is_number_integer() ||
          schema.value->get<std::int64_t>() != limits::schema_version) {
        report(schema.pointer,
               fmt::format(
                   fmt::runtime(tr("unsupported schema {0}; this version of stretch reads {1}")),
                   quote_untrusted(schema.value->dump()), limits::schema_version));
      }
    }
    // A fitted session's name, title and notice gather those of the areas
    // and routines its stretches come from.
    const auto most = [&](std::size_t width) {
      return kind_ == RoutineKind::fitted ? std::numeric_limits<std::size_t>::max() : width;
    };
    routine.name = name_text(required(root, "", "name"), most(limits::name), tr("a routine name"));
    routine.title = text(required(root, "", "title"), most(limits::title));
    routine.description = text(optional(root, "", "description"), limits::description);
    routine.safety = text(required(root, "", "safety"), most(limits::safety));
    routine.stretches = stretches(root);
    for_each_language(optional(root, "", "translations"), [&](const std::string& language,
                                                              const nlohmann::json& texts,
                                                              const std::string& pointer) {
      check_fields(texts, pointer, routine_translation_fields);
      RoutineTranslation& translation = routine.translations[language];
      translation.title = translated_text(texts, pointer, "title", limits::title);
      translation.description = translated_text(texts, pointer, "description", limits::description);
      translation.safety = translated_text(texts, pointer, "safety", limits::safety);
    });
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
  StretchLibrary* library_;
  RoutineKind kind_;
  std::vector<Diagnostic> diagnostics_;

  void report(const std::string& pointer, std::string message) {
    if (diagnostics_.size() == max_diagnostics) {
      throw EnoughProblems{};
    }
    diagnostics_.push_back({{}, document_.offset_of(pointer), pointer, std::move(message)});
  }

  void check_fields(const nlohmann::json& object, const std::string& pointer,
                    const std::vector<std::string>& known) {
    for (const auto& [key, value] : object.items()) {
      if (key == "$comment") {
        expect_string({&value, child_pointer(pointer, key)});
      } else if (std::find(known.begin(), known.end(), key) == known.end()) {
        report(child_pointer(pointer, key),
               fmt::format(fmt::runtime(tr("unknown field \"{}\"")), quote_untrusted(key)) +
                   did_you_mean(key, known,
                                fmt::format(fmt::runtime(tr("expected one of: {}")),
                                            fmt::join(known, ", "))));
      }
    }
  }

  static Field optional(const nlohmann::json& object, const std::string& pointer,
                        const std::string& key) {
    const auto found = object.find(key);
    return {found == object.end() ? nullptr : &*found, child_pointer(pointer, key)};
  }

  Field required(const nlohmann::json& object, const std::string& pointer, const std::string& key) {
    Field field = optional(object, pointer, key);
    if (field.value == nullptr) {
      report(pointer, fmt::format(fmt::runtime(tr("missing required field \"{}\"")), key));
    }
    return field;
  }

  const std::string* expect_string(const Field& field) {
    if (field.value == nullptr) {
      return nullptr;
    }
    if (!field.value->is_string()) {
      report(field.pointer,
             fmt::format(fmt::runtime(tr("expected a string, found {}")), type_name(*field.value)));
      return nullptr;
    }
    return &field.value->get_ref<const std::string&>();
  }

  // Empty when absent or wrong.
  std::string text(const Field& field, std::size_t max_width, bool blank = false) {
    const std::string* value = expect_string(field);
    if (value == nullptr) {
      return {};
    }
    if (std::optional<std::string> problem = text_problem(*value, max_width, blank)) {
      report(field.pointer, std::move(*problem));
      return {};
    }
    return *value;
  }

  // A routine name or a stretch id: text of a-z, 0-9 and -, as long as
  // max_width allows.
  std::string name_text(const Field& field, std::size_t max_width, std::string_view what) {
    std::string name = text(field, max_width);
    const bool named = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!named) {
      report(field.pointer, fmt::format(fmt::runtime(tr("\"{0}\" is not {1}: use a-z, 0-9 and -")),
                                        quote_untrusted(name), what));
      return {};
    }
    return name;
  }

  // absent: fallback; wrong: reported, and 0.
  Millis seconds_or(const Field& field, limits::Seconds range, Millis fallback) {
    return field.value == nullptr ? fallback : seconds(field, range).value_or(0);
  }

  std::optional<Millis> seconds(const Field& field, limits::Seconds range) {
    if (field.value == nullptr) {
      return std::nullopt;
    }
    if (!field.value->is_number()) {
      report(field.pointer, fmt::format(fmt::runtime(tr("expected a number of seconds, found {}")),
                                        type_name(*field.value)));
      return std::nullopt;
    }
    const double value = field.value->get<double>();
    if (!(value >= range.min && value <= range.max)) {
      report(field.pointer,
             fmt::format(fmt::runtime(tr("must be from {0} to {1} seconds, found {2}")), range.min,
                         range.max, field.value->dump()));
      return std::nullopt;
    }
    return static_cast<Millis>(std::llround(value * 1000.0));
  }

  // Calls each(item, pointer) for every item of an array of 1 to max_items.
  template <class Each>
  void for_each_item(const Field& field, std::size_t max_items, Each&& each) {
    if (field.value == nullptr) {
      return;
    }
    const nlohmann::json& array = *field.value;
    if (!array.is_array()) {
      report(field.pointer,
             fmt::format(fmt::runtime(tr("expected an array, found {}")), type_name(array)));
    } else if (array.empty()) {
      report(field.pointer, tr("must not be empty"));
    } else if (array.size() > max_items) {
      report(field.pointer,
             fmt::format(fmt::runtime(trn("has {0} item; at most {1} are allowed",
                                          "has {0} items; at most {1} are allowed", array.size())),
                         array.size(), max_items));
    } else {
      for (std::size_t i = 0; i < array.size(); ++i) {
        each(array[i], child_pointer(field.pointer, i));
      }
    }
  }

  std::vector<Stretch> stretches(const nlohmann::json& root) {
    std::vector<Stretch> result;
    std::map<std::string, std::string> id_pointers;
    for_each_item(required(root, "", "stretches"), limits::stretches,
                  [&](const nlohmann::json& item, const std::string& pointer) {
                    if (!item.is_object()) {
                      report(pointer,
                             fmt::format(fmt::runtime(tr("expected a stretch object, found {}")),
                                         type_name(item)));
                      return;
                    }
                    Stretch stretch = one_stretch(item, pointer);
                    const auto [previous, inserted] =
                        id_pointers.emplace(stretch.id, child_pointer(pointer, "id"));
                    if (!stretch.id.empty() && !inserted) {
                      report(child_pointer(pointer, "id"),
                             fmt::format(fmt::runtime(tr("duplicate id \"{0}\" (also at {1})")),
                                         stretch.id, previous->second));
                    }
                    result.push_back(std::move(stretch));
                  });
    Millis total = 0;
    for (const Stretch& stretch : result) {
      total += stretch_length(stretch);
    }
    if (total > limits::routine_length) {
      report("/stretches",
             fmt::format(fmt::runtime(tr("the routine lasts {0}; at most {1} is allowed")),
                         format_duration(total), format_duration(limits::routine_length)));
    }
    return result;
  }

  Stretch one_stretch(const nlohmann::json& item, const std::string& pointer) {
    if (item.contains("use")) {
      return used_stretch(item, pointer);
    }
    Stretch stretch;
    check_fields(item, pointer, stretch_fields);
    stretch.id = name_text(required(item, pointer, "id"), limits::id, tr("an id"));
    stretch.title = text(required(item, pointer, "title"), limits::title);
    for_each_item(
        required(item, pointer, "instructions"), limits::instructions,
        [&](const nlohmann::json& step, const std::string& step_pointer) {
          if (std::string line = text({&step, step_pointer}, limits::instruction); !line.empty()) {
            stretch.instructions.push_back(std::move(line));
          }
        });
    stretch.setup =
        seconds_or(optional(item, pointer, "setup"), limits::setup, limits::default_setup);
    stretch.flow = seconds(required(item, pointer, "flow"), limits::flow).value_or(0);
    stretch.rest = seconds_or(optional(item, pointer, "rest"), limits::rest, limits::default_rest);
    stretch.rounds = rounds(optional(item, pointer, "rounds"));
    if (const Field sides = optional(item, pointer, "sides"); sides.value != nullptr) {
      if (sides.value->is_boolean()) {
        stretch.sides = sides.value->get<bool>();
      } else {
        report(sides.pointer, fmt::format(fmt::runtime(tr("expected true or false, found {}")),
                                          type_name(*sides.value)));
      }
    }
    const Field switch_field = optional(item, pointer, "switch");
    stretch.switch_sides = seconds_or(switch_field, limits::switch_sides, limits::default_switch);
    if (switch_field.value != nullptr && !stretch.sides) {
      report(switch_field.pointer, tr("only a stretch with \"sides\": true switches sides"));
    }
    stretch.halfway = text(optional(item, pointer, "halfway"), limits::cue_text);
    stretch.areas = areas(optional(item, pointer, "areas"));
    stretch.position = position(optional(item, pointer, "position"));
    stretch.caution = text(optional(item, pointer, "caution"), limits::caution);
    for_each_item(
        required(item, pointer, "cues"), limits::cues,
        [&](const nlohmann::json& cue, const std::string& cue_pointer) {
          if (!cue.is_object()) {
            report(cue_pointer, fmt::format(fmt::runtime(tr("expected a cue object, found {}")),
                                            type_name(cue)));
            return;
          }
          check_fields(cue, cue_pointer, cue_fields);
          std::string cue_text = text(required(cue, cue_pointer, "text"), limits::cue_text);
          const auto duration = seconds(required(cue, cue_pointer, "seconds"), limits::cue);
          std::vector<std::string> art = drawing(optional(cue, cue_pointer, "art"));
          if (!cue_text.empty() && duration) {
            stretch.cues.push_back({std::move(cue_text), *duration, std::move(art)});
          }
        });
    stretch_translations(item, pointer, stretch);
    return stretch;
  }

  // A language code: "de", "es", "pt_BR".
  static bool is_language_code(std::string_view code) {
    const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    return (code.size() == 2 || code.size() == 3 || code.size() == 5) && lower(code[0]) &&
           lower(code[1]) && (code.size() != 3 || lower(code[2])) &&
           (code.size() != 5 || (code[2] == '_' && upper(code[3]) && upper(code[4])));
  }

  // "translations": {"de": {...}, "es": {...}}
  template <class Each>
  void for_each_language(const Field& field, Each&& each) {
    if (field.value == nullptr) {
      return;
    }
    if (!field.value->is_object()) {
      report(field.pointer,
             fmt::format("expected an object of languages, found {}", type_name(*field.value)));
      return;
    }
    for (const auto& [language, texts] : field.value->items()) {
      const std::string pointer = child_pointer(field.pointer, language);
      if (!is_language_code(language)) {
        report(pointer,
               fmt::format(fmt::runtime(tr("\"{}\" is not a language code like de, es or pt_BR")),
                           quote_untrusted(language)));
      } else if (!texts.is_object()) {
        report(pointer, fmt::format(fmt::runtime(tr("expected an object of texts, found {}")),
                                    type_name(texts)));
      } else {
        each(language, texts, pointer);
      }
    }
  }

  // A translated text, checked as the original is; empty when left out.
  std::optional<std::string> translated_text(const nlohmann::json& texts,
                                             const std::string& pointer, const std::string& key,
                                             std::size_t max_width) {
    const Field field = optional(texts, pointer, key);
    if (field.value == nullptr) {
      return std::nullopt;
    }
    return text(field, max_width);
  }

  // A translated list: one text for each of the originals.
  std::optional<std::vector<std::string>> translated_list(const Field& field, std::size_t count,
                                                          std::size_t max_width) {
    std::vector<std::string> texts;
    if (field.value == nullptr) {
      return std::nullopt;
    }
    for_each_item(field, limits::instructions + limits::cues,
                  [&](const nlohmann::json& item, const std::string& item_pointer) {
                    texts.push_back(text({&item, item_pointer}, max_width));
                  });
    if (field.value->is_array() && field.value->size() != count) {
      report(field.pointer,
             fmt::format(fmt::runtime(trn("has {0} text; the original has {1}, one for each",
                                          "has {0} texts; the original has {1}, one for each",
                                          field.value->size())),
                         field.value->size(), count));
      return std::nullopt;
    }
    return texts;
  }

  void stretch_translations(const nlohmann::json& item, const std::string& pointer,
                            Stretch& stretch) {
    for_each_language(
        optional(item, pointer, "translations"),
        [&](const std::string& language, const nlohmann::json& texts,
            const std::string& texts_pointer) {
          check_fields(texts, texts_pointer, stretch_translation_fields);
          StretchTranslation& translation = stretch.translations[language];
          translation.title = translated_text(texts, texts_pointer, "title", limits::title);
          translation.halfway = translated_text(texts, texts_pointer, "halfway", limits::cue_text);
          if (translation.halfway && stretch.halfway.empty()) {
            report(child_pointer(texts_pointer, "halfway"),
                   tr("the stretch has no halfway cue to translate"));
          }
          translation.caution = translated_text(texts, texts_pointer, "caution", limits::caution);
          if (translation.caution && stretch.caution.empty()) {
            report(child_pointer(texts_pointer, "caution"),
                   tr("the stretch has no caution to translate"));
          }
          translation.instructions =
              translated_list(optional(texts, texts_pointer, "instructions"),
                              stretch.instructions.size(), limits::instruction);
          translation.cues = translated_list(optional(texts, texts_pointer, "cues"),
                                             stretch.cues.size(), limits::cue_text);
        });
  }

  // {"use": "routine/id", ...timings}: the stretch as that routine has it,
  // with the timings given here instead.
  Stretch used_stretch(const nlohmann::json& item, const std::string& pointer) {
    check_fields(item, pointer, reference_fields);
    const Field use = required(item, pointer, "use");
    const std::string reference = text(use, limits::name + 1 + limits::id);
    const std::size_t slash = std::min(reference.find('/'), reference.size());
    const std::string routine = reference.substr(0, slash);
    const std::string id = reference.substr(std::min(slash + 1, reference.size()));
    if (!reference.empty() && (!is_routine_name(routine) || !is_routine_name(id))) {
      report(use.pointer,
             fmt::format(
                 fmt::runtime(tr("\"{}\" is not a reference like \"lower-back/hand-heel-rock\"")),
                 quote_untrusted(reference)));
    }
    if (reference.empty() || !is_routine_name(routine) || !is_routine_name(id)) {
      return {};
    }
    if (library_ == nullptr) {
      report(use.pointer, tr("a stretch used from another routine needs the routine library"));
      return {};
    }
    std::variant<Stretch, std::string> found = library_->find_stretch(routine, id);
    if (const auto* problem = std::get_if<std::string>(&found)) {
      report(use.pointer, *problem);
      return {};
    }
    Stretch stretch = std::get<Stretch>(std::move(found));
    if (stretch.source.empty()) {
      stretch.source = reference;
    }
    const auto timing = [&](const char* key, limits::Seconds range, Millis own) {
      return seconds_or(optional(item, pointer, key), range, own);
    };
    stretch.setup = timing("setup", limits::setup, stretch.setup);
    stretch.flow = timing("flow", limits::flow, stretch.flow);
    stretch.rest = timing("rest", limits::rest, stretch.rest);
    stretch.switch_sides = timing("switch", limits::switch_sides, stretch.switch_sides);
    if (item.contains("rounds")) {
      stretch.rounds = rounds(optional(item, pointer, "rounds"));
    }
    return stretch;
  }

  // Known body areas, each once.
  std::vector<std::string> areas(const Field& field) {
    std::vector<std::string> result;
    for_each_item(field, body_areas.size(), [&](const nlohmann::json& area, const std::string& at) {
      const std::string* name = expect_string({&area, at});
      if (name == nullptr) {
        return;
      }
      if (std::optional<std::string> problem = unknown_area(*name)) {
        report(at, std::move(*problem));
      } else if (std::find(result.begin(), result.end(), *name) != result.end()) {
        report(at, fmt::format(fmt::runtime(tr("\"{}\" is named twice")), *name));
      } else {
        result.push_back(*name);
      }
    });
    return result;
  }

  // One of position_words, or nothing when the file gives none.
  std::optional<Position> position(const Field& field) {
    const std::string* word = expect_string(field);
    if (word == nullptr) {
      return std::nullopt;
    }
    if (const std::optional<Position> known = position_words.value(*word)) {
      return known;
    }
    const auto words = position_words.words();
    const std::vector<std::string> names(words.begin(), words.end());
    report(field.pointer,
           fmt::format(fmt::runtime(tr("unknown position \"{}\"")), quote_untrusted(*word)) +
               did_you_mean(
                   *word, names,
                   fmt::format(fmt::runtime(tr("expected one of: {}")), fmt::join(names, ", "))));
    return std::nullopt;
  }

  int rounds(const Field& field) {
    if (field.value == nullptr) {
      return 1;
    }
    const nlohmann::json& value = *field.value;
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1 ||
        value.get<std::int64_t>() > limits::rounds) {
      report(field.pointer,
             fmt::format(
                 fmt::runtime(tr("expected a whole number of rounds from 1 to {0}, found {1}")),
                 limits::rounds, quote_untrusted(value.dump())));
      return 1;
    }
    return value.get<int>();
  }

  // A drawing: lines may be blank, but are held to the same rules as any
  // other text that reaches the terminal; one bad line drops the drawing.
  std::vector<std::string> drawing(const Field& field) {
    std::vector<std::string> art;
    bool bad = false;
    for_each_item(field, limits::art_lines,
                  [&](const nlohmann::json& line, const std::string& line_pointer) {
                    const std::size_t reported = diagnostics_.size();
                    std::string row = text({&line, line_pointer}, limits::art_width, true);
                    bad = bad || diagnostics_.size() > reported;
                    art.push_back(std::move(row));
                  });
    return bad ? std::vector<std::string>{} : art;
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

std::string join_diagnostics(std::string_view source, const std::vector<Diagnostic>& diagnostics,
                             bool stopped) {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (!text.empty()) {
      text += '\n';
    }
    text += format_diagnostic(source, diagnostic);
  }
  if (stopped) {
    text += '\n';
    text += fmt::format(fmt::runtime(trn("{0}: stopped after {1} problem",
                                         "{0}: stopped after {1} problems", diagnostics.size())),
                        quote_untrusted(source), diagnostics.size());
  }
  return text;
}

// A routine file over the size limit, reported at its start.
RoutineError too_large(const std::string& source, std::uintmax_t bytes) {
  return RoutineError(
      source, {{{1, 1},
                0,
                "",
                fmt::format(fmt::runtime(trn(
                                "file is {0} byte; a routine may be at most {1} bytes",
                                "file is {0} bytes; a routine may be at most {1} bytes", bytes)),
                            bytes, limits::file_bytes)}});
}

}  // namespace

RoutineError::RoutineError(std::string source, std::vector<Diagnostic> diagnostics, bool stopped)
    : Error(ExitCode::data, join_diagnostics(source, diagnostics, stopped)),
      source_(std::move(source)),
      diagnostics_(std::move(diagnostics)) {}

Routine parse_routine(std::string_view text, const std::string& source, StretchLibrary* library,
                      RoutineKind kind) {
  if (text.size() > limits::file_bytes) {
    throw too_large(source, text.size());
  }
  JsonDocument document;
  try {
    document = read_json(text, checked_positions);
  } catch (const JsonSyntaxError& error) {
    throw RoutineError(source, {{error.where(), 0, "", error.what()}});
  }
  Validator validator(document, library, kind);
  Routine routine;
  try {
    routine = validator.routine();
  } catch (const EnoughProblems&) {
    throw RoutineError(source, std::move(validator).diagnostics(text), true);
  }
  std::vector<Diagnostic> diagnostics = std::move(validator).diagnostics(text);
  if (!diagnostics.empty()) {
    throw RoutineError(source, std::move(diagnostics));
  }
  return routine;
}

std::string routine_file_text(const Routine& routine) {
  const auto seconds = [](Millis value) { return static_cast<double>(value) / 1000.0; };
  nlohmann::ordered_json file;
  file["schema"] = limits::schema_version;
  file["name"] = routine.name;
  file["title"] = routine.title;
  if (!routine.description.empty()) {
    file["description"] = routine.description;
  }
  file["safety"] = routine.safety;
  file["stretches"] = nlohmann::ordered_json::array();
  for (const Stretch& stretch : routine.stretches) {
    nlohmann::ordered_json item;
    item["id"] = stretch.id;
    item["title"] = stretch.title;
    if (!stretch.areas.empty()) {
      item["areas"] = stretch.areas;
    }
    if (stretch.position) {
      item["position"] = position_words.word(*stretch.position);
    }
    if (!stretch.caution.empty()) {
      item["caution"] = stretch.caution;
    }
    item["instructions"] = stretch.instructions;
    item["setup"] = seconds(stretch.setup);
    item["flow"] = seconds(stretch.flow);
    item["cues"] = nlohmann::ordered_json::array();
    for (const Cue& cue : stretch.cues) {
      nlohmann::ordered_json shown{{"text", cue.text}, {"seconds", seconds(cue.duration)}};
      if (!cue.art.empty()) {
        shown["art"] = cue.art;
      }
      item["cues"].push_back(std::move(shown));
    }
    item["rest"] = seconds(stretch.rest);
    item["rounds"] = stretch.rounds;
    if (stretch.sides) {
      item["sides"] = true;
      item["switch"] = seconds(stretch.switch_sides);
    }
    if (!stretch.halfway.empty()) {
      item["halfway"] = stretch.halfway;
    }
    file["stretches"].push_back(std::move(item));
  }
  return file.dump(2) + "\n";
}

Routine load_routine_file(const std::filesystem::path& path, StretchLibrary* library,
                          RoutineKind kind) {
  const std::string name = path.string();
  const std::string shown = quote_untrusted(name);
  FileText read = read_small_file(path, limits::file_bytes);
  switch (read.status) {
    case FileText::Status::missing:
      throw Error(ExitCode::no_input, fmt::format(fmt::runtime(tr("{}: no such file")), shown));
    case FileText::Status::failed:
      throw Error(ExitCode::io,
                  fmt::format(fmt::runtime(tr("{0}: cannot read: {1}")), shown, read.problem));
    case FileText::Status::directory:
      throw Error(ExitCode::no_input,
                  fmt::format(fmt::runtime(tr("{}: is a directory, not a routine file")), shown));
    case FileText::Status::not_regular:
      throw Error(ExitCode::no_input,
                  fmt::format(fmt::runtime(tr("{}: is not a regular file")), shown));
    case FileText::Status::read:
      break;
  }
  if (read.text.size() > limits::file_bytes) {
    throw too_large(name, std::max<std::uintmax_t>(read.size, read.text.size()));
  }
  const std::string& text = read.text;
  return parse_routine(text, name, library, kind);
}

}  // namespace stretch
