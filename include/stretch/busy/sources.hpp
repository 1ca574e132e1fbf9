#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "stretch/platform/config.hpp"
#include "stretch/platform/environment.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/time.hpp"
#include "stretch/remind/busy.hpp"

// The busy sources (stretch_busy), each behind the reminder's BusySource:
// the camera and the microphone in use, do-not-disturb, the calendar and the
// user's busy command, and which of them the settings turn on.
namespace stretch {

// A video4linux device held open by one of the user's processes: a
// character device of major 81 or a /dev/video* path among the
// descriptors in PROC/PID/fd.
class CameraSource final : public BusySource {
 public:
  CameraSource(std::filesystem::path proc_root, uid_t user)
      : proc_root_(std::move(proc_root)), user_(user) {}
  Busy check(std::int64_t now) override;

 private:
  std::filesystem::path proc_root_;
  uid_t user_;
};

// Whether any capture device of the sound cards runs:
// PROC/asound/card*/pcm*c/sub*/status says "state: RUNNING". What the
// microphone source falls back to without a sound server.
bool capture_running(const std::filesystem::path& proc_root);

// A recording stream on the sound server (PulseAudio, or PipeWire through
// pipewire-pulse): a source output on a source that is not a sink's
// monitor, from another process than this one. Without a server that
// answers, the sound cards' capture state under the proc root.
class MicrophoneSource final : public BusySource {
 public:
  // server: a PulseAudio server address ("unix:/run/user/1000/pulse/native").
  MicrophoneSource(std::string server, std::filesystem::path proc_root, pid_t self);
  Busy check(std::int64_t now) override;

 private:
  std::string server_;
  std::filesystem::path proc_root_;
  pid_t self_;
};

// The sound server a process with this environment would reach.
std::string pulse_server(const Environment& environment);

// Do-not-disturb on the session bus: the notification server's Inhibited
// property (KDE Plasma), dunst's paused; and on GNOME, show-banners off in
// org.gnome.desktop.notifications, read through GSettings.
class DoNotDisturbSource final : public BusySource {
 public:
  // bus: the session bus address, empty for none; gnome: whether the
  // desktop is GNOME, whose setting only counts there.
  DoNotDisturbSource(std::string bus, bool gnome) : bus_(std::move(bus)), gnome_(gnome) {}
  Busy check(std::int64_t now) override;

 private:
  std::string bus_;
  bool gnome_;
};

// Whether GNOME's notification banners are turned off, through GSettings;
// nothing when the schema is not installed.
std::optional<bool> gnome_banners_off();

// Events in .ics files and vdir folders (one .ics file per event, as
// vdirsyncer keeps them): busy during an event that is neither transparent
// nor all-day, with recurrences, exceptions and time zones as libical reads
// them. A file is parsed again only when it changes.
class CalendarSource final : public BusySource {
 public:
  explicit CalendarSource(std::vector<std::filesystem::path> places, Output& warnings);
  ~CalendarSource() override;
  CalendarSource(const CalendarSource&) = delete;
  CalendarSource& operator=(const CalendarSource&) = delete;
  Busy check(std::int64_t now) override;

 private:
  struct Parsed;
  std::vector<std::filesystem::path> places_;
  Output& warnings_;
  std::vector<std::unique_ptr<Parsed>> files_;
  std::vector<std::string> warned_;

  Parsed& parsed(const std::filesystem::path& file);
};

// The user's program: exit status 0 means busy. Started like a hook
// (without a shell, its own process group, stdin and stdout on /dev/null),
// and stopped at the time limit, which counts as not busy. It is never
// waited for: a check starts it and is pending, fd() is ready when it ends
// or its time is up, and the check then gives its answer. A command still
// running when the source goes (the reminder ends) is stopped at once.
class BusyCommandSource final : public BusySource {
 public:
  // The program runs with environment, and is found on its PATH.
  BusyCommandSource(std::vector<std::string> words, ClockTime timeout, Environment environment,
                    Output& warnings);
  BusyCommandSource(const BusyCommandSource&) = delete;
  BusyCommandSource& operator=(const BusyCommandSource&) = delete;
  ~BusyCommandSource() override;
  Busy check(std::int64_t now) override;
  int fd() const override { return events_.get(); }

 private:
  void start();
  void stop_watching();

  std::vector<std::string> words_;
  ClockTime timeout_;
  Environment environment_;
  Output& warnings_;
  bool warned_ = false;
  pid_t running_ = -1;
  std::chrono::steady_clock::time_point deadline_;
  int process_ = -1;  // the running command's pidfd
  UniqueFd timer_;    // at its time limit
  UniqueFd events_;   // epoll over both
};

// Which sources the [remind] settings turn on, and what they read.
struct BusySettings {
  bool camera = true;
  bool microphone = true;
  bool do_not_disturb = true;
  std::vector<std::filesystem::path> calendar;  // .ics files and vdir folders
  std::vector<std::string> command;             // the busy command's words; empty: none
  ClockTime command_timeout{};                  // the hooks' time limit
};

// From remind.camera, remind.microphone, remind.do_not_disturb,
// remind.calendar (a leading ~/ is HOME), remind.busy_command and
// hooks.timeout.
BusySettings busy_settings(const Settings& settings, const Environment& environment);

// What a reminder's busy sources read of the process: its processes and
// sound cards under proc_root (empty: none), the session bus and the
// sound server the environment names.
struct BusyPlace {
  const Environment& environment;
  std::filesystem::path proc_root;
  uid_t user = 0;
  pid_t self = 0;
};

// The sources the settings turn on; each warning goes to warnings.
std::unique_ptr<AllBusySources> open_busy_sources(const BusySettings& settings,
                                                  const BusyPlace& place, Output& warnings);

}  // namespace stretch
