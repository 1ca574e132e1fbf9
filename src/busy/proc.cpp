// The busy sources read under /proc: a camera held open, and the sound
// cards' capture state.
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "stretch/busy/sources.hpp"
#include "stretch/platform/output.hpp"

namespace stretch {
namespace {

// video4linux's character devices (Documentation/admin-guide/devices.txt).
constexpr unsigned video4linux_major = 81;

// Closes a directory stream however the scan ends.
struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using DirPointer = std::unique_ptr<DIR, DirCloser>;

DirPointer open_dir_at(int parent, const char* name) {
  const int fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return nullptr;
  }
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
  }
  return DirPointer(dir);
}

bool all_digits(const char* name) {
  if (*name == '\0') {
    return false;
  }
  for (; *name != '\0'; ++name) {
    if (*name < '0' || *name > '9') {
      return false;
    }
  }
  return true;
}

// The device files that most descriptors under /dev name, which are never
// a camera: no system call is spent on them.
bool not_a_camera(std::string_view device) {
  constexpr std::array<std::string_view, 10> known{"null", "zero", "urandom", "random", "pts/",
                                                   "tty",  "ptmx", "dri/",    "snd/",   "shm/"};
  return std::any_of(known.begin(), known.end(),
                     [&](std::string_view name) { return device.starts_with(name); });
}

// A descriptor's target: "/dev/video0", "socket:[1234]", "pipe:[99]".
// Paths under /dev other than /dev/video* are looked at for their device
// number, since a sandbox may name a camera's node differently; sockets,
// pipes and files need no system call more.
bool is_camera(int fd_dir, const char* name) {
  std::array<char, 64> target{};
  const ssize_t length = ::readlinkat(fd_dir, name, target.data(), target.size() - 1);
  if (length <= 0) {
    return false;
  }
  const std::string_view path(target.data(), static_cast<std::size_t>(length));
  if (path.starts_with("/dev/video")) {
    return true;
  }
  if (!path.starts_with("/dev/") || not_a_camera(path.substr(5))) {
    return false;
  }
  struct stat device {};
  return ::fstatat(fd_dir, name, &device, 0) == 0 && S_ISCHR(device.st_mode) &&
         major(device.st_rdev) == video4linux_major;
}

bool process_has_camera(int proc, const char* pid, uid_t user) {
  struct stat owner {};
  if (::fstatat(proc, pid, &owner, 0) != 0 || owner.st_uid != user) {
    return false;
  }
  const DirPointer fds = open_dir_at(proc, (std::string(pid) + "/fd").c_str());
  if (!fds) {
    return false;  // gone meanwhile, or not ours to read
  }
  while (const dirent* entry = ::readdir(fds.get())) {
    if (entry->d_name[0] != '.' && is_camera(::dirfd(fds.get()), entry->d_name)) {
      return true;
    }
  }
  return false;
}

}  // namespace

Busy CameraSource::check(std::int64_t /*now*/) {
  Busy busy;
  const DirPointer proc = open_dir_at(AT_FDCWD, proc_root_.c_str());
  if (!proc) {
    return busy;
  }
  while (const dirent* entry = ::readdir(proc.get())) {
    if (all_digits(entry->d_name) &&
        process_has_camera(::dirfd(proc.get()), entry->d_name, user_)) {
      busy.add(BusyKind::camera);
      break;
    }
  }
  return busy;
}

bool capture_running(const std::filesystem::path& proc_root) {
  std::error_code error;
  for (const auto& card : std::filesystem::directory_iterator(proc_root / "asound", error)) {
    if (!card.path().filename().string().starts_with("card")) {
      continue;
    }
    std::error_code card_error;
    for (const auto& pcm : std::filesystem::directory_iterator(card.path(), card_error)) {
      const std::string name = pcm.path().filename().string();
      // Capture devices are pcmNc, playback pcmNp.
      if (!name.starts_with("pcm") || !name.ends_with('c')) {
        continue;
      }
      std::error_code pcm_error;
      for (const auto& sub : std::filesystem::directory_iterator(pcm.path(), pcm_error)) {
        const FileText status = read_small_file(sub.path() / "status", 4096);
        if (status.status == FileText::Status::read &&
            status.text.find("state: RUNNING") != std::string::npos) {
          return true;
        }
      }
    }
  }
  return false;
}

}  // namespace stretch
