// The options several commands share, and the validators that give their
// errors in plain words.
#include <charconv>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/routine/fit.hpp"
#include "stretch/routine/loader.hpp"
#include "stretch/sinks/history.hpp"
#include "stretch/sinks/history_files.hpp"
#include "stretch/sinks/history_stats.hpp"
#include "stretch/sinks/view.hpp"

namespace stretch {

CLI::App* CommandLine::add(const std::string& name, const std::string& description,
                           std::function<int(Context&)> run) {
  CLI::App* command = app.add_subcommand(name, description);
  command->footer("");  // not the top level's
  command->callback([this, run = std::move(run)] { exit_code = run(context); });
  return command;
}

namespace {

std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

CLI::Validator between(double min, double max) {
  return {[min, max](const std::string& text) -> std::string {
            const std::optional<double> value = parse_number(text);
            if (!value) {
              return fmt::format(fmt::runtime(tr("\"{}\" is not a number")), quote_untrusted(text));
            }
            if (*value < min || *value > max) {
              return fmt::format(fmt::runtime(tr("{0} is not between {1} and {2}")), text, min,
                                 max);
            }
            return {};
          },
          ""};
}

CLI::Validator whole_number_between(long min, long max) {
  return {[min, max](const std::string& text) -> std::string {
            const std::optional<double> value = parse_number(text);
            if (!value) {
              return fmt::format(fmt::runtime(tr("\"{}\" is not a number")), quote_untrusted(text));
            }
            if (*value != std::floor(*value)) {
              return fmt::format(fmt::runtime(tr("{} is not a whole number")), text);
            }
            if (*value < static_cast<double>(min) || *value > static_cast<double>(max)) {
              return fmt::format(fmt::runtime(tr("{0} is not between {1} and {2}")), text, min,
                                 max);
            }
            return {};
          },
          ""};
}

CLI::Validator one_of(std::vector<std::string> words) {
  return {[words = std::move(words)](const std::string& text) -> std::string {
            if (std::find(words.begin(), words.end(), text) != words.end()) {
              return {};
            }
            return fmt::format(fmt::runtime(tr("\"{0}\" is not one of {1}")), quote_untrusted(text),
                               fmt::join(words, ", "));
          },
          ""};
}

void add_setting_flags(CLI::App& command, std::string_view section, std::vector<FlagValue>& flags) {
  for (const SettingSpec& spec : setting_specs()) {
    if (spec.section != section || spec.flag.empty()) {
      continue;
    }
    const std::string key = spec.key();
    const std::string on(spec.flag);
    if (spec.type == SettingType::boolean) {
      const std::string off(spec.off_flag);
      command.add_flag_function(
          fmt::format("{},!{}", on, off),
          [&flags, key, on, off](std::int64_t count) {
            flags.push_back({key, count > 0 ? "true" : "false", count > 0 ? on : off});
          },
          describe_setting(spec));
      continue;
    }
    const std::string shown(spec.type == SettingType::choice ? spec.choices
                                                             : tr(spec.placeholder.data()));
    command
        .add_option_function<std::string>(
            on,
            [&flags, key, on](const std::string& value) {
              flags.push_back({key, value, on});
            },
            describe_setting(spec))
        ->check(CLI::Validator(
            [&spec](const std::string& text) { return check_setting(spec, text).problem; }, ""))
        ->option_text(shown)
        ->type_name(shown);
  }
}

void add_format_option(CLI::App& command, OutputFormat& format) {
  add_choice_option(command, "--format", format,
                    {{"auto", OutputFormat::automatic},
                     {"text", OutputFormat::text},
                     {"json", OutputFormat::json}},
                    tr("auto (the default): for people on a terminal, text lines otherwise"));
}

void add_override_options(CLI::App& command, OverrideOptions& overrides) {
  // TRANSLATORS: a placeholder in --help for what an option takes, in capitals.
  const char* seconds_word = tr("SECONDS");
  const auto range = [&](limits::Seconds seconds) {
    return fmt::format("{} ({}-{})", seconds_word, seconds.min, seconds.max);
  };
  command
      .add_option("--flow", overrides.flow_seconds,
                  tr("Seconds of each round's flow, for every stretch"))
      ->check(between(limits::flow.min, limits::flow.max))
      ->option_text(range(limits::flow))
      ->type_name(seconds_word);
  command.add_option("--rest", overrides.rest_seconds, tr("Seconds of rest between rounds"))
      ->check(between(limits::rest.min, limits::rest.max))
      ->option_text(range(limits::rest))
      ->type_name(seconds_word);
  command.add_option("--rounds", overrides.rounds, tr("Rounds of each stretch"))
      ->check(whole_number_between(1, limits::rounds))
      ->option_text(fmt::format("N (1-{})", limits::rounds))
      ->type_name("N");
}

void add_fit_options(CLI::App& command, FitOptions& fit) {
  command
      .add_option("--minutes", fit.minutes,
                  tr("Instead of a routine, build a session from the library that fits this many "
                     "minutes"))
      ->check(between(1, 60))
      ->option_text("M (1-60)")
      ->type_name("M");
  command
      .add_option("--area", fit.areas,
                  tr("With --minutes: the areas to work, most important first (default: those "
                     "stretched least recently)"))
      // TRANSLATORS: a placeholder in --help: one or more body areas.
      ->option_text(tr("AREA[,AREA...]"))
      ->type_name(tr("AREAS"));
}

namespace {

// Every routine that loads, for a session built to fit the time.
std::vector<Routine> load_library(const SearchDirs& dirs) {
  std::vector<Routine> library;
  for (const RoutineEntry& entry : list_routines(dirs)) {
    try {
      library.push_back(load_entry(entry, dirs));
    } catch (const Error&) {
      // `stretch list` shows a broken routine; a fitted session does without it.
    }
  }
  return library;
}

// When each area was last worked by a session that went at least half its
// planned length, and each stretch last done, from the history.
Recency history_recency(const Context& context, const std::vector<Routine>& library) {
  Recency recency;
  // A session built to fit is no routine of the library: its areas are
  // those of the stretches it did.
  std::map<std::string, const std::vector<std::string>*> areas_by_stretch;
  for (const Routine& routine : library) {
    for (const Stretch& stretch : routine.stretches) {
      areas_by_stretch.emplace(stretch.id, &stretch.areas);
    }
  }
  const auto stretched = [&](const std::string& area, std::int64_t when) {
    recency.areas[area] = std::max(recency.areas[area], when);
  };
  for (const HistoryRecord& record : read_merged_history(history_store_of(context)).records) {
    for (const StretchRecord& stretch : record.stretch_records) {
      if (stretch.outcome == StretchOutcome::done) {
        std::int64_t& last = recency.stretches[stretch.id];
        last = std::max(last, record.start.epoch);
        if (const auto areas = areas_by_stretch.find(stretch.id); areas != areas_by_stretch.end()) {
          for (const std::string& area : *areas->second) {
            stretched(area, record.start.epoch);
          }
        }
      }
    }
    if (record.done * 2 < record.planned) {
      continue;
    }
    const auto routine = std::find_if(library.begin(), library.end(),
                                      [&](const Routine& r) { return r.name == record.routine; });
    for (const std::string& area : routine != library.end()
                                       ? routine_areas(*routine)
                                       : areas_of_fitted_name(record.routine)) {
      stretched(area, record.start.epoch);
    }
  }
  return recency;
}

std::optional<Millis> to_millis(std::optional<double> seconds) {
  if (!seconds) {
    return std::nullopt;
  }
  return static_cast<Millis>(std::llround(*seconds * 1000.0));
}

}  // namespace

HistoryStore history_store_of(const Context& context) {
  return history_store(context.settings(), context.paths(), context.environment, context.host_name);
}

FoundRoutine find_routine_for(const std::string& name_or_path, const OverrideOptions& overrides,
                              const Context& context) {
  // The session built to fit that start kept for resume is read as one.
  const std::optional<std::filesystem::path> fitted = context.paths().fitted_file();
  FoundRoutine found = fitted && name_or_path == fitted->string()
                           ? FoundRoutine{load_routine_file(*fitted, nullptr, RoutineKind::fitted),
                                          {fitted->stem().string(), Origin::file, *fitted}}
                           : find_routine(name_or_path, context.search_dirs());
  found.routine = in_user_language(std::move(found.routine), context.environment);
  apply_overrides(found.routine, Overrides{to_millis(overrides.flow_seconds),
                                           to_millis(overrides.rest_seconds), overrides.rounds});
  if (const Millis length = routine_length(found.routine); length > limits::routine_length) {
    throw Error(
        ExitCode::usage,
        fmt::format(fmt::runtime(tr(
                        "with these options the routine would last {0}; at most {1} is allowed")),
                    format_duration(length), format_duration(limits::routine_length)));
  }
  return found;
}

}  // namespace stretch

namespace stretch {

FoundRoutine routine_for(const std::string& name_or_path, const OverrideOptions& overrides,
                         const FitOptions& fit, const Context& context) {
  if (!fit.minutes) {
    if (!fit.areas.empty()) {
      throw Error(ExitCode::usage, tr("--area goes with --minutes: how long the session may take"));
    }
    if (name_or_path.empty()) {
      throw Error(ExitCode::usage,
                  tr("name a routine, or give --minutes to build a session from the library"));
    }
    return find_routine_for(name_or_path, overrides, context);
  }
  if (!name_or_path.empty()) {
    throw Error(ExitCode::usage, tr("give a routine or --minutes, not both"));
  }
  if (overrides.flow_seconds || overrides.rest_seconds || overrides.rounds) {
    throw Error(ExitCode::usage,
                tr("--flow, --rest and --rounds do not go with --minutes, which sets them to fit"));
  }
  std::vector<Routine> library = load_library(context.search_dirs());
  for (Routine& routine : library) {
    routine = in_user_language(std::move(routine), context.environment);
  }
  // The same session on any terminal: built for the smallest usual one.
  const FirstScreenFits first_screen_fits = [](const std::string& notice,
                                               const std::vector<std::string>& instructions) {
    return setup_text_fits(ScreenSize{80, 24}, notice, instructions);
  };
  const FitRequest request{fit.areas.empty() ? std::vector<std::string>{} : parse_areas(fit.areas),
                           static_cast<Millis>(std::llround(*fit.minutes * 60'000)),
                           first_screen_fits};
  FittedSession fitted = fit_session(library, history_recency(context, library), request);
  if (!fitted.shortfall.empty()) {
    write_warning(context.err, fitted.shortfall);
  }
  RoutineEntry entry{fitted.routine.name, Origin::fitted, {}, false};
  return {std::move(fitted.routine), std::move(entry)};
}

namespace {

std::optional<CalendarDate> parse_date(const std::string& text, std::string_view option) {
  if (text.empty()) {
    return std::nullopt;
  }
  CalendarDate date;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &date.year, &date.month, &date.day, &extra) != 3 ||
      date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) {
    throw Error(ExitCode::usage,
                fmt::format(fmt::runtime(tr("{0}: \"{1}\" is not a date like 2026-11-24")), option,
                            quote_untrusted(text)));
  }
  return date;
}

}  // namespace

History load_history_or_warn(Context& context) {
  History history = read_merged_history(history_store_of(context));
  for (const std::string& warning : history.warnings) {
    write_warning(context.err, warning);
  }
  return history;
}

// The sessions in the range asked for, and a warning for each line of the
// file that could not be read.
std::vector<HistoryRecord> records_in(const DateRangeOptions& range, Context& context) {
  const std::optional<CalendarDate> since = parse_date(range.since, "--since");
  const std::optional<CalendarDate> until = parse_date(range.until, "--until");
  if (since && until && *until < *since) {
    throw Error(ExitCode::usage, fmt::format(fmt::runtime(tr("--until {0} is before --since {1}")),
                                             range.until, range.since));
  }
  return records_between(load_history_or_warn(context).records, since, until);
}

void add_date_range_options(CLI::App& command, DateRangeOptions& range) {
  // TRANSLATORS: a placeholder in --help for a date: year, month, day.
  const char* date_word = tr("YYYY-MM-DD");
  command.add_option("--since", range.since, tr("Only sessions from this day on (local time)"))
      ->option_text(date_word)
      ->type_name(date_word);
  command.add_option("--until", range.until, tr("Only sessions up to this day, itself included"))
      ->option_text(date_word)
      ->type_name(date_word);
}

}  // namespace stretch
