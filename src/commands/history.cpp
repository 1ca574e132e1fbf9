#include <fmt/format.h>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/sinks/history.hpp"
#include "stretch/sinks/history_export.hpp"

namespace stretch {

void add_history_command(CommandLine& cli) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* command =
      cli.add("history", tr("List past sessions, the latest last"),
              [options](Context& context) { return run_history(*options, context); });
  add_choice_option(*command, "--format", options->format,
                    {{"auto", HistoryFormat::automatic},
                     {"text", HistoryFormat::text},
                     {"json", HistoryFormat::json},
                     {"csv", HistoryFormat::csv},
                     {"ics", HistoryFormat::ics}},
                    tr("auto and text: a table; json: the records as JSON lines; csv: a "
                       "spreadsheet; ics: a calendar, one event per session"));
  command
      ->add_option("-n,--last", options->last,
                   tr("How many sessions to list (default: 20 in the table, all in an export)"))
      ->check(whole_number_between(1, 1'000'000))
      ->option_text("N")
      ->type_name("N");
  add_date_range_options(*command, options->range);
}

int run_history(const HistoryOptions& options, Context& context) {
  std::vector<HistoryRecord> records = records_in(options.range, context);
  const bool machines = several_machines(records);
  const bool table =
      options.format == HistoryFormat::automatic || options.format == HistoryFormat::text;
  const std::size_t last = static_cast<std::size_t>(options.last.value_or(table ? 20 : 0));
  if (last > 0 && records.size() > last) {
    records.erase(records.begin(), records.end() - static_cast<std::ptrdiff_t>(last));
  }
  Output& out = context.out;
  if (options.format == HistoryFormat::json) {
    std::string lines;
    for (const HistoryRecord& record : records) {
      lines += format_history_line(record);
    }
    out.write(lines);
  } else if (options.format == HistoryFormat::csv) {
    out.write(format_history_csv(records));
  } else if (options.format == HistoryFormat::ics) {
    out.write(format_history_ics(records));
  } else if (records.empty()) {
    out.write(std::string(tr("No sessions yet. `stretch start lower-back` makes the first.")) +
              "\n");
  } else {
    out.write(format_history_table(records, machines));
  }
  return 0;
}

}  // namespace stretch
