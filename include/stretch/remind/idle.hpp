#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace stretch {

// Where the reminder learns when the user last gave any input, so that time
// away counts as a break.
class IdleSource {
 public:
  virtual ~IdleSource() = default;
  // The moment input stopped (now, when the user is busy), or nothing when
  // the source cannot tell.
  virtual std::optional<std::int64_t> idle_since(std::int64_t now) = 0;
};

// The most recent input on the user's terminals: the access time of a tty
// or pty moves when what is typed on it is read, which is what `w` shows as
// idle time.
class TerminalIdleSource final : public IdleSource {
 public:
  // The user's terminals under dev_root (/dev): its pseudo-terminals and
  // the virtual consoles they logged in on, found afresh at each look,
  // since they come and go.
  TerminalIdleSource(uid_t user, std::filesystem::path dev_root);
  // Only these terminals, for tests.
  explicit TerminalIdleSource(std::vector<std::filesystem::path> terminals);
  std::optional<std::int64_t> idle_since(std::int64_t now) override;

 private:
  std::optional<uid_t> user_;
  std::filesystem::path dev_root_;
  std::vector<std::filesystem::path> terminals_;
};

// The terminals under dev_root (/dev) that a user owns: in pts/ and the
// virtual consoles.
std::vector<std::filesystem::path> user_terminals(uid_t user,
                                                  const std::filesystem::path& dev_root);

// logind's IdleHint and IdleSinceHint for the user, read over the system bus
// at address: what a desktop reports of its own input.
class LogindIdleSource final : public IdleSource {
 public:
  LogindIdleSource(std::string address, uid_t user);
  std::optional<std::int64_t> idle_since(std::int64_t now) override;

 private:
  std::string address_;
  std::string object_;
};

// Asks each source in turn, and keeps to the first that could tell.
class FirstIdleSource final : public IdleSource {
 public:
  explicit FirstIdleSource(std::vector<std::unique_ptr<IdleSource>> sources)
      : sources_(std::move(sources)) {}
  std::optional<std::int64_t> idle_since(std::int64_t now) override;

 private:
  std::vector<std::unique_ptr<IdleSource>> sources_;
};

// A user's sources: with no desktop the terminals, then logind. On
// a desktop, typing in a browser leaves the terminals untouched, so their
// quiet would make a busy user look away and the reminders stop; there only
// logind can tell.
// dev_root: where the terminals are, /dev.
std::unique_ptr<IdleSource> user_idle_source(std::string system_bus, uid_t user, bool on_desktop,
                                             std::filesystem::path dev_root);

}  // namespace stretch
