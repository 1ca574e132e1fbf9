#include "stretch/sinks/history_files.hpp"

#include <algorithm>
#include <tuple>

#include <dirent.h>
#include <unistd.h>

#include <fmt/format.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/output.hpp"
#include "stretch/platform/private_dir.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {

std::optional<std::filesystem::path> HistoryStore::own_file() const {
  if (shared_dir) {
    return *shared_dir / (machine + ".jsonl");
  }
  return local;
}

HistoryStore history_store(const Settings& settings, const Paths& paths,
                           const Environment& environment, std::string_view host_name) {
  HistoryStore store;
  store.local = paths.history_file();
  store.machine = settings.text("history.machine");
  if (store.machine.empty()) {
    store.machine = machine_from_host_name(host_name);
  }
  const std::string& dir = settings.text("history.shared_dir");
  if (dir.empty()) {
    return store;
  }
  const std::optional<std::string_view> home = environment.get("HOME");
  if ((dir == "~" || dir.starts_with("~/")) && home && home->starts_with('/')) {
    store.shared_dir =
        std::filesystem::path(*home) / dir.substr(std::min<std::size_t>(2, dir.size()));
  } else if (dir.starts_with('/')) {
    store.shared_dir = std::filesystem::path(dir);
  } else {
    throw Error(ExitCode::config,
                fmt::format(fmt::runtime(tr("history.shared_dir: \"{}\" is not a folder: give its "
                                            "whole path, or one that starts with ~/")),
                            quote_untrusted(dir)));
  }
  if (store.machine.empty()) {
    throw Error(ExitCode::config,
                tr("history.machine: this machine has no name (its host name gives none); set "
                   "one, e.g. STRETCH_MACHINE=laptop"));
  }
  return store;
}

std::optional<SharedFileName> shared_file_name(std::string_view name) {
  constexpr std::string_view suffix = ".jsonl";
  if (name.starts_with('.') || !name.ends_with(suffix) || name.size() == suffix.size()) {
    return std::nullopt;
  }
  std::string_view stem = name.substr(0, name.size() - suffix.size());
  // Syncthing: a.sync-conflict-20261205-120000-ABCDEFG.jsonl
  if (const std::size_t mark = stem.find(".sync-conflict-"); mark != std::string_view::npos) {
    return SharedFileName{std::string(stem.substr(0, mark)), true};
  }
  // Nextcloud: a (conflicted copy 2026-12-05 120000).jsonl; Dropbox:
  // a (sam's conflicted copy 2026-12-05).jsonl
  if (const std::size_t open = stem.rfind(" (");
      open != std::string_view::npos && stem.ends_with(')') &&
      stem.substr(open).find("conflicted copy") != std::string_view::npos) {
    return SharedFileName{std::string(stem.substr(0, open)), true};
  }
  return SharedFileName{std::string(stem), false};
}

namespace {

// The names of the folder's entries, sorted.
std::vector<std::string> entries_of(const PrivateDir& dir) {
  std::vector<std::string> names;
  const int fd = ::dup(dir.fd());
  DIR* listing = fd < 0 ? nullptr : ::fdopendir(fd);
  if (listing == nullptr) {
    if (fd >= 0) {
      ::close(fd);
    }
    return names;
  }
  ::rewinddir(listing);
  while (const dirent* entry = ::readdir(listing)) {
    names.emplace_back(entry->d_name);
  }
  ::closedir(listing);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::vector<HistoryFile> history_files(const HistoryStore& store) {
  std::vector<HistoryFile> files;
  if (store.local) {
    files.push_back({*store.local, store.machine, true});
  }
  if (!store.shared_dir) {
    return files;
  }
  const std::shared_ptr<const PrivateDir> dir =
      PrivateDir::find(*store.shared_dir, PrivateDir::Parent::unchecked);
  if (!dir) {
    return files;
  }
  std::vector<HistoryFile> copies;
  for (const std::string& name : entries_of(*dir)) {
    const std::optional<SharedFileName> shared = shared_file_name(name);
    if (!shared) {
      continue;
    }
    HistoryFile file{*store.shared_dir / name, shared->machine,
                     !shared->conflict_copy && shared->machine == store.machine};
    if (file.own) {
      files.insert(files.begin() + (store.local ? 1 : 0), std::move(file));
    } else {
      (shared->conflict_copy ? copies : files).push_back(std::move(file));
    }
  }
  files.insert(files.end(), std::make_move_iterator(copies.begin()),
               std::make_move_iterator(copies.end()));
  return files;
}

void read_history_text(std::string_view text, const HistoryFile& file, History& into) {
  if (!file.own) {
    const std::size_t end = text.rfind('\n');
    text = end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
  }
  const std::string shown = quote_untrusted(file.path.string());
  const auto skipped = [&](int number) {
    return fmt::format(fmt::runtime(tr("{0}:{1}: not a history record; skipped")), shown, number);
  };
  int number = 0;
  int bad = 0;
  int first_bad = 0;
  into.records.reserve(into.records.size() +
                       static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  while (!text.empty()) {
    ++number;
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty()) {
      continue;
    }
    if (std::optional<HistoryRecord> record = parse_history_line(line)) {
      if (record->machine.empty()) {
        record->machine = file.machine;
      }
      into.records.push_back(std::move(*record));
    } else if (file.own) {
      into.warnings.push_back(skipped(number));
    } else if (bad++ == 0) {
      first_bad = number;
    }
  }
  // Another machine's file is read by every command on every machine: its
  // faults are told once a file, not a line.
  if (bad == 1) {
    into.warnings.push_back(skipped(first_bad));
  } else if (bad > 1) {
    into.warnings.push_back(fmt::format(
        fmt::runtime(trn("{0}: {1} line is not a history record, the first at line {2}; skipped",
                         "{0}: {1} lines are not history records, the first at line {2}; skipped",
                         static_cast<unsigned long>(bad))),
        shown, bad, first_bad));
  }
}

namespace {

// The file's text, or nothing, with a warning for a file that is there and
// cannot be read. The text takes reuse's room.
std::optional<std::string> history_text(const HistoryFile& file, History& into,
                                        std::string reuse = {}) {
  FileText read = read_small_file(file.path, history_bytes, std::move(reuse));
  if (read.status == FileText::Status::missing) {
    return std::nullopt;
  }
  const std::string shown = quote_untrusted(file.path.string());
  if (read.status != FileText::Status::read || read.text.size() > history_bytes) {
    into.warnings.push_back(
        read.status == FileText::Status::failed
            ? fmt::format(fmt::runtime(tr("cannot read {0}: {1}")), shown, read.problem)
        : read.status == FileText::Status::read
            ? fmt::format(fmt::runtime(tr("{0}: over {1} bytes; not a history file")), shown,
                          history_bytes)
            : fmt::format(fmt::runtime(tr("cannot read {}: not a regular file")), shown));
    return std::nullopt;
  }
  return std::move(read.text);
}

// Puts records[order[i]] at i, moving each record once and allocating
// nothing the size of the records, and leaves out those order leaves out.
void arrange(std::vector<HistoryRecord>& records, std::vector<std::size_t> order) {
  const std::size_t kept = order.size();
  std::vector<bool> placed(records.size(), false);
  for (const std::size_t i : order) {
    placed[i] = true;
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!placed[i]) {
      order.push_back(i);  // the left out, after the kept
    }
  }
  std::fill(placed.begin(), placed.end(), false);
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (placed[start] || order[start] == start) {
      continue;
    }
    HistoryRecord held = std::move(records[start]);
    std::size_t at = start;
    while (order[at] != start) {
      records[at] = std::move(records[order[at]]);
      placed[at] = true;
      at = order[at];
    }
    records[at] = std::move(held);
    placed[at] = true;
  }
  records.erase(records.begin() + static_cast<std::ptrdiff_t>(kept), records.end());
}

// Where a record goes: by start, then end, then key, so that copies of one
// session lie side by side, and sessions that started in the same second
// come in one order on every machine.
struct Rank {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string_view key;
  std::size_t index = 0;

  bool operator<(const Rank& other) const {
    return std::tie(start, end, key) < std::tie(other.start, other.end, other.key);
  }
};

// The shortest line a record can be, with room to spare: what the records
// of a file of this size could need at most.
constexpr std::uintmax_t shortest_line = 100;

}  // namespace

void read_history_file(const HistoryFile& file, History& into) {
  if (const std::optional<std::string> text = history_text(file, into)) {
    read_history_text(*text, file, into);
  }
}

History read_merged_history(const HistoryStore& store) {
  // Tens of thousands of records, where every megabyte first touched is a
  // cost of its own: one room for the text, reused file after file; one
  // for the records, as large as the files could fill, of which only what
  // they do fill is touched; keys and order worked out beside them, and
  // each record moved once, into its place.
  History merged;
  const std::vector<HistoryFile> files = history_files(store);
  std::uintmax_t bytes = 0;
  std::uintmax_t largest = 0;
  for (const HistoryFile& file : files) {
    std::error_code error;
    const std::uintmax_t size =
        std::min<std::uintmax_t>(std::filesystem::file_size(file.path, error), history_bytes);
    bytes += error ? 0 : size;
    largest = error ? largest : std::max(largest, size);
  }
  std::vector<HistoryRecord>& records = merged.records;
  records.reserve(static_cast<std::size_t>(bytes / shortest_line) + files.size());
  std::string room;
  room.reserve(static_cast<std::size_t>(largest) + 1);
  for (const HistoryFile& file : files) {
    std::optional<std::string> text = history_text(file, merged, std::move(room));
    room.clear();  // its room went with it, and comes back with the text
    if (text) {
      read_history_text(*text, file, merged);
      room = std::move(*text);
    }
  }
  std::vector<std::string> made_up_keys;
  made_up_keys.reserve(records.size());  // never moved: the ranks view them
  std::vector<Rank> ranks;
  ranks.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    std::string_view key = records[i].id;
    if (key.empty()) {
      key = made_up_keys.emplace_back(record_key(records[i]));
    }
    ranks.push_back({records[i].start.epoch, records[i].end().epoch, key, i});
  }
  std::stable_sort(ranks.begin(), ranks.end());
  // Of the copies of one session, the first found is kept: this machine's
  // own files come first, the conflict copies last.
  std::vector<std::size_t> order;
  order.reserve(ranks.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    if (i == 0 || ranks[i].key != ranks[i - 1].key) {
      order.push_back(ranks[i].index);
    }
  }
  arrange(records, std::move(order));
  return merged;
}

}  // namespace stretch
