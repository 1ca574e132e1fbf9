#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "stretch/remind/remind.hpp"
#include "stretch/sinks/history_files.hpp"

namespace stretch {

// The end of the latest session, on any machine, that went at least half
// its planned length: what restarts a reminder's countdown. The history's
// folders (the state folder, and the shared one) are watched with inotify,
// so that a session another machine's sync tool delivers wakes the
// reminder, which otherwise looks only every reminder_poll_seconds; and of
// each file only what was appended since it was last read is read, so a
// reminder that runs for months never reads years of history again.
class HistoryWatch final : public CommandSource {
 public:
  // runtime_dir: where the reminder keeps its own status, rewritten at
  // each turn of its loop. A folder of the history that is the same (the
  // state folder, without XDG_RUNTIME_DIR) is not watched, since each
  // rewrite would wake the loop to rewrite it again: it is looked at each
  // turn instead.
  HistoryWatch(HistoryStore store, const std::optional<std::filesystem::path>& runtime_dir);
  HistoryWatch(const HistoryWatch&) = delete;
  HistoryWatch& operator=(const HistoryWatch&) = delete;
  ~HistoryWatch() override;

  // Reads what changed since the last call: at the first, everything;
  // after, only when the folders told of a change, or at every call where
  // they cannot be watched.
  std::optional<std::int64_t> last_end();

  // inotify's descriptor: readable when a file in a watched folder changed.
  int fd() const override { return inotify_; }
  // Takes the news from fd(): the files are read at the next last_end().
  void ready(const std::function<ReminderStatus(const ReminderCommand&)>& run) override;

 private:
  // How far a file has been read: up to the end of its last whole line.
  struct Read {
    ino_t inode = 0;
    std::uintmax_t offset = 0;
    // The bytes just before offset, to tell the same file grown from one
    // replaced or rewritten (a sync tool renames a new copy over the old).
    std::string tail;
  };

  // A folder's watch, or while it is missing, the watch on the nearest
  // folder above it that is there, which tells when it comes.
  struct Watched {
    int folder = -1;
    int above = -1;
    std::string below;  // the name in above that leads to the folder
    bool ours = false;  // the reminder's own folder: never watched
  };

  HistoryStore store_;
  int inotify_ = -1;
  std::map<std::filesystem::path, Watched> watched_;
  std::map<std::filesystem::path, Read> read_;
  bool changed_ = true;
  std::optional<std::int64_t> end_;

  void watch_folders();
  bool matters(int wd, std::uint32_t mask, std::string_view name) const;
  void read_file(const HistoryFile& file);
  void take_lines(std::string_view text, const HistoryFile& file);
};

}  // namespace stretch
