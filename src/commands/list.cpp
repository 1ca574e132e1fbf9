#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "builtin_overviews.hpp"
#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/routine/routine.hpp"

namespace stretch {
namespace {

std::string source_of(const RoutineEntry& entry) {
  // TRANSLATORS: where a routine comes from, in list's SOURCE column.
  std::string source = entry.origin == Origin::builtin ? tr("built-in") : entry.file.string();
  if (entry.hides_another) {
    // TRANSLATORS: {} is where a routine comes from: "built-in" or its file.
    source = fmt::format(fmt::runtime(tr("{} (hides another of this name)")), source);
  }
  return quote_untrusted(source);
}

// Whether a routine of the user's stands in for a built-in one.
bool builtin_hidden(const std::vector<RoutineEntry>& entries) {
  return std::any_of(entries.begin(), entries.end(), [](const RoutineEntry& entry) {
    const std::span<const BuiltinOverview> builtins = builtin_overviews();
    return entry.origin != Origin::builtin &&
           std::any_of(builtins.begin(), builtins.end(),
                       [&](const BuiltinOverview& builtin) { return builtin.name == entry.name; });
  });
}

std::vector<RoutineSummary> summarise(const std::vector<RoutineEntry>& entries,
                                      const Context& context) {
  const SearchDirs dirs = context.search_dirs();
  const bool others_hidden = builtin_hidden(entries);
  std::vector<RoutineSummary> summaries;
  for (const RoutineEntry& entry : entries) {
    RoutineSummary summary{entry, std::nullopt, {}};
    if (entry.origin == Origin::builtin) {
      summary.overview = builtin_overview(entry.name, context.environment, others_hidden);
      if (summary.overview) {
        summaries.push_back(std::move(summary));
        continue;
      }
    }
    try {
      summary.overview =
          overview_of(in_user_language(load_entry(entry, dirs), context.environment));
    } catch (const RoutineError& error) {
      summary.problem = format_diagnostic(error.source(), error.diagnostics().front());
    } catch (const Error& error) {
      summary.problem = error.what();
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

std::string format_routine_json(const std::vector<RoutineSummary>& routines) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const RoutineSummary& summary : routines) {
    nlohmann::ordered_json item;
    item["name"] = summary.entry.name;
    if (summary.overview) {
      item["title"] = summary.overview->title;
      item["total"] = static_cast<double>(summary.overview->length) / 1000.0;
      item["stretches"] = summary.overview->stretches;
      item["areas"] = summary.overview->areas;
    } else {
      item["error"] = summary.problem;
    }
    item["origin"] = origin_name(summary.entry.origin);
    item["file"] = summary.entry.file.string();
    item["hides_another"] = summary.entry.hides_another;
    list.push_back(std::move(item));
  }
  return list.dump(2) + "\n";
}

}  // namespace

std::optional<RoutineOverview> builtin_overview(std::string_view name,
                                                const Environment& environment,
                                                bool others_hidden) {
  std::vector<const BuiltinOverview*> rows;
  std::vector<std::string> languages;
  for (const BuiltinOverview& row : builtin_overviews()) {
    if (row.name == name) {
      rows.push_back(&row);
      languages.emplace_back(row.language);
    }
  }
  if (rows.empty() || (others_hidden && rows.front()->uses_others)) {
    return std::nullopt;
  }
  const std::string language = choose_language(environment, languages).value_or("");
  const BuiltinOverview& row = **std::find_if(
      rows.begin(), rows.end(), [&](const auto* r) { return r->language == language; });
  return RoutineOverview{std::string(row.title), row.length, row.stretches, parse_areas(row.areas)};
}

std::string format_routine_table(const std::vector<RoutineSummary>& routines) {
  struct Row {
    std::string name, stretches, time, title, areas, source;
  };
  // The column headers, in capitals.
  Row header;
  // TRANSLATORS: a column header of `stretch list`, in capitals.
  header.name = tr("NAME");
  // TRANSLATORS: a column header of `stretch list`, in capitals; its column
  // is right-aligned and 9 characters wide.
  header.stretches = tr("STRETCHES");
  // TRANSLATORS: a column header of `stretch list`, in capitals; its column
  // is right-aligned and 5 characters wide.
  header.time = tr("TIME");
  // TRANSLATORS: a column header of `stretch list`, in capitals.
  header.title = tr("TITLE");
  // TRANSLATORS: a column header of `stretch list`, in capitals.
  header.areas = tr("AREAS");
  // TRANSLATORS: a column header of `stretch list`, in capitals.
  header.source = tr("SOURCE");
  std::vector<Row> rows{header};
  for (const RoutineSummary& summary : routines) {
    if (summary.overview) {
      rows.push_back({summary.entry.name, std::to_string(summary.overview->stretches),
                      format_duration(summary.overview->length), summary.overview->title,
                      fmt::format("{}", fmt::join(summary.overview->areas, ",")),
                      source_of(summary.entry)});
    } else {
      rows.push_back({summary.entry.name, "-", "-",
                      fmt::format(fmt::runtime(tr("(broken: {})")), summary.problem), "-",
                      source_of(summary.entry)});
    }
  }
  std::size_t name_width = 0;
  std::size_t title_width = 0;
  std::size_t areas_width = 0;
  for (const Row& row : rows) {
    name_width = std::max(name_width, display_width(row.name));
    title_width = std::max(title_width, display_width(row.title));
    areas_width = std::max(areas_width, display_width(row.areas));
  }
  std::string table;
  for (const Row& row : rows) {
    // fmt pads by the width of the text on a terminal, not its bytes.
    table += fmt::format("{:<{}}  {:>9}  {:>5}  {:<{}}  {:<{}}  {}\n", row.name, name_width,
                         row.stretches, row.time, row.title, title_width, row.areas, areas_width,
                         row.source);
  }
  return table;
}

void add_list_command(CommandLine& cli) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* command = cli.add("list", tr("Show the routines there are and where they are"),
                              [options](Context& context) { return run_list(*options, context); });
  add_format_option(*command, options->format);
  command
      ->add_option("--area", options->areas,
                   // TRANSLATORS: {} is the body areas, as written on the command line.
                   fmt::format(fmt::runtime(tr("Only routines that work one of these areas: {}")),
                               fmt::join(body_areas, ", ")))
      ->option_text(tr("AREA[,AREA...]"))
      ->type_name(tr("AREAS"));
  command->add_flag("--names", options->names_only,
                    tr("Print only the names, one per line; only --area loads the files"));
}

int run_list(const ListOptions& options, Context& context) {
  const std::vector<RoutineEntry> entries = list_routines(context.search_dirs());
  std::vector<RoutineSummary> routines;
  if (options.names_only && options.areas.empty()) {
    // Completion asks for the names at every tab: only --area needs the
    // files loaded.
    for (const RoutineEntry& entry : entries) {
      routines.push_back({entry, std::nullopt, {}});
    }
  } else {
    routines = summarise(entries, context);
  }
  if (!options.areas.empty()) {
    const std::vector<std::string> wanted = parse_areas(options.areas);
    std::erase_if(routines, [&](const RoutineSummary& summary) {
      if (!summary.overview) {
        return true;
      }
      const std::vector<std::string>& worked = summary.overview->areas;
      return std::none_of(wanted.begin(), wanted.end(), [&](const std::string& area) {
        return std::find(worked.begin(), worked.end(), area) != worked.end();
      });
    });
  }
  if (options.names_only) {
    std::string names;
    for (const RoutineSummary& summary : routines) {
      names += summary.entry.name + "\n";
    }
    context.out.write(names);
    return 0;
  }
  context.out.write(options.format == OutputFormat::json ? format_routine_json(routines)
                                                         : format_routine_table(routines));
  return 0;
}

}  // namespace stretch
