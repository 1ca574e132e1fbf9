#include <algorithm>
#include <array>
#include <ctime>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "stretch/platform/output.hpp"
#include "stretch/remind/idle.hpp"

using namespace stretch;

namespace {

class FixedIdle final : public IdleSource {
 public:
  explicit FixedIdle(std::optional<std::int64_t> since) : since_(since) {}
  std::optional<std::int64_t> idle_since(std::int64_t) override { return since_; }

 private:
  std::optional<std::int64_t> since_;
};

// A terminal of this test's own, which the user owns as a login would.
struct Pty {
  Pty() : master(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) {
    REQUIRE(master.get() >= 0);
    REQUIRE(::grantpt(master.get()) == 0);
    REQUIRE(::unlockpt(master.get()) == 0);
    path = ::ptsname(master.get());
  }
  UniqueFd master;
  std::string path;
};

}  // namespace

TEST_CASE("the terminal source sees typing on a real pty by its access time") {
  const Pty pty;
  const std::string& terminal = pty.path;
  const UniqueFd keyboard(::open(terminal.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  REQUIRE(keyboard.get() >= 0);

  // By its times, nobody has typed on it for an hour.
  const std::int64_t now = std::time(nullptr);
  const std::array<timespec, 2> hour_ago{{{static_cast<time_t>(now - 3600), 0}, {0, UTIME_OMIT}}};
  REQUIRE(::utimensat(AT_FDCWD, terminal.c_str(), hour_ago.data(), 0) == 0);
  TerminalIdleSource source({terminal});
  CHECK(source.idle_since(now) == now - 3600);

  // A key comes from the terminal's side and the program on it reads it.
  REQUIRE(::write(pty.master.get(), "x\n", 2) == 2);
  std::array<char, 8> read_back{};
  REQUIRE(::read(keyboard.get(), read_back.data(), read_back.size()) > 0);
  const std::optional<std::int64_t> since = source.idle_since(std::time(nullptr));
  REQUIRE(since);
  CHECK(*since >= now - 8);  // the kernel keeps tty times to 8 seconds

  const std::vector<std::filesystem::path> mine = user_terminals(::getuid(), "/dev");
  CHECK(std::find(mine.begin(), mine.end(), terminal) != mine.end());
}

TEST_CASE("the terminal source cannot tell without terminals, and never answers a future time") {
  CHECK_FALSE(TerminalIdleSource(std::vector<std::filesystem::path>{"/nonexistent/pts/9"})
                  .idle_since(1000));
  // A terminal touched after "now" (a clock set back) is busy now.
  CHECK(TerminalIdleSource(std::vector<std::filesystem::path>{"/dev/null"}).idle_since(1000) ==
        1000);
}

TEST_CASE("the first source that can tell is the one used") {
  std::vector<std::unique_ptr<IdleSource>> sources;
  sources.push_back(std::make_unique<FixedIdle>(std::nullopt));
  sources.push_back(std::make_unique<FixedIdle>(500));
  sources.push_back(std::make_unique<FixedIdle>(700));
  CHECK(FirstIdleSource(std::move(sources)).idle_since(1000) == 500);
  CHECK_FALSE(FirstIdleSource({}).idle_since(1000));
}

TEST_CASE("on a desktop only logind tells, without one the user's terminals too") {
  // A terminal of the user's, typed on just now.
  const Pty pty;
  REQUIRE(::utimensat(AT_FDCWD, pty.path.c_str(), nullptr, 0) == 0);
  const std::int64_t now = std::time(nullptr);
  const std::string no_bus = "unix:path=/nonexistent/bus";
  const std::optional<std::int64_t> in_terminals =
      user_idle_source(no_bus, ::getuid(), false, "/dev")->idle_since(now);
  REQUIRE(in_terminals);
  CHECK(*in_terminals >= now - 8);
  CHECK_FALSE(user_idle_source(no_bus, ::getuid(), true, "/dev")->idle_since(now));
}

TEST_CASE("logind cannot tell when there is no bus") {
  LogindIdleSource source("unix:path=/nonexistent/bus", ::getuid());
  CHECK_FALSE(source.idle_since(1000));
}
