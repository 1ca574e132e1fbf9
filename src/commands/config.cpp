#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "stretch/commands/reminder_actions.hpp"
#include "stretch/commands/subcommands.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/remind/alert.hpp"

namespace stretch {

void add_config_command(CommandLine& cli) {
  auto options = std::make_shared<ConfigOptions>();
  CLI::App* command =
      cli.add("config", tr("Show every setting in effect and where it came from"),
              [options](Context& context) { return run_config(*options, context); });
  command->add_flag("--path", options->path, tr("Print only the config file's path"));
  add_format_option(*command, options->format);
  command->footer(
      tr("Settings come from, lowest first: the defaults, the config file "
         "($XDG_CONFIG_HOME/stretch/config.toml, or STRETCH_CONFIG), the environment, and the "
         "command line. `stretch new --config` writes a starter file. Last, the alerts a "
         "reminder started here would reach you by now (remind.alert), and why not the others."));
}

int run_config(const ConfigOptions& options, Context& context) {
  const std::optional<std::filesystem::path> file = config_file(context.environment);
  if (options.path) {
    if (!file) {
      throw Error(ExitCode::usage,
                  tr("neither XDG_CONFIG_HOME nor HOME is set to an absolute path"));
    }
    context.out.write(quote_untrusted(file->string()) + "\n");
    return 0;
  }
  const Settings settings = context.settings();
  // How a reminder started here would reach you now.
  const AlertChoice choice =
      parse_alert_choice(settings.text("remind.alert")).value_or(AlertChoice{});
  AlertParts parts = open_alert_parts(choice, context, context.in_is_terminal, false,
                                      settings.text("remind.tmux_socket"));
  Alerts alerts(choice, parts, context.err);
  const std::vector<AlertState> states = alerts.states();
  if (options.format != OutputFormat::json) {
    context.out.write(format_settings(settings) + "\n" + describe_alerts(states));
    return 0;
  }
  nlohmann::ordered_json json;
  for (const SettingSpec& spec : setting_specs()) {
    const Setting& setting = settings.setting(spec.key());
    nlohmann::ordered_json value = setting.value;
    if (spec.type == SettingType::boolean) {
      value = settings.boolean(spec.key());
    }
    json[spec.key()] = {{"value", value}, {"source", setting.source}};
  }
  json["remind.alert"]["now"] = alerts_json(states);
  context.out.write(json.dump(2) + "\n");
  return 0;
}

}  // namespace stretch
