#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../read_file.hpp"
#include "../scratch_dir.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/session/clock.hpp"

using namespace stretch;
namespace fs = std::filesystem;

namespace {

std::size_t files_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
}

}  // namespace

TEST_CASE("replace_file replaces the whole file and leaves no temporary file") {
  ScratchDir dir;
  const fs::path file = dir.path() / "state.json";
  replace_file(file, "first\n");
  replace_file(file, "second\n", Sync::no);
  CHECK(read_file(file) == "second\n");
  CHECK(files_in(dir.path()) == 1);
  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  CHECK((info.st_mode & 0777) == (0666 & ~mask));  // as readable as any file the user makes
}

TEST_CASE("replace_file into a missing directory fails with 74 and writes nothing") {
  ScratchDir dir("output");
  try {
    replace_file(dir.path() / "missing" / "state.json", "x");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::io);
    CHECK(std::string(error.what()).starts_with("cannot write "));
  }
  CHECK(files_in(dir.path()) == 0);
}

TEST_CASE("create_file never replaces a file, and says so with 73") {
  ScratchDir dir;
  const fs::path file = dir.path() / "mine.json";
  create_file(file, "new\n");
  CHECK(read_file(file) == "new\n");
  try {
    create_file(file, "again\n");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::cannot_create);
    CHECK(std::string(error.what()) == file.string() + " already exists; not overwriting it");
  }
  CHECK(read_file(file) == "new\n");
  CHECK(files_in(dir.path()) == 1);
}

TEST_CASE("a write to a closed pipe is OutputClosed, to end by SIGPIPE") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::close(fds[0]);
  const auto previous = std::signal(SIGPIPE, SIG_IGN);
  try {
    FileOutput(fds[1]).write("x");
    FAIL("no error");
  } catch (const OutputClosed& closed) {
    CHECK_FALSE(closed.hangup());
    CHECK(closed.signal() == SIGPIPE);
  }
  std::signal(SIGPIPE, previous);
  ::close(fds[1]);
}

TEST_CASE("the real clock waits until a deadline, and wakes at once for a signal") {
  RealClock clock(nullptr);
  const ClockTime start = clock.now();
  const ClockTime deadline = start + std::chrono::milliseconds(5);
  const Wake timed = clock.wait_until(deadline);
  CHECK(timed.kind == Wake::Kind::deadline);
  CHECK(clock.now() >= deadline);
  // The handler it installs turns a signal into a wake, not a death.
  ::raise(SIGTERM);
  const Wake signalled = clock.wait_until(clock.now() + std::chrono::seconds(60));
  CHECK(signalled.kind == Wake::Kind::signal);
  CHECK(signalled.signal == SIGTERM);
  ::raise(SIGWINCH);
  CHECK(clock.wait_until(std::nullopt).kind == Wake::Kind::resize);
}

TEST_CASE("a status file is replaced whole, warns once, and goes with its keeper") {
  ScratchDir dir("output");
  const fs::path file = dir.path() / "late" / "status.json";
  StringOutput warnings;
  {
    StatusFile status(file, warnings);
    status.write("{\"a\":1}\n");
    status.write("{\"a\":2}\n");
    CHECK(warnings.text() ==
          "stretch: warning: cannot write " + file.string() + ": No such file or directory\n");
    // Written again as soon as it can be.
    fs::create_directories(file.parent_path());
    status.write("{\"a\":3}\n");
    CHECK(read_file(file) == "{\"a\":3}\n");
    CHECK(files_in(file.parent_path()) == 1);
  }
  CHECK_FALSE(fs::exists(file));
}

TEST_CASE("a private directory is made 0700, and files in it are the user's alone, never links") {
  const ScratchDir scratch;
  const std::shared_ptr<const PrivateDir> dir =
      PrivateDir::open(scratch / "state" / "stretch", PrivateDir::Parent::unchecked);
  CHECK((fs::status(dir->path()).permissions() & fs::perms::all) == fs::perms::owner_all);
  CHECK(PrivateDir::find(scratch / "none" / "stretch", PrivateDir::Parent::unchecked) == nullptr);

  replace_file(FilePlace(dir, "status.json"), "{}\n", Sync::no);
  CHECK((fs::status(dir->path() / "status.json").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(read_small_file(FilePlace(dir, "status.json"), 100).text == "{}\n");

  // A link planted in it is not followed, to read or to write.
  std::ofstream(scratch / "elsewhere") << "theirs\n";
  fs::create_symlink(scratch / "elsewhere", dir->path() / "link.json");
  CHECK(read_small_file(FilePlace(dir, "link.json"), 100).status == FileText::Status::not_regular);
  CHECK(dir->open_file("link.json", O_RDWR) < 0);
  CHECK(errno == ELOOP);
  // Nor a FIFO waited on.
  REQUIRE(::mkfifo((dir->path() / "fifo.json").c_str(), 0600) == 0);
  CHECK(read_small_file(FilePlace(dir, "fifo.json"), 100).status == FileText::Status::not_regular);
  CHECK(read_small_file(scratch / "state/stretch/fifo.json", 100).status ==
        FileText::Status::not_regular);

  // A folder of the user's that others may enter is closed to them.
  fs::permissions(dir->path(), fs::perms::all);
  PrivateDir::find(dir->path(), PrivateDir::Parent::unchecked);
  CHECK((fs::status(dir->path()).permissions() & fs::perms::all) == fs::perms::owner_all);
}

TEST_CASE("XDG_RUNTIME_DIR is held to the XDG rule, and never changed") {
  const ScratchDir scratch;
  fs::create_directory(scratch / "run");
  fs::permissions(scratch / "run", fs::perms::owner_all | fs::perms::group_all);
  try {
    PrivateDir::open(scratch / "run" / "stretch", PrivateDir::Parent::xdg_runtime);
    FAIL("an open runtime directory was taken");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::cannot_create);
    CHECK(std::string(error.what())
              .starts_with((scratch / "run").string() + " is open to other users (mode 0770); "));
  }
  CHECK((fs::status(scratch / "run").permissions() & fs::perms::all) ==
        (fs::perms::owner_all | fs::perms::group_all));
  CHECK_FALSE(fs::exists(scratch / "run" / "stretch"));
  // Made by stretch when missing, as the session manager would.
  CHECK(PrivateDir::open(scratch / "new" / "stretch", PrivateDir::Parent::xdg_runtime));
  CHECK((fs::status(scratch / "new").permissions() & fs::perms::all) == fs::perms::owner_all);
}
