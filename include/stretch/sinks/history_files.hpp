#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/config.hpp"
#include "stretch/platform/environment.hpp"
#include "stretch/sinks/history.hpp"

// One history across machines: each machine appends to a file of its own
// in a folder that a sync tool keeps (history.shared_dir), so that no file
// ever has two writers for the tool to merge, and every reader merges all
// the files, counting each session once.
namespace stretch {

// Where the history is kept, and which machine this is.
struct HistoryStore {
  // state_dir/history.jsonl: the only file without a shared folder; with
  // one, what this machine recorded before, kept and read as its own.
  std::optional<std::filesystem::path> local;
  // history.shared_dir, with ~ made the home folder.
  std::optional<std::filesystem::path> shared_dir;
  std::string machine;

  // The file this machine appends its sessions to: <shared_dir>/<machine>.jsonl,
  // or the local file without a shared folder.
  std::optional<std::filesystem::path> own_file() const;
};

// The store the settings describe; an empty history.machine is the one
// host_name gives. Throws Error (78) for a shared folder that is neither
// absolute nor under ~, and for a shared folder without a machine name.
HistoryStore history_store(const Settings& settings, const Paths& paths,
                           const Environment& environment, std::string_view host_name);

// What a file in the shared folder is: whose (the name before ".jsonl", or
// before what a sync tool added to name a conflict copy: Syncthing's
// ".sync-conflict-...", Nextcloud's and Dropbox's " (... conflicted copy
// ...)"), and whether it is such a copy. Nothing for a file that holds no
// history: not .jsonl, or hidden (a sync tool's file on its way in).
struct SharedFileName {
  std::string machine;
  bool conflict_copy = false;
};
std::optional<SharedFileName> shared_file_name(std::string_view name);

// One file the history is read from.
struct HistoryFile {
  std::filesystem::path path;
  // The machine its lines ran on when they do not say.
  std::string machine;
  // Written by this machine. In a file of another machine's, a last line
  // without its end is still on its way from the sync tool: it is left for
  // later, unread and unmentioned.
  bool own = true;
};

// The files of the store, this machine's first, then every other
// machine's, then the conflict copies, each group by name.
std::vector<HistoryFile> history_files(const HistoryStore& store);

// The records in the text of one file, as read_history reads them; those
// that do not name their machine are given the file's. In another
// machine's file, one warning tells of all its lines that are not records.
void read_history_text(std::string_view text, const HistoryFile& file, History& into);
// The same from the file; a missing file adds nothing.
void read_history_file(const HistoryFile& file, History& into);

// Every file of the store read and merged: by start time, each session
// once (record_key), the first copy found kept.
History read_merged_history(const HistoryStore& store);

}  // namespace stretch
