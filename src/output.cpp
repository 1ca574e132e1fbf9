#include "stretch/output.hpp"

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include "stretch/error.hpp"

namespace stretch {

void FileOutput::write(std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd_, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      if (errno == EPIPE) {
        throw OutputClosed();
      }
      throw Error(ExitCode::io, std::string("cannot write output: ") + std::strerror(errno));
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace stretch
