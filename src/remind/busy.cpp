#include "stretch/remind/busy.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/words.hpp"

namespace stretch {
namespace {

constexpr WordTable<BusyKind, 5> busy_words{{{
    {BusyKind::camera, "camera"},
    {BusyKind::microphone, "microphone"},
    {BusyKind::do_not_disturb, "do-not-disturb"},
    {BusyKind::calendar, "calendar"},
    {BusyKind::command, "busy-command"},
}}};

bool in_call(const Busy& busy) {
  return busy.has(BusyKind::camera) || busy.has(BusyKind::microphone);
}

}  // namespace

std::string_view busy_name(BusyKind kind) {
  return busy_words.word(kind);
}

std::optional<BusyKind> busy_kind_named(std::string_view name) {
  return busy_words.value(name);
}

bool Busy::has(BusyKind kind) const {
  return std::find(sources.begin(), sources.end(), kind) != sources.end();
}

void Busy::add(BusyKind kind) {
  if (!has(kind)) {
    sources.push_back(kind);
    std::sort(sources.begin(), sources.end());
  }
}

// A call outranks a meeting, which outranks do-not-disturb: the reason
// named is the one the user most likely has in mind.
std::string busy_reason(const Busy& busy, const TimeZone& zone, const LocaleTime& locale) {
  if (in_call(busy)) {
    // TRANSLATORS: why a reminder waits, in a status bar and in `remind
    // --status`.
    return tr("after your call");
  }
  if (busy.has(BusyKind::calendar)) {
    if (busy.until) {
      // TRANSLATORS: why a reminder waits; {} is a time of day.
      return fmt::format(fmt::runtime(tr("after your meeting (until {})")),
                         format_time_of_day(zone, *busy.until, locale));
    }
    // TRANSLATORS: why a reminder waits.
    return tr("after your meeting");
  }
  if (busy.has(BusyKind::do_not_disturb)) {
    // TRANSLATORS: why a reminder waits: the desktop's do-not-disturb is on.
    return tr("do not disturb");
  }
  // TRANSLATORS: why a reminder waits: the user's busy command says busy.
  return tr("while you are busy");
}

std::string busy_ended(const Busy& waited) {
  if (in_call(waited)) {
    return tr("Your call has ended. Time to stand up?");
  }
  if (waited.has(BusyKind::calendar)) {
    return tr("Your meeting has ended. Time to stand up?");
  }
  if (waited.has(BusyKind::do_not_disturb)) {
    return tr("Do not disturb is off. Time to stand up?");
  }
  return tr("You are free again. Time to stand up?");
}

int AllBusySources::fd() const {
  for (const std::unique_ptr<BusySource>& source : sources_) {
    if (source->fd() >= 0) {
      return source->fd();
    }
  }
  return -1;
}

Busy AllBusySources::check(std::int64_t now) {
  Busy all;
  for (const std::unique_ptr<BusySource>& source : sources_) {
    const Busy busy = source->check(now);
    all.pending = all.pending || busy.pending;
    for (const BusyKind kind : busy.sources) {
      all.add(kind);
    }
    if (busy.until) {
      all.until = std::max(all.until.value_or(*busy.until), *busy.until);
    }
  }
  return all;
}

}  // namespace stretch
