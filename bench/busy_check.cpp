// One full busy check, as a reminder makes it when a reminder falls due:
// every source, over a made-up proc tree of 300 processes with 50
// descriptors each (none a camera, so every one is looked at), a calendar
// of 1,000 events (800 weekly ones with exceptions, in a zone with summer
// time, and 200 single ones), the busy command `true`, and a sound server
// and session bus that are not there (what a desktop without them costs).
// Prints "busy_first ms" (the calendar parsed) and "busy_check ms" (the
// median of the checks after it, the calendar unchanged).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "stretch/busy/sources.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int processes = 300;
constexpr int descriptors = 50;
constexpr int weekly_events = 800;
constexpr int single_events = 200;
// 2026-11-18 12:00 UTC, a Wednesday.
constexpr std::int64_t now = 1'795'003'200;

void make_proc(const fs::path& root) {
  const std::vector<std::string> kinds{"socket:[{}]",          "pipe:[{}]",
                                       "/dev/pts/{}",          "/home/sam/.cache/file-{}",
                                       "anon_inode:[eventfd]", "/dev/null"};
  for (int pid = 1000; pid < 1000 + processes; ++pid) {
    const fs::path fds = root / std::to_string(pid) / "fd";
    fs::create_directories(fds);
    for (int fd = 0; fd < descriptors; ++fd) {
      const std::string& kind = kinds[static_cast<std::size_t>(fd) % kinds.size()];
      fs::create_symlink(fmt::format(fmt::runtime(kind), pid * 100 + fd), fds / std::to_string(fd));
    }
  }
  fs::create_directories(root / "asound/card0/pcm0c/sub0");
  std::ofstream(root / "asound/card0/pcm0c/sub0/status") << "closed\n";
}

// Busy-looking days, none at the moment measured: the weekly ones on
// Mondays and Tuesdays, the single ones in the past year.
void make_calendar(const fs::path& file) {
  std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//stretch bench//EN\r\n";
  for (int i = 0; i < weekly_events; ++i) {
    const int day = 2 + i % 2;  // 2025-11-03 (Mon) or 04 (Tue)
    const int hour = 8 + i % 9;
    text += fmt::format(
        "BEGIN:VEVENT\r\nUID:weekly-{0}@bench\r\nDTSTAMP:20251101T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:202511{1:02}T{2:02}{3:02}00\r\n"
        "DTEND;TZID=Europe/Berlin:202511{1:02}T{2:02}{4:02}00\r\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20271231T000000Z\r\n"
        "EXDATE;TZID=Europe/Berlin:202512{5:02}T{2:02}{3:02}00\r\n"
        "SUMMARY:Weekly {0}\r\nEND:VEVENT\r\n",
        i, day, hour, i % 4 * 10, i % 4 * 10 + 5, day + 28);
  }
  for (int i = 0; i < single_events; ++i) {
    text += fmt::format(
        "BEGIN:VEVENT\r\nUID:single-{0}@bench\r\nDTSTAMP:20251101T000000Z\r\n"
        "DTSTART:2026{1:02}{2:02}T100000Z\r\nDTEND:2026{1:02}{2:02}T110000Z\r\n"
        "SUMMARY:Single {0}\r\nEND:VEVENT\r\n",
        i, 1 + i % 10, 1 + i % 28);
  }
  text += "END:VCALENDAR\r\n";
  std::ofstream(file, std::ios::binary) << text;
}

double milliseconds_of(stretch::BusySource& source, bool& busy) {
  const auto start = std::chrono::steady_clock::now();
  busy = source.check(now).any();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

double median_of(stretch::BusySource& source, bool& busy) {
  std::vector<double> times;
  for (int run = 0; run < 21; ++run) {
    times.push_back(milliseconds_of(source, busy));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main() {
  // On a tmpfs where there is one, as /proc is in memory too.
  const fs::path base =
      fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  const fs::path dir = base / fmt::format("stretch-busy-bench-{}", ::getpid());
  make_proc(dir / "proc");
  make_calendar(dir / "calendar.ics");
  stretch::StringOutput warnings;
  const stretch::Environment environment{
      {"PULSE_SERVER", "unix:" + (dir / "no-pulse").string()},
      {"DBUS_SESSION_BUS_ADDRESS", "unix:path=" + (dir / "no-bus").string()},
      {"XDG_CURRENT_DESKTOP", "sway"}};
  stretch::BusySettings settings;
  settings.calendar = {dir / "calendar.ics"};
  settings.command = {"true"};
  settings.command_timeout = std::chrono::seconds(10);
  const stretch::BusyPlace place{environment, dir / "proc", ::getuid(), ::getpid()};
  const std::unique_ptr<stretch::AllBusySources> sources =
      stretch::open_busy_sources(settings, place, warnings);
  bool busy = false;
  const double first = milliseconds_of(*sources, busy);
  const double check = median_of(*sources, busy);
  // `true` exits 0: the busy command says busy, and only it.
  bool all_busy = busy;
  // Each source on its own, for where the time goes.
  const auto alone = [&](const char* name, bool camera, bool microphone, bool quiet, bool calendar,
                         bool command) {
    stretch::BusySettings one;
    one.camera = camera;
    one.microphone = microphone;
    one.do_not_disturb = quiet;
    if (calendar) {
      one.calendar = settings.calendar;
    }
    if (command) {
      one.command = settings.command;
    }
    one.command_timeout = settings.command_timeout;
    const auto source = stretch::open_busy_sources(one, place, warnings);
    milliseconds_of(*source, busy);
    std::printf("busy_%s %.2f\n", name, median_of(*source, busy));
  };
  alone("camera", true, false, false, false, false);
  alone("microphone", false, true, false, false, false);
  alone("do_not_disturb", false, false, true, false, false);
  alone("calendar", false, false, false, true, false);
  alone("command", false, false, false, false, true);
  fs::remove_all(dir);
  if (!all_busy || !warnings.text().empty()) {
    std::fprintf(stderr, "busy_check: unexpected result: %s\n", warnings.text().c_str());
    return 1;
  }
  std::printf("busy_first %.2f\nbusy_check %.2f\n", first, check);
  return 0;
}
