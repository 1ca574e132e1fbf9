#include <filesystem>

#include <fmt/format.h>

#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

// The routine `new` writes: every feature of the format, each explained.
std::string starter_routine(const std::string& name) {
  return fmt::format(R"json({{
  "$comment": "A routine of your own. Change anything, check it with `stretch validate FILE`, run it with `stretch start {0}`. The format is described in docs/routines.md; every \"$comment\" field is ignored.",
  "schema": 1,
  "name": "{0}",
  "title": "My break",
  "description": "Two standing stretches for a short break from the desk.",
  "safety": "With severe pain or pain that spreads, after a recent injury or surgery, or during pregnancy, see a doctor or a physical therapist first. Stop if anything hurts, and move only within a comfortable range.",
  "stretches": [
    {{
      "$comment": "Each stretch: time to get into position while the instructions are shown (setup), then rounds of a flow with repeating cues, with a rest between rounds. The flow is a whole number of cue cycles (30 s of a 6 s cycle), so that no round ends mid-movement.",
      "id": "reach-up",
      "title": "Reach up",
      "position": "standing",
      "instructions": [
        "Stand with your feet under your hips.",
        "Lift both arms overhead and reach toward the ceiling, then let them float down."
      ],
      "setup": 10,
      "flow": 30,
      "cues": [
        {{ "text": "Reach up", "seconds": 3 }},
        {{ "text": "Arms down", "seconds": 3 }}
      ],
      "rest": 10,
      "rounds": 2
    }},
    {{
      "$comment": "A one-sided stretch: each round is done on the left side, then on the right. The left side is the side being stretched, so the text says which arm goes up. A caution is a warning for this stretch alone.",
      "id": "side-bend",
      "title": "Side bend",
      "position": "standing",
      "instructions": [
        "Stand tall and raise your left arm.",
        "Lean gently to the right, away from the raised arm, and come back up."
      ],
      "caution": "Lean only as far as is comfortable in the side bend, and never bounce.",
      "setup": 10,
      "flow": 24,
      "cues": [
        {{ "text": "Lean over", "seconds": 4 }},
        {{ "text": "Come back up", "seconds": 4 }}
      ],
      "sides": true,
      "switch": 5,
      "halfway": "Halfway: keep breathing",
      "rounds": 1
    }}
  ]
}}
)json",
                     name);
}

}  // namespace

void add_new_command(CommandLine& cli) {
  auto options = std::make_shared<NewOptions>();
  CLI::App* command =
      cli.add("new", tr("Write a starter routine to edit, in the user routine directory"),
              [options](Context& context) { return run_new(*options, context); });
  command
      ->add_option("name", options->name, tr("Name of the new routine (a-z, 0-9 and -)"))
      // TRANSLATORS: a placeholder in --help for a routine's name, in capitals.
      ->option_text(tr("NAME"));
  command->add_flag("--config", options->config,
                    tr("Write a starter config file instead, every setting commented out at its "
                       "default"));
}

namespace {

int write_starter_config(Context& context) {
  const std::optional<std::filesystem::path> file = config_file(context.environment);
  if (!file) {
    throw Error(ExitCode::usage, tr("neither XDG_CONFIG_HOME nor HOME is set to an absolute path"));
  }
  std::error_code error;
  std::filesystem::create_directories(file->parent_path(), error);
  create_file(*file, starter_config());
  context.out.write(
      fmt::format(fmt::runtime(tr("Wrote {}\nRemove the # before a setting to change it; "
                                  "`stretch config` shows what is in effect.")),
                  quote_untrusted(file->string())) +
      "\n");
  return 0;
}

}  // namespace

int run_new(const NewOptions& options, Context& context) {
  if (options.config) {
    if (!options.name.empty()) {
      throw Error(ExitCode::usage, tr("give a routine name or --config, not both"));
    }
    return write_starter_config(context);
  }
  if (options.name.empty()) {
    throw Error(ExitCode::usage, tr("name the routine to write, or give --config"));
  }
  if (!is_routine_name(options.name)) {
    throw Error(ExitCode::usage,
                fmt::format(fmt::runtime(tr("\"{}\" is not a routine name: use a-z, 0-9 and -")),
                            quote_untrusted(options.name)));
  }
  const std::optional<std::filesystem::path> dir = context.paths().user_routines();
  if (!dir) {
    throw Error(ExitCode::usage, tr("neither XDG_CONFIG_HOME nor HOME is set to an absolute path"));
  }
  std::error_code error;
  std::filesystem::create_directories(*dir, error);
  if (error) {
    throw Error(ExitCode::cannot_create,
                fmt::format(fmt::runtime(tr("cannot create {0}: {1}")),
                            quote_untrusted(dir->string()), error.message()));
  }
  const std::filesystem::path path = *dir / (options.name + ".json");
  create_file(path, starter_routine(options.name));
  context.out.write(
      fmt::format(fmt::runtime(tr("Wrote {0}\nEdit it, check it with `stretch validate {0}`, and "
                                  "run it with `stretch start {1}`.")),
                  quote_untrusted(path.string()), options.name) +
      "\n");
  return 0;
}

}  // namespace stretch
