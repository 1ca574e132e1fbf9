#include <cerrno>
#include <csignal>
#include <cstring>

#include <sys/wait.h>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/spawn.hpp"
#include "stretch/platform/text.hpp"
#include "stretch/remind/busy.hpp"

namespace stretch {

Busy BusyCommandSource::check(std::int64_t /*now*/) {
  Busy busy;
  if (words_.empty()) {
    return busy;
  }
  // Its own process group, so that the time limit stops whatever it
  // started too.
  const Spawned spawned =
      spawn({.words = words_, .input = SpawnRequest::Input::null, .quiet = true, .own_group = true},
            environment_);
  const std::string name = quote_untrusted(words_.front());
  if (spawned.pid < 0) {
    // Said once: a program that cannot start fails the same way each time.
    if (!warned_) {
      warned_ = true;
      write_warning(warnings_,
                    fmt::format(fmt::runtime(tr("busy command {0} could not start: {1}")), name,
                                std::strerror(spawned.error)));
    }
    return busy;
  }
  const bool ended = wait_for_exit(spawned.pid, timeout_);
  if (!ended) {
    ::kill(-spawned.pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(spawned.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!ended) {
    write_warning(warnings_,
                  fmt::format(fmt::runtime(tr("busy command {} ran past the hooks' time limit and "
                                              "was stopped; it counts as not busy")),
                              name));
    return busy;
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    busy.add(BusyKind::command);
  }
  return busy;
}

}  // namespace stretch
