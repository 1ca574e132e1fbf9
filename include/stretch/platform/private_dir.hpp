#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <sys/types.h>

namespace stretch {

// A directory that is its user's alone, as the XDG rules ask of the
// runtime directory: owned by the user, with no access for others. It is
// checked once, on its descriptor, and the files in it are reached through
// that descriptor without following links, so that nobody else can plant a
// link or a file for stretch to follow.
class PrivateDir {
 public:
  // What else is checked: the directory it is made in, when that is
  // XDG_RUNTIME_DIR, which is the session manager's to create, not ours to
  // open up or close.
  enum class Parent { unchecked, xdg_runtime };
  // Opens path, made with mode 0700 (and its parents) when missing; a
  // folder of the user's that others may enter is closed to them. Throws
  // Error(73) naming the folder and the fix when it is not a directory,
  // belongs to another user, or (for the parent) lets others in.
  static std::shared_ptr<const PrivateDir> open(const std::filesystem::path& path, Parent parent);
  // The same for a reader, which makes nothing: null when path is missing.
  static std::shared_ptr<const PrivateDir> find(const std::filesystem::path& path, Parent parent);

  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  ~PrivateDir();
  const std::filesystem::path& path() const { return path_; }
  int fd() const { return fd_; }
  // A file in it, opened with O_NOFOLLOW, O_CLOEXEC and O_NOCTTY added to
  // flags; -1 with errno set when it cannot be.
  int open_file(const std::string& name, int flags, mode_t mode = 0600) const;

 private:
  PrivateDir(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  static std::shared_ptr<const PrivateDir> opened(const std::filesystem::path& path, Parent parent,
                                                  bool create);

  std::filesystem::path path_;
  int fd_;
};

// Where a file is: a name in a PrivateDir, reached through its descriptor
// and never through a link, or a path given by the user, looked up as
// usual.
struct FilePlace {
  std::shared_ptr<const PrivateDir> dir;  // null: name is a path
  std::filesystem::path name;

  // NOLINTNEXTLINE(google-explicit-constructor): a path is a place
  FilePlace(std::filesystem::path path) : name(std::move(path)) {}
  FilePlace(std::shared_ptr<const PrivateDir> in, std::string file)
      : dir(std::move(in)), name(std::move(file)) {}
  int dir_fd() const;
  int open_flags() const;  // O_NOFOLLOW in a PrivateDir
  // The whole path, for messages.
  std::filesystem::path shown() const { return dir ? dir->path() / name : name; }
};

// Why a file that stretch acts on as its user (config.toml, a hook) is
// not to be trusted, as ssh judges its own: it belongs to another user
// (root's is fine), or others may write it. Nothing when it may be.
std::optional<std::string> distrust(const std::filesystem::path& file, uid_t owner, mode_t mode);

}  // namespace stretch
