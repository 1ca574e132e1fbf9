#include <algorithm>

#include "stretch/busy/sources.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/remind/notify.hpp"

namespace stretch {

BusySettings busy_settings(const Settings& settings, const Environment& environment) {
  BusySettings busy;
  busy.camera = settings.boolean("remind.camera");
  busy.microphone = settings.boolean("remind.microphone");
  busy.do_not_disturb = settings.boolean("remind.do_not_disturb");
  const std::optional<std::string_view> home = environment.non_empty("HOME");
  for (std::filesystem::path place : split_path_list(settings.text("remind.calendar"))) {
    const std::string text = place.string();
    if (home && text.starts_with("~/")) {
      place = std::filesystem::path(*home) / text.substr(2);
    }
    busy.calendar.push_back(std::move(place));
  }
  if (const std::string& command = settings.text("remind.busy_command"); !command.empty()) {
    busy.command = split_command(command, "remind.busy_command");
  }
  busy.command_timeout = settings.duration("hooks.timeout");
  return busy;
}

std::unique_ptr<AllBusySources> open_busy_sources(const BusySettings& settings,
                                                  const BusyPlace& place, Output& warnings) {
  std::vector<std::unique_ptr<BusySource>> sources;
  if (settings.camera && !place.proc_root.empty()) {
    sources.push_back(std::make_unique<CameraSource>(place.proc_root, place.user));
  }
  if (settings.microphone) {
    sources.push_back(std::make_unique<MicrophoneSource>(pulse_server(place.environment),
                                                         place.proc_root, place.self));
  }
  if (settings.do_not_disturb) {
    const std::string desktop(place.environment.non_empty("XDG_CURRENT_DESKTOP").value_or(""));
    const std::vector<std::string_view> desktops = split_at(desktop, ':');
    sources.push_back(std::make_unique<DoNotDisturbSource>(
        session_bus_address(place.environment).value_or(""),
        std::find(desktops.begin(), desktops.end(), "GNOME") != desktops.end()));
  }
  if (!settings.calendar.empty()) {
    sources.push_back(std::make_unique<CalendarSource>(settings.calendar, warnings));
  }
  if (!settings.command.empty()) {
    sources.push_back(std::make_unique<BusyCommandSource>(
        settings.command, settings.command_timeout, place.environment, warnings));
  }
  return std::make_unique<AllBusySources>(std::move(sources));
}

}  // namespace stretch
