#include "stretch/remind/history_watch.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/output.hpp"

namespace stretch {
namespace {

// What tells a file grown by appends from one written anew: a line or so.
constexpr std::size_t tail_bytes = 64;

constexpr std::uint32_t folder_events = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_CREATE |
                                        IN_DELETE | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF |
                                        IN_ONLYDIR;

bool read_exactly(int fd, char* into, std::size_t count, std::uintmax_t at) {
  while (count > 0) {
    const ssize_t got = ::pread(fd, into, count, static_cast<off_t>(at));
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return false;
    }
    into += got;
    count -= static_cast<std::size_t>(got);
    at += static_cast<std::uintmax_t>(got);
  }
  return true;
}

}  // namespace

HistoryWatch::HistoryWatch(HistoryStore store,
                           const std::optional<std::filesystem::path>& runtime_dir)
    : store_(std::move(store)), inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  const auto add = [&](const std::filesystem::path& folder) {
    std::error_code error;
    const bool ours =
        runtime_dir && (folder.lexically_normal() == runtime_dir->lexically_normal() ||
                        std::filesystem::equivalent(folder, *runtime_dir, error));
    watched_.emplace(folder, Watched{.ours = ours});
  };
  if (store_.local) {
    add(store_.local->parent_path());
  }
  if (store_.shared_dir) {
    add(*store_.shared_dir);
  }
  watch_folders();
}

HistoryWatch::~HistoryWatch() {
  if (inotify_ >= 0) {
    ::close(inotify_);
  }
}

// A folder that is not there yet (the sync tool has not made it, no
// session was ever recorded here) is waited for from the folder above it.
void HistoryWatch::watch_folders() {
  if (inotify_ < 0) {
    return;
  }
  for (auto& [folder, watch] : watched_) {
    if (watch.folder >= 0 || watch.ours) {
      continue;
    }
    watch.folder = ::inotify_add_watch(inotify_, folder.c_str(), folder_events);
    if (watch.folder >= 0) {
      // What came before the watch was not told of.
      changed_ = true;
      const int above = std::exchange(watch.above, -1);
      // inotify gives one descriptor a folder: another may wait on it still.
      if (above >= 0 && std::none_of(watched_.begin(), watched_.end(), [&](const auto& other) {
            return other.second.above == above;
          })) {
        ::inotify_rm_watch(inotify_, above);
      }
      continue;
    }
    std::filesystem::path below = folder;
    for (std::filesystem::path up = folder.parent_path(); watch.above < 0;
         below = up, up = up.parent_path()) {
      watch.above = ::inotify_add_watch(inotify_, up.c_str(), IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
      watch.below = below.filename().string();
      if (up == up.parent_path()) {
        break;
      }
    }
  }
}

std::optional<std::int64_t> HistoryWatch::last_end() {
  watch_folders();
  const bool all_watched =
      inotify_ >= 0 && std::all_of(watched_.begin(), watched_.end(), [](const auto& folder) {
        return !folder.second.ours && (folder.second.folder >= 0 || folder.second.above >= 0);
      });
  if (!changed_ && all_watched) {
    return end_;
  }
  changed_ = false;
  try {
    for (const HistoryFile& file : history_files(store_)) {
      read_file(file);
    }
  } catch (const Error&) {
    // A shared folder that is not the user's: `stretch history` says so;
    // the reminder goes on with what it has.
  }
  return end_;
}

void HistoryWatch::ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) {
  (void)run;
  alignas(inotify_event) std::array<char, 4096> buffer{};
  while (true) {
    const ssize_t got = ::read(inotify_, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      break;
    }
    for (std::size_t at = 0; at + sizeof(inotify_event) <= static_cast<std::size_t>(got);) {
      inotify_event event{};
      std::memcpy(&event, buffer.data() + at, sizeof event);
      // The name is NUL-padded to event.len.
      const std::string_view name =
          event.len == 0 ? std::string_view() : std::string_view(buffer.data() + at + sizeof event);
      changed_ = changed_ || matters(event.wd, event.mask, name);
      if ((event.mask & IN_IGNORED) != 0) {
        // The folder went (or was moved): watched anew when it is back.
        for (auto& [folder, watch] : watched_) {
          watch.folder = watch.folder == event.wd ? -1 : watch.folder;
          watch.above = watch.above == event.wd ? -1 : watch.above;
        }
      }
      at += sizeof(inotify_event) + event.len;
    }
  }
}

// Only history files count, not what else lives in the folder (a sync
// tool's hidden temporary files, the state folder's other files), and above
// a missing folder only the way to it.
bool HistoryWatch::matters(int wd, std::uint32_t mask, std::string_view name) const {
  if ((mask & (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) != 0) {
    return true;
  }
  return std::any_of(watched_.begin(), watched_.end(), [&](const auto& folder) {
    const Watched& watch = folder.second;
    return (watch.folder == wd && shared_file_name(name).has_value()) ||
           (watch.above == wd && name == watch.below);
  });
}

void HistoryWatch::read_file(const HistoryFile& file) {
  const UniqueFd fd(::open(file.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    read_.erase(file.path);
    return;
  }
  Read& read = read_[file.path];
  const auto size = static_cast<std::uintmax_t>(info.st_size);
  if (read.offset > 0) {
    std::string here(read.tail.size(), '\0');
    if (read.offset > size ||
        !read_exactly(fd.get(), here.data(), here.size(), read.offset - here.size()) ||
        here != read.tail) {
      read = {};  // not the file that was read: read it all
    }
  }
  read.inode = info.st_ino;
  if (size <= read.offset || size - read.offset > history_bytes) {
    return;
  }
  std::string text(static_cast<std::size_t>(size - read.offset), '\0');
  if (!read_exactly(fd.get(), text.data(), text.size(), read.offset)) {
    return;
  }
  // A last line without its end is still being written, here or by the
  // sync tool: it is read whole, next time.
  const std::size_t whole = text.rfind('\n');
  if (whole == std::string::npos) {
    return;
  }
  text.resize(whole + 1);
  take_lines(text, file);
  read.offset += text.size();
  const std::string tail = read.tail + text.substr(text.size() - std::min(text.size(), tail_bytes));
  read.tail = tail.substr(tail.size() - std::min(tail.size(), tail_bytes));
}

void HistoryWatch::take_lines(std::string_view text, const HistoryFile& file) {
  History history;
  read_history_text(text, file, history);
  for (const HistoryRecord& record : history.records) {
    if (record.done * 2 >= record.planned) {
      const std::int64_t end = record.end().epoch;  // the real end, at any speed
      end_ = std::max(end_.value_or(end), end);
    }
  }
}

}  // namespace stretch
