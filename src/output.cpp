#include "stretch/output.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/error.hpp"
#include "stretch/text.hpp"

namespace stretch {

int OutputClosed::signal() const noexcept {
  return hangup_ ? SIGHUP : SIGPIPE;
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
      throw Error(ExitCode::io, std::string("cannot write output: ") + std::strerror(errno));
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

void replace_file(const std::filesystem::path& path, std::string_view text) {
  const auto fail = [&](int error) {
    throw Error(ExitCode::io, fmt::format("cannot write {}: {}", quote_untrusted(path.string()),
                                          std::strerror(error)));
  };
  std::string temporary = path.string() + ".XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    fail(errno);
  }
  try {
    FileOutput(fd).write(text);
  } catch (const Error&) {
    const int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    fail(error);
  }
  ::fchmod(fd, 0644);
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(error);
  }
}

}  // namespace stretch
