#include "stretch/platform/private_dir.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

constexpr mode_t others_access = S_IRWXG | S_IRWXO;

[[noreturn]] void refuse(const std::filesystem::path& dir, const std::string& problem,
                         const std::string& fix) {
  // TRANSLATORS: {0} is a directory, {1} what is wrong with it ("belongs
  // to another user (uid 1001)"), {2} how to put it right.
  throw Error(ExitCode::cannot_create,
              fmt::format(fmt::runtime(tr("{0} {1}; stretch keeps its files only in a directory "
                                          "that is yours alone: {2}")),
                          quote_untrusted(dir.string()), problem, fix));
}

[[noreturn]] void cannot_open(const std::filesystem::path& dir, int error) {
  throw Error(ExitCode::cannot_create,
              fmt::format("{}: {}", quote_untrusted(dir.string()), std::strerror(error)));
}

std::string set_runtime_dir() {
  return tr("set XDG_RUNTIME_DIR to a directory of yours with mode 0700");
}

// XDG_RUNTIME_DIR: followed if a link (the session manager's choice), and
// then held to the XDG rule, but never changed.
int open_runtime_parent(const std::filesystem::path& dir, bool create) {
  if (create) {
    std::error_code ignored;
    if (std::filesystem::create_directories(dir, ignored)) {
      ::chmod(dir.c_str(), 0700);
    }
  }
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return -1;
  }
  const UniqueFd held(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    cannot_open(dir, errno);
  }
  if (info.st_uid != ::geteuid()) {
    refuse(dir, fmt::format(fmt::runtime(tr("belongs to another user (uid {})")), info.st_uid),
           set_runtime_dir());
  }
  if ((info.st_mode & others_access) != 0) {
    refuse(
        dir,
        fmt::format(fmt::runtime(tr("is open to other users (mode {:04o})")), info.st_mode & 07777),
        fmt::format(fmt::runtime(tr("`chmod 700 {0}`, or {1}")), quote_untrusted(dir.string()),
                    set_runtime_dir()));
  }
  return ::dup(fd);
}

}  // namespace

PrivateDir::~PrivateDir() {
  ::close(fd_);
}

std::shared_ptr<const PrivateDir> PrivateDir::open(const std::filesystem::path& path,
                                                   Parent parent) {
  return opened(path, parent, true);
}

std::shared_ptr<const PrivateDir> PrivateDir::find(const std::filesystem::path& path,
                                                   Parent parent) {
  return opened(path, parent, false);
}

std::shared_ptr<const PrivateDir> PrivateDir::opened(const std::filesystem::path& path,
                                                     Parent parent, bool create) {
  const std::filesystem::path above = path.parent_path();
  int above_fd = -1;
  if (parent == Parent::xdg_runtime) {
    above_fd = open_runtime_parent(above, create);
  } else {
    std::error_code ignored;
    if (create) {
      std::filesystem::create_directories(above, ignored);
    }
    above_fd = ::open(above.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  if (above_fd < 0) {
    if (!create && (errno == ENOENT || errno == ENOTDIR)) {
      return nullptr;
    }
    cannot_open(above, errno);
  }
  const UniqueFd above_held(above_fd);
  const std::string name = path.filename().string();
  if (create && ::mkdirat(above_fd, name.c_str(), 0700) != 0 && errno != EEXIST) {
    cannot_open(path, errno);
  }
  const int fd = ::openat(above_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (!create && error == ENOENT) {
      return nullptr;
    }
    // A link or a file in its place.
    if (error == ELOOP || error == ENOTDIR) {
      refuse(path, tr("is not a directory"), tr("remove it, and stretch makes it anew"));
    }
    cannot_open(path, error);
  }
  std::shared_ptr<const PrivateDir> dir(new PrivateDir(path, fd));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    cannot_open(path, errno);
  }
  if (info.st_uid != ::geteuid()) {
    refuse(path, fmt::format(fmt::runtime(tr("belongs to another user (uid {})")), info.st_uid),
           tr("remove it, and stretch makes it anew"));
  }
  // Ours, but made open by an older stretch or by hand: closing it is
  // what the user would do.
  if ((info.st_mode & others_access) != 0 && ::fchmod(fd, 0700) != 0) {
    cannot_open(path, errno);
  }
  return dir;
}

int PrivateDir::open_file(const std::string& name, int flags, mode_t mode) const {
  return ::openat(fd_, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, mode);
}

std::optional<std::string> distrust(const std::filesystem::path& file, uid_t owner, mode_t mode) {
  const std::string shown = quote_untrusted(file.string());
  if (owner != ::geteuid() && owner != 0) {
    // TRANSLATORS: {0} is a file (config.toml or a hook), {1} a user id.
    return fmt::format(fmt::runtime(tr("{0} belongs to another user (uid {1}), and stretch acts "
                                       "on it as you: remove it, or make it yours with chown")),
                       shown, owner);
  }
  if ((mode & (S_IWGRP | S_IWOTH)) != 0) {
    // TRANSLATORS: {0} is a file (config.toml or a hook), {1} its mode.
    return fmt::format(fmt::runtime(tr("{0} can be changed by other users (mode {1:04o}), and "
                                       "stretch acts on it as you: `chmod go-w {0}`")),
                       shown, mode & 07777);
  }
  return std::nullopt;
}

int FilePlace::dir_fd() const {
  return dir ? dir->fd() : AT_FDCWD;
}

int FilePlace::open_flags() const {
  return dir ? O_NOFOLLOW : 0;
}

}  // namespace stretch
