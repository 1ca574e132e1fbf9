#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "stretch/platform/error.hpp"
#include "stretch/platform/private_dir.hpp"

namespace stretch {

// The reader at the other end of an output went away (EPIPE), or the
// terminal it wrote to hung up (EIO): not an error to report, but a reason
// to stop quietly, by the signal that stands for it.
class OutputClosed : public EndedBySignal {
 public:
  // SIGHUP for a hang-up, SIGPIPE for a reader gone.
  explicit OutputClosed(bool hangup);
  bool hangup() const noexcept;
};

// A file descriptor that is closed when it goes out of scope.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  int get() const { return fd_; }

 private:
  int fd_;
};

class Output {
 public:
  virtual ~Output() = default;
  // Writes all of text at once; output that is not seen at once is useless
  // to a reader following the session, so there is no buffering.
  virtual void write(std::string_view text) = 0;
};

class FileOutput final : public Output {
 public:
  explicit FileOutput(int fd) : fd_(fd) {}
  void write(std::string_view text) override;

 private:
  int fd_;
};

// Whether a file is on the disk before it takes its name. The status and
// resume files, rewritten in the timing loop, do without; a file meant to
// last (a new routine) does not.
enum class Sync { no, yes };

// Replaces path's contents so that no reader ever sees a partial file: the
// text is written to a temporary file in the same directory, then renamed
// over path. Throws Error (74) on failure, leaving path as it was.
// In a PrivateDir the file is the user's alone (0600).
void replace_file(const FilePlace& place, std::string_view text, Sync sync = Sync::yes);

// Writes a new file at path the same way, but never over an existing one.
// Throws Error (73) when path exists or cannot be written.
void create_file(const std::filesystem::path& path, std::string_view text);

// A small file that others read while it changes, such as a status for
// status bars: replaced whole at each write and removed when it goes. It
// is there only for them, so a failed write costs one warning, not what
// keeps the file; later writes try again.
class StatusFile {
 public:
  StatusFile(FilePlace place, Output& warnings);
  StatusFile(const StatusFile&) = delete;
  StatusFile& operator=(const StatusFile&) = delete;
  ~StatusFile();
  void write(std::string_view text);
  // What the file stood for has ended before its keeper.
  void remove();

 private:
  FilePlace place_;
  Output& warnings_;
  bool warned_ = false;
};

// A file read whole, as every file stretch reads is: never waiting on a
// FIFO or a device, reading at most limit + 1 bytes so that the caller can
// tell a file that is too large. In a PrivateDir a link is not followed,
// and counts as not_regular.
struct FileText {
  enum class Status { read, missing, directory, not_regular, failed } status = Status::read;
  std::string text;
  std::uintmax_t size = 0;    // as the file system gives it
  std::string problem;        // for failed: what the system said
  std::int64_t modified = 0;  // seconds since the epoch
  uid_t owner = 0;
  mode_t mode = 0;
};
// reuse: a string whose room the text may take, for a reader of many
// large files.
FileText read_small_file(const FilePlace& place, std::size_t limit, std::string reuse = {});
// The same, from a descriptor opened for reading.
FileText read_open_file(int fd, std::size_t limit, std::string reuse = {});

// "stretch: warning: MESSAGE\n", the one form of every warning.
void write_warning(Output& output, std::string_view message);
// "stretch: error: MESSAGE\n" for every line of message, so that each line
// of a multi-line error is recognisable on its own.
std::string format_error(std::string_view message);

class StringOutput final : public Output {
 public:
  void write(std::string_view text) override { text_ += text; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace stretch
