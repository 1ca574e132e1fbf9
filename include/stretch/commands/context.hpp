#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "stretch/platform/config.hpp"
#include "stretch/platform/environment.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/terminal.hpp"
#include "stretch/platform/time.hpp"
#include "stretch/remind/idle.hpp"
#include "stretch/remind/tmux.hpp"
#include "stretch/routine/catalog.hpp"
#include "stretch/session/clock.hpp"

namespace stretch {

// The clock a live session or a reminder waits on, with the keyboard when
// stdin is a terminal. The keyboard's modes come back when it goes.
class LiveInput {
 public:
  virtual ~LiveInput() = default;
  virtual Clock& clock() = 0;
  // Whether keys can be read at all.
  virtual bool has_keys() const = 0;
  // Runs something that needs the terminal as the shell left it, such as
  // another program with a view of its own, and takes the keyboard back.
  virtual void lend_terminal(const std::function<void()>& run) { run(); }
};

// Everything a command may touch of the process. main builds the one real
// Context (process_context, in stretch_cli); tests build their own, so that every command
// runs in-process and its output compares as exact text.
struct Context {
  Output& out;
  Output& err;
  Environment environment;
  // Whether stdout is a terminal, and its size.
  bool out_is_terminal = false;
  // Whether stdin is a terminal: a reminder started here has one.
  bool in_is_terminal = false;
  std::function<ScreenSize()> screen_size = [] { return ScreenSize{}; };
  // The real clock with the keyboard on stdin, or in tests a scripted one.
  std::function<std::unique_ptr<LiveInput>()> open_live_input;
  // The controlling terminal, for a bell that must not go into piped
  // output; null when there is none.
  std::function<std::unique_ptr<Output>()> open_terminal = [] { return nullptr; };
  // Writes request to the controlling terminal and returns what the
  // terminal answers, read until answered says it is all in or limit has
  // passed; nothing when there is no terminal, or this process is not in
  // its foreground. In tests a scripted terminal, or none.
  std::function<std::string(std::string_view request,
                            const std::function<bool(std::string_view)>& answered,
                            std::chrono::milliseconds limit)>
      ask_terminal = [](std::string_view, const std::function<bool(std::string_view)>&,
                        std::chrono::milliseconds) { return std::string(); };
  // The tmux server on a socket, whose clients a reminder may show itself
  // on: tmux run as a program; in tests none, or a server of the test's.
  std::function<std::unique_ptr<TmuxServer>(const std::filesystem::path& socket)> open_tmux =
      [](const std::filesystem::path&) { return std::unique_ptr<TmuxServer>(); };
  // The moment now with the user's offset from UTC, or in tests a scripted
  // one.
  std::function<WallTime()> wall_clock;
  // The user's time zone, for times of day, working days and local days:
  // the process's (TZ) in the real Context, UTC unless a test gives another.
  std::shared_ptr<const TimeZone> time_zone = std::make_shared<FixedTimeZone>(0);
  // The locale's first weekday and 12- or 24-hour clock.
  LocaleTime locale_time;
  // Where a reminder learns how long the user has been away: logind or the
  // user's terminals; in tests a source that cannot tell, or a fake.
  std::function<std::unique_ptr<IdleSource>()> open_idle_source = [] {
    return std::make_unique<FirstIdleSource>(std::vector<std::unique_ptr<IdleSource>>{});
  };

  // The program a reminder's Start runs: this binary, asked at that moment
  // (an upgrade may have replaced it under a reminder that runs for days);
  // in tests, whatever `stretch` is on the PATH.
  std::function<std::string()> own_program = [] { return std::string("stretch"); };

  // Where a reminder's busy sources look for the user's processes and the
  // sound cards: /proc; in tests nothing (empty), or a made-up tree.
  std::filesystem::path proc_root;

  // This process and its user: the files it writes name the process, and
  // the busy and idle sources look for the user's own. Tests give their
  // own, or none.
  pid_t pid = 0;
  uid_t uid = 0;
  // Whether the process a status file names still runs; tests say.
  std::function<bool(pid_t)> process_runs = [](pid_t) { return true; };

  // The machine's host name, which history.machine defaults to; in tests
  // empty, or one made up.
  std::string host_name;

  Paths paths() const { return Paths::from(environment); }
  SearchDirs search_dirs() const { return SearchDirs::from(environment); }
  // The settings from the config file and the environment; throws Error
  // (78) for a config that is not valid.
  Settings settings() const { return load_settings(environment, host_name); }
};

}  // namespace stretch
