#include "stretch/platform/output.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {

OutputClosed::OutputClosed(bool hangup) : EndedBySignal(hangup ? SIGHUP : SIGPIPE) {}

bool OutputClosed::hangup() const noexcept {
  return signal() == SIGHUP;
}

FileText read_small_file(const FilePlace& place, std::size_t limit, std::string reuse) {
  // O_NONBLOCK so that opening a FIFO never waits for a writer; the type
  // check then refuses it.
  const UniqueFd file(::openat(place.dir_fd(), place.name.c_str(),
                               O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | place.open_flags()));
  if (file.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return {FileText::Status::missing};
    }
    if (error == ELOOP && place.dir) {
      return {FileText::Status::not_regular};
    }
    return {FileText::Status::failed, {}, 0, std::strerror(error)};
  }
  return read_open_file(file.get(), limit, std::move(reuse));
}

FileText read_open_file(int fd, std::size_t limit, std::string reuse) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    return {FileText::Status::failed, {}, 0, std::strerror(errno)};
  }
  if (S_ISDIR(info.st_mode)) {
    return {FileText::Status::directory};
  }
  if (!S_ISREG(info.st_mode)) {
    return {FileText::Status::not_regular};
  }
  FileText read;
  read.size = static_cast<std::uintmax_t>(info.st_size);
  read.modified = info.st_mtim.tv_sec;
  read.owner = info.st_uid;
  read.mode = info.st_mode;
  // Read straight into the text, in room for the whole file (a history of
  // years is megabytes), and on past its size for a file that still grows.
  read.text = std::move(reuse);
  read.text.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(read.size, limit)) + 1);
  std::size_t filled = 0;
  while (filled < read.text.size()) {
    const ssize_t count = ::read(fd, read.text.data() + filled, read.text.size() - filled);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      return {FileText::Status::failed, {}, 0, std::strerror(errno)};
    }
    if (count == 0) {
      break;
    }
    filled += static_cast<std::size_t>(count);
    if (filled == read.text.size() && filled <= limit) {
      read.text.resize(std::min(filled * 2, limit + 1));
    }
  }
  read.text.resize(filled);
  return read;
}

void write_warning(Output& output, std::string_view message) {
  output.write(fmt::format("stretch: {}: {}\n", tr("warning"), message));
}

std::string format_error(std::string_view message) {
  std::string out;
  while (!message.empty()) {
    const std::size_t end = std::min(message.find('\n'), message.size());
    // TRANSLATORS: the word in "stretch: error: ..." before every error message.
    out += fmt::format("stretch: {}: {}\n", tr("error"), message.substr(0, end));
    message.remove_prefix(std::min(end + 1, message.size()));
  }
  return out;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

void FileOutput::write(std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd_, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EPIPE) {
        throw OutputClosed(false);
      }
      // A terminal that has hung up fails every write and every ioctl with
      // EIO; a disk that fails a write does not fail tcgetattr that way.
      if (termios settings{}; errno == EIO && ::tcgetattr(fd_, &settings) != 0 && errno == EIO) {
        throw OutputClosed(true);
      }
      throw Error(ExitCode::io,
                  fmt::format(fmt::runtime(tr("cannot write output: {}")), std::strerror(errno)));
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

namespace {

// A file written in full next to where it belongs, readable as any file the
// user creates (in a PrivateDir, by the user alone); removed again unless
// kept by moving it into place.
class TemporaryFile {
 public:
  TemporaryFile(const FilePlace& place, std::string_view text, bool sync)
      : dir_fd_(place.dir_fd()) {
    const std::string stem =
        (place.name.parent_path() / (".stretch-" + place.name.filename().string() + "-")).string();
    // As mkstemp does, but in the directory the descriptor holds.
    std::random_device random;
    int fd = -1;
    for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
      name_ = fmt::format("{}{:08x}", stem, random());
      fd = ::openat(dir_fd_, name_.c_str(),
                    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
                    place.dir ? 0600 : 0666);
      if (fd < 0 && errno != EEXIST) {
        break;
      }
    }
    const UniqueFd file(fd);
    if (file.get() < 0) {
      error_ = errno;
      name_.clear();
      return;
    }
    try {
      FileOutput(file.get()).write(text);
    } catch (const Error&) {
      error_ = errno;
      return;
    }
    if (sync && ::fsync(file.get()) != 0) {
      error_ = errno;
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!name_.empty()) {
      ::unlinkat(dir_fd_, name_.c_str(), 0);
    }
  }

  // errno of the first step that failed, 0 when the file is complete.
  int error() const { return error_; }
  const char* name() const { return name_.c_str(); }

 private:
  int dir_fd_;
  std::string name_;
  int error_ = 0;
};

[[noreturn]] void throw_write_error(ExitCode code, const std::filesystem::path& path, int error) {
  throw Error(code, fmt::format(fmt::runtime(tr("cannot write {0}: {1}")),
                                quote_untrusted(path.string()), std::strerror(error)));
}

}  // namespace

void replace_file(const FilePlace& place, std::string_view text, Sync sync) {
  TemporaryFile temporary(place, text, sync == Sync::yes);
  if (temporary.error() == 0 &&
      ::renameat(place.dir_fd(), temporary.name(), place.dir_fd(), place.name.c_str()) != 0) {
    throw_write_error(ExitCode::io, place.shown(), errno);
  }
  if (temporary.error() != 0) {
    throw_write_error(ExitCode::io, place.shown(), temporary.error());
  }
}

void create_file(const std::filesystem::path& path, std::string_view text) {
  TemporaryFile temporary(path, text, true);
  if (temporary.error() != 0) {
    throw_write_error(ExitCode::cannot_create, path, temporary.error());
  }
  // link() refuses a name that exists, where rename() would replace it.
  if (::link(temporary.name(), path.c_str()) != 0) {
    if (errno == EEXIST) {
      throw Error(ExitCode::cannot_create,
                  fmt::format(fmt::runtime(tr("{} already exists; not overwriting it")),
                              quote_untrusted(path.string())));
    }
    throw_write_error(ExitCode::cannot_create, path, errno);
  }
}

StatusFile::StatusFile(FilePlace place, Output& warnings)
    : place_(std::move(place)), warnings_(warnings) {}

StatusFile::~StatusFile() {
  remove();
}

void StatusFile::write(std::string_view text) {
  try {
    replace_file(place_, text, Sync::no);
  } catch (const Error& error) {
    if (!warned_) {
      warned_ = true;
      write_warning(warnings_, error.what());
    }
  }
}

void StatusFile::remove() {
  ::unlinkat(place_.dir_fd(), place_.name.c_str(), 0);
}

}  // namespace stretch
