#include "stretch/sinks/history_files.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>

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
    store.shared_dir = std::filesystem::path(*home) / dir.substr(std::min<std::size_t>(2, dir.size()));
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
  if (const std::size_t open = stem.rfind(" ("); open != std::string_view::npos &&
                                                  stem.ends_with(')') &&
                                                  stem.substr(open).find("conflicted copy") !=
                                                      std::string_view::npos) {
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

void read_history_file(const HistoryFile& file, History& into) {
  const FileText read = read_small_file(file.path, history_bytes);
  if (read.status == FileText::Status::missing) {
    return;
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
    return;
  }
  read_history_text(read.text, file, into);
}

History read_merged_history(const HistoryStore& store) {
  History read;
  for (const HistoryFile& file : history_files(store)) {
    read_history_file(file, read);
  }
  History merged;
  merged.warnings = std::move(read.warnings);
  merged.records.reserve(read.records.size());
  std::unordered_set<std::string> seen;
  seen.reserve(read.records.size());
  for (HistoryRecord& record : read.records) {
    if (seen.insert(record_key(record)).second) {
      merged.records.push_back(std::move(record));
    }
  }
  // Sessions that started in the same second come in one order on every
  // machine.
  std::stable_sort(merged.records.begin(), merged.records.end(),
                   [](const HistoryRecord& a, const HistoryRecord& b) {
                     return std::tuple(a.start.epoch, a.end().epoch, std::string_view(a.id)) <
                            std::tuple(b.start.epoch, b.end().epoch, std::string_view(b.id));
                   });
  return merged;
}

}  // namespace stretch
