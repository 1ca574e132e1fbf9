#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

constexpr std::size_t text_width = 78;

void append_lines(std::string& out, const std::vector<std::string>& lines,
                  std::string_view first_indent, std::string_view indent) {
  bool first = true;
  for (const std::string& line : lines) {
    out += fmt::format("{}{}\n", first ? first_indent : indent, line);
    first = false;
  }
}

// Text with a hanging indent: the first line after first_indent, the rest
// after indent, each as wide as the page allows.
void append_wrapped(std::string& out, std::string_view text, std::string_view first_indent,
                    std::string_view indent) {
  append_lines(out, wrap_words(text, text_width - indent.size(), text_width - first_indent.size()),
               first_indent, indent);
}

// "Cat: lower back up (3s) · Cow: hips sink (3s)", wrapped between cues.
void append_cue_cycle(std::string& out, const Stretch& stretch) {
  std::vector<std::string> cues;
  for (const Cue& cue : stretch.cues) {
    cues.push_back(fmt::format("{} ({})", cue.text, format_seconds(cue.duration)));
  }
  constexpr std::string_view indent = "     ";
  out += fmt::format("   {}\n", tr("Cues, repeated through each round:"));
  append_lines(out, wrap_pieces(cues, " · ", text_width - indent.size()), indent, indent);
}

std::string phase_row(const PhaseStarted& phase, Millis at) {
  return fmt::format("     {}  {:>4}  {}\n", format_offset(at), format_seconds(phase.duration),
                     phase_label(phase));
}

std::string format_plan_json(const Routine& routine, const Timeline& timeline,
                             const RoutineEntry& from) {
  nlohmann::ordered_json json;
  json["name"] = routine.name;
  json["title"] = routine.title;
  json["description"] = routine.description;
  json["safety"] = routine.safety;
  json["origin"] = origin_name(from.origin);
  json["file"] = from.file.string();
  json["total"] = in_seconds(timeline.total);
  json["stretches"] = nlohmann::ordered_json::array();
  for (const Event& event : timeline.events) {
    if (const auto* stretch = std::get_if<StretchStarted>(&event.data)) {
      const Stretch& source = routine.stretches[static_cast<std::size_t>(stretch->number - 1)];
      nlohmann::ordered_json item;
      item["id"] = source.id;
      item["title"] = source.title;
      item["areas"] = source.areas;
      item["position"] = source.position
                             ? nlohmann::ordered_json(position_words.word(*source.position))
                             : nlohmann::ordered_json(nullptr);
      item["caution"] = source.caution;
      item["instructions"] = source.instructions;
      item["cues"] = nlohmann::ordered_json::array();
      for (const Cue& cue : source.cues) {
        item["cues"].push_back({{"text", cue.text}, {"duration", in_seconds(cue.duration)}});
      }
      item["phases"] = nlohmann::ordered_json::array();
      json["stretches"].push_back(std::move(item));
    } else if (const auto* phase = std::get_if<PhaseStarted>(&event.data)) {
      nlohmann::ordered_json row;
      row["phase"] = phase_name(phase->phase);
      row["round"] = phase->round;
      row["start"] = in_seconds(event.at);
      row["duration"] = in_seconds(phase->duration);
      row["side"] = side_name(phase->side);
      json["stretches"].back()["phases"].push_back(std::move(row));
    }
  }
  return json.dump(2) + "\n";
}

}  // namespace

std::string format_plan(const Routine& routine, const Timeline& timeline,
                        const RoutineEntry& from) {
  // TRANSLATORS: where a routine comes from, after its name in show's first line.
  const std::string origin = from.origin == Origin::builtin  ? tr("built-in")
                             : from.origin == Origin::fitted ? tr("fitted")
                                                             : quote_untrusted(from.file.string());
  std::string out = fmt::format("{} ({}, {})\n", routine.title, routine.name, origin);
  if (!routine.description.empty()) {
    append_wrapped(out, routine.description, "", "");
  }
  if (const std::vector<std::string> areas = routine_areas(routine); !areas.empty()) {
    out += fmt::format(fmt::runtime(tr("Areas: {}")), fmt::join(areas, ", ")) + "\n";
  }
  out += '\n';
  // Later lines line up under the text, after "Safety: " in any language.
  const std::string safety_indent(display_width(fmt::format(fmt::runtime(tr("Safety: {}")), "")),
                                  ' ');
  append_wrapped(out, fmt::format(fmt::runtime(tr("Safety: {}")), routine.safety), "",
                 safety_indent);
  bool cues_shown = false;
  for (const Event& event : timeline.events) {
    if (const auto* stretch = std::get_if<StretchStarted>(&event.data)) {
      cues_shown = false;
      const Stretch& source = routine.stretches[static_cast<std::size_t>(stretch->number - 1)];
      out += fmt::format("\n{}. {} ({})\n", stretch->number, stretch->title,
                         format_duration(stretch_length(source)));
      if (!source.areas.empty()) {
        out += "   " + fmt::format(fmt::runtime(tr("Areas: {}")), fmt::join(source.areas, ", ")) +
               "\n";
      }
    } else if (const auto* step = std::get_if<InstructionShown>(&event.data)) {
      append_wrapped(out, step->text, fmt::format("   {}. ", step->step), "      ");
    } else if (const auto* phase = std::get_if<PhaseStarted>(&event.data)) {
      if (!cues_shown) {
        const Stretch& source = routine.stretches[static_cast<std::size_t>(phase->stretch - 1)];
        append_cue_cycle(out, source);
        cues_shown = true;
      }
      out += phase_row(*phase, event.at);
    }
  }
  const auto count = static_cast<unsigned long>(timeline.stretches);
  out +=
      "\n" +
      fmt::format(fmt::runtime(trn("Total {0}: {1} stretch.", "Total {0}: {1} stretches.", count)),
                  format_duration(timeline.total), timeline.stretches) +
      "\n";
  return out;
}

void add_show_command(CommandLine& cli) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* command =
      cli.add("show", tr("Show a routine's whole plan: stretches, phases, durations"),
              [options](Context& context) { return run_show(*options, context); });
  command
      ->add_option("routine", options->routine, tr("A routine's name, or the path of a .json file"))
      // TRANSLATORS: a placeholder in --help for a routine, in capitals.
      ->option_text(tr("ROUTINE"));
  add_format_option(*command, options->format);
  add_override_options(*command, options->overrides);
  add_fit_options(*command, options->fit);
}

int run_show(const ShowOptions& options, Context& context) {
  const FoundRoutine found = routine_for(options.routine, options.overrides, options.fit, context);
  const Timeline timeline = plan(found.routine);
  context.out.write(options.format == OutputFormat::json
                        ? format_plan_json(found.routine, timeline, found.entry)
                        : format_plan(found.routine, timeline, found.entry));
  return 0;
}

}  // namespace stretch
