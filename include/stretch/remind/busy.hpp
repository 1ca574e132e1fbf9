#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "stretch/platform/time.hpp"

// What tells a reminder that now is a bad moment: a call (camera,
// microphone), a meeting in the calendar, do-not-disturb, or the user's
// own busy command. Each is read only when a reminder is due.
namespace stretch {

enum class BusyKind { camera, microphone, do_not_disturb, calendar, command };

// "camera", "microphone", "do-not-disturb", "calendar", "busy-command":
// the words of the status JSON.
std::string_view busy_name(BusyKind kind);
std::optional<BusyKind> busy_kind_named(std::string_view name);

struct Busy {
  std::vector<BusyKind> sources;      // each once, in the order of BusyKind; empty: free
  std::optional<std::int64_t> until;  // the end of the meeting under way
  // A source was asked and has not answered yet (the busy command runs):
  // ask again once its fd() is ready.
  bool pending = false;

  bool any() const { return !sources.empty(); }
  bool has(BusyKind kind) const;
  void add(BusyKind kind);
  bool operator==(const Busy&) const = default;
};

// Why a reminder waits, in a few words for `stretch status` and `remind
// --status`: "after your call", "after your meeting (until 11:30)", "do
// not disturb".
std::string busy_reason(const Busy& busy, const TimeZone& zone, const LocaleTime& locale);
// The first words of a reminder that waited for busy to clear: "Your call
// has ended. Time to stand up?"
std::string busy_ended(const Busy& waited);

class BusySource {
 public:
  virtual ~BusySource() = default;
  // Whether the source says busy at that moment; empty when not, or when
  // it cannot tell; pending when the answer is on its way.
  virtual Busy check(std::int64_t now) = 0;
  // Ready when a check that was pending can have its answer; -1 for a
  // source that always answers at once.
  virtual int fd() const { return -1; }
};

// Asks every source: a reminder waits for each that says busy.
class AllBusySources final : public BusySource {
 public:
  explicit AllBusySources(std::vector<std::unique_ptr<BusySource>> sources)
      : sources_(std::move(sources)) {}
  Busy check(std::int64_t now) override;
  int fd() const override;
  bool empty() const { return sources_.empty(); }

 private:
  std::vector<std::unique_ptr<BusySource>> sources_;
};

}  // namespace stretch
