// The do-not-disturb busy source: the notification server's own say over
// the session bus, and GNOME's setting through GSettings.
#include <csignal>
#include <memory>

#include <pthread.h>

#include <gio/gio.h>

#include "stretch/busy/sources.hpp"
#include "stretch/platform/sd_bus.hpp"
#include "stretch/platform/shared_library.hpp"

namespace stretch {
namespace {
struct Gio {
  SharedLibrary library{"libgio-2.0.so.0"};
  STRETCH_LIBRARY_FUNCTION(g_main_context_iteration);
  STRETCH_LIBRARY_FUNCTION(g_object_unref);
  STRETCH_LIBRARY_FUNCTION(g_settings_get_boolean);
  STRETCH_LIBRARY_FUNCTION(g_settings_new);
  STRETCH_LIBRARY_FUNCTION(g_settings_schema_has_key);
  STRETCH_LIBRARY_FUNCTION(g_settings_schema_source_get_default);
  STRETCH_LIBRARY_FUNCTION(g_settings_schema_source_lookup);
  STRETCH_LIBRARY_FUNCTION(g_settings_schema_unref);
};

Gio& gio() {
  static Gio loaded;
  return loaded;
}

constexpr const char* notifications = "org.freedesktop.Notifications";
constexpr const char* notifications_path = "/org/freedesktop/Notifications";

bool true_property(sd_bus* bus, const char* interface, const char* property) {
  int value = 0;
  return bus_library().sd_bus_get_property_trivial(bus, notifications, notifications_path,
                                                   interface, property, nullptr, 'b',
                                                   &value) >= 0 &&
         value != 0;
}

template <class Object>
struct GObjectDeleter {
  void operator()(Object* object) const { gio().g_object_unref(object); }
};

std::optional<bool> read_show_banners() {
  if (!gio().library.complete()) {
    return std::nullopt;
  }
  constexpr const char* schema_id = "org.gnome.desktop.notifications";
  // GSettings aborts on a schema that is not installed: look it up first.
  GSettingsSchemaSource* installed = gio().g_settings_schema_source_get_default();
  GSettingsSchema* schema = installed != nullptr
                                ? gio().g_settings_schema_source_lookup(installed, schema_id, TRUE)
                                : nullptr;
  if (schema == nullptr) {
    return std::nullopt;
  }
  const bool has_key = gio().g_settings_schema_has_key(schema, "show-banners") != 0;
  gio().g_settings_schema_unref(schema);
  if (!has_key) {
    return std::nullopt;
  }
  // Changes to the settings since the last look arrive as events on the
  // main context, which nothing else runs here.
  while (gio().g_main_context_iteration(nullptr, FALSE) != 0) {
  }
  const std::unique_ptr<GSettings, GObjectDeleter<GSettings>> settings(
      gio().g_settings_new(schema_id));
  return gio().g_settings_get_boolean(settings.get(), "show-banners") == 0;
}

}  // namespace

std::optional<bool> gnome_banners_off() {
  // GIO may start threads of its own; signals stay with the thread that
  // handles them (the clock's).
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &previous);
  const std::optional<bool> off = read_show_banners();
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return off;
}

Busy DoNotDisturbSource::check(std::int64_t /*now*/) {
  Busy busy;
  if (!bus_.empty()) {
    // A connection for each look: a look comes only when a reminder is due.
    constexpr std::uint64_t timeout_usec = 1'000'000;
    if (const BusPointer bus = connect_bus(bus_, timeout_usec)) {
      // Inhibited: the notification spec's property, which KDE Plasma
      // sets; paused: dunst's own (dunstctl set-paused).
      if (true_property(bus.get(), notifications, "Inhibited") ||
          true_property(bus.get(), "org.dunstproject.cmd0", "paused")) {
        busy.add(BusyKind::do_not_disturb);
      }
    }
  }
  if (!busy.any() && gnome_ && gnome_banners_off().value_or(false)) {
    busy.add(BusyKind::do_not_disturb);
  }
  return busy;
}

}  // namespace stretch
