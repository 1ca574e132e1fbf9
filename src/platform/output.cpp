#include "stretch/platform/output.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

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

FileText read_small_file(const std::filesystem::path& path, std::size_t limit) {
  // O_NONBLOCK so that opening a FIFO never waits for a writer; the type
  // check then refuses it.
  const UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (file.get() < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return {FileText::Status::missing};
    }
    return {FileText::Status::failed, {}, 0, std::strerror(error)};
  }
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) {
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
  std::array<char, 65536> buffer{};
  while (read.text.size() <= limit) {
    const ssize_t count = ::read(file.get(), buffer.data(), buffer.size());
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      return {FileText::Status::failed, {}, 0, std::strerror(errno)};
    }
    if (count == 0) {
      break;
    }
    read.text.append(buffer.data(), static_cast<std::size_t>(count));
  }
  return read;
}

void write_warning(Output& output, std::string_view message) {
  output.write(fmt::format("stretch: {}: {}\n", tr("warning"), message));
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
// user creates; removed again unless kept by moving it into place.
class TemporaryFile {
 public:
  TemporaryFile(const std::filesystem::path& path, std::string_view text, bool sync)
      : name_(
            (path.parent_path() / (".stretch-" + path.filename().string() + "-XXXXXX")).string()) {
    const UniqueFd fd(::mkstemp(name_.data()));
    if (fd.get() < 0) {
      error_ = errno;
      name_.clear();
      return;
    }
    // mkstemp makes the file private.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd.get(), 0666 & ~mask);
    try {
      FileOutput(fd.get()).write(text);
    } catch (const Error&) {
      error_ = errno;
      return;
    }
    if (sync && ::fsync(fd.get()) != 0) {
      error_ = errno;
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!name_.empty()) {
      ::unlink(name_.c_str());
    }
  }

  // errno of the first step that failed, 0 when the file is complete.
  int error() const { return error_; }
  const char* name() const { return name_.c_str(); }

 private:
  std::string name_;
  int error_ = 0;
};

[[noreturn]] void throw_write_error(ExitCode code, const std::filesystem::path& path, int error) {
  throw Error(code, fmt::format(fmt::runtime(tr("cannot write {0}: {1}")),
                                quote_untrusted(path.string()), std::strerror(error)));
}

}  // namespace

void replace_file(const std::filesystem::path& path, std::string_view text, Sync sync) {
  TemporaryFile temporary(path, text, sync == Sync::yes);
  if (temporary.error() == 0 && ::rename(temporary.name(), path.c_str()) != 0) {
    throw_write_error(ExitCode::io, path, errno);
  }
  if (temporary.error() != 0) {
    throw_write_error(ExitCode::io, path, temporary.error());
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

StatusFile::StatusFile(std::filesystem::path path, Output& warnings)
    : path_(std::move(path)), warnings_(warnings) {}

StatusFile::~StatusFile() {
  remove();
}

void StatusFile::write(std::string_view text) {
  try {
    replace_file(path_, text, Sync::no);
  } catch (const Error& error) {
    if (!warned_) {
      warned_ = true;
      write_warning(warnings_, error.what());
    }
  }
}

void StatusFile::remove() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace stretch
