// The calendar busy source: libical reads the files and expands each
// event's recurrences in its own time zone.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <libical/ical.h>

#include "stretch/busy/sources.hpp"
#include "stretch/platform/i18n.hpp"
#include "stretch/platform/shared_library.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {

// An occurrence of a busy event, in UTC seconds.
struct CalendarOccurrence {
  std::int64_t start;
  std::int64_t end;
};

namespace {
struct Ical {
  SharedLibrary library{"libical.so.3"};
  STRETCH_LIBRARY_FUNCTION(icalcomponent_foreach_recurrence);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_free);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_get_dtstart);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_get_first_component);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_get_first_property);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_get_next_component);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_get_status);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_get_uid);
  STRETCH_LIBRARY_FUNCTION(icalcomponent_isa);
  STRETCH_LIBRARY_FUNCTION(icalerror_set_errors_are_fatal);
  STRETCH_LIBRARY_FUNCTION(icalparser_parse_string);
  STRETCH_LIBRARY_FUNCTION(icalproperty_get_datetime_with_component);
  STRETCH_LIBRARY_FUNCTION(icalproperty_get_transp);
  STRETCH_LIBRARY_FUNCTION(icaltime_as_timet_with_zone);
  STRETCH_LIBRARY_FUNCTION(icaltime_from_timet_with_zone);
  STRETCH_LIBRARY_FUNCTION(icaltime_is_null_time);
  STRETCH_LIBRARY_FUNCTION(icaltimezone_get_utc_timezone);
};

Ical& ical() {
  static Ical loaded;
  return loaded;
}

// Far more than a calendar of years: a file larger is not read.
constexpr std::size_t largest_calendar = std::size_t{64} * 1024 * 1024;

std::int64_t utc_seconds(icaltimetype time) {
  return static_cast<std::int64_t>(ical().icaltime_as_timet_with_zone(
      time, time.zone != nullptr ? time.zone : ical().icaltimezone_get_utc_timezone()));
}

// Every VEVENT of a parsed file, whether it holds one VCALENDAR or several.
std::vector<icalcomponent*> events_of(icalcomponent* root) {
  std::vector<icalcomponent*> events;
  const auto add_events = [&](icalcomponent* calendar) {
    for (icalcomponent* event =
             ical().icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         event != nullptr;
         event = ical().icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
      events.push_back(event);
    }
  };
  switch (ical().icalcomponent_isa(root)) {
    case ICAL_VEVENT_COMPONENT:
      events.push_back(root);
      break;
    case ICAL_XROOT_COMPONENT:
      for (icalcomponent* calendar =
               ical().icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT);
           calendar != nullptr;
           calendar = ical().icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT)) {
        add_events(calendar);
      }
      break;
    default:
      add_events(root);
      break;
  }
  return events;
}

// An event that keeps the user busy: not transparent, not cancelled, and
// with a time of day (an all-day event is a holiday or a reminder, not a
// meeting).
bool keeps_busy(icalcomponent* event) {
  icalproperty* transparency = ical().icalcomponent_get_first_property(event, ICAL_TRANSP_PROPERTY);
  if (transparency != nullptr &&
      ical().icalproperty_get_transp(transparency) == ICAL_TRANSP_TRANSPARENT) {
    return false;
  }
  if (ical().icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED) {
    return false;
  }
  const icaltimetype start = ical().icalcomponent_get_dtstart(event);
  return !ical().icaltime_is_null_time(start) && start.is_date == 0;
}

std::optional<std::int64_t> recurrence_id(icalcomponent* event) {
  icalproperty* property =
      ical().icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY);
  if (property == nullptr) {
    return std::nullopt;
  }
  return utc_seconds(ical().icalproperty_get_datetime_with_component(property, event));
}

std::string uid_of(icalcomponent* event) {
  const char* uid = ical().icalcomponent_get_uid(event);
  return uid != nullptr ? uid : "";
}

// Occurrences are looked up for hours ahead at once: a reminder that waits
// asks every 30 s, and the answer changes only at an event's edges.
constexpr std::int64_t window_seconds = std::int64_t{6} * 3600;

// What the recurrence callback gathers: the occurrences of one event that
// overlap the window, but for those a RECURRENCE-ID of the same event has
// moved or changed.
struct Search {
  std::int64_t from;
  std::int64_t to;
  const std::set<std::pair<std::string, std::int64_t>>* moved;
  const std::string* uid;
  bool master;
  std::vector<CalendarOccurrence>* found;
};

void gather_occurrence(icalcomponent* /*event*/, icaltime_span* span, void* data) {
  const auto* search = static_cast<Search*>(data);
  const auto start = static_cast<std::int64_t>(span->start);
  const auto end = static_cast<std::int64_t>(span->end);
  if (end <= search->from || start >= search->to) {
    return;
  }
  if (search->master && search->moved->contains({*search->uid, start})) {
    return;
  }
  search->found->push_back({start, end});
}

}  // namespace

struct IcalComponentDeleter {
  void operator()(icalcomponent* component) const { ical().icalcomponent_free(component); }
};

struct CalendarSource::Parsed {
  std::filesystem::path file;
  std::filesystem::file_time_type modified{};
  std::uintmax_t size = 0;
  std::unique_ptr<icalcomponent, IcalComponentDeleter> root;
  struct Event {
    icalcomponent* component;  // into root
    std::string uid;
    bool master;  // not one with a RECURRENCE-ID, which replaces an occurrence
  };
  std::vector<Event> events;  // the ones that keep the user busy
  // The occurrences of those events in [window_from, window_to).
  std::int64_t window_from = 0;
  std::int64_t window_to = 0;
  std::vector<CalendarOccurrence> occurrences;

  // Occurrences that an event with a RECURRENCE-ID replaces: UID and the
  // original start.
  std::set<std::pair<std::string, std::int64_t>> moved;

  void look_ahead(std::int64_t from);
};

void CalendarSource::Parsed::look_ahead(std::int64_t from) {
  window_from = from;
  window_to = from + window_seconds;
  occurrences.clear();
  icaltimezone* utc = ical().icaltimezone_get_utc_timezone();
  const icaltimetype start =
      ical().icaltime_from_timet_with_zone(static_cast<time_t>(from), 0, utc);
  const icaltimetype end =
      ical().icaltime_from_timet_with_zone(static_cast<time_t>(window_to), 0, utc);
  for (const Event& event : events) {
    Search search{from, window_to, &moved, &event.uid, event.master, &occurrences};
    ical().icalcomponent_foreach_recurrence(event.component, start, end, gather_occurrence,
                                            &search);
  }
}

CalendarSource::CalendarSource(std::vector<std::filesystem::path> places, Output& warnings)
    : places_(std::move(places)), warnings_(warnings) {}

CalendarSource::~CalendarSource() = default;

CalendarSource::Parsed& CalendarSource::parsed(const std::filesystem::path& file) {
  std::error_code error;
  const auto modified = std::filesystem::last_write_time(file, error);
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  auto found =
      std::find_if(files_.begin(), files_.end(),
                   [&](const std::unique_ptr<Parsed>& known) { return known->file == file; });
  if (found != files_.end() && (*found)->modified == modified && (*found)->size == size) {
    return **found;
  }
  auto parsed = std::make_unique<Parsed>();
  parsed->file = file;
  parsed->modified = modified;
  parsed->size = size;
  const FileText read = read_small_file(file, largest_calendar);
  if (read.status == FileText::Status::read && read.text.size() <= largest_calendar) {
    parsed->root.reset(ical().icalparser_parse_string(read.text.c_str()));
  }
  if (!parsed->root) {
    const std::string shown = quote_untrusted(file.string());
    if (std::find(warned_.begin(), warned_.end(), shown) == warned_.end()) {
      warned_.push_back(shown);
      write_warning(warnings_,
                    fmt::format(fmt::runtime(tr("calendar {} cannot be read; its events are left "
                                                "out")),
                                shown));
    }
  } else {
    for (icalcomponent* event : events_of(parsed->root.get())) {
      const std::optional<std::int64_t> moved = recurrence_id(event);
      if (moved) {
        parsed->moved.emplace(uid_of(event), *moved);
      }
      if (keeps_busy(event)) {
        parsed->events.push_back({event, uid_of(event), !moved});
      }
    }
  }
  if (found != files_.end()) {
    *found = std::move(parsed);
    return **found;
  }
  files_.push_back(std::move(parsed));
  return *files_.back();
}

Busy CalendarSource::check(std::int64_t now) {
  if (!ical().library.complete()) {
    if (warned_.empty()) {
      warned_.emplace_back("libical");
      write_warning(warnings_, tr("calendars are not read: libical (libical3) is not installed"));
    }
    return {};
  }
  // A broken file is told about once, and must not end the reminder.
  ical().icalerror_set_errors_are_fatal(0);
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path& place : places_) {
    std::error_code error;
    if (!std::filesystem::is_directory(place, error)) {
      files.push_back(place);
      continue;
    }
    // A vdir: one .ics file per event, in the calendar's folder, or one
    // folder further down for a collection of calendars.
    for (auto entry = std::filesystem::recursive_directory_iterator(place, error);
         !error && entry != std::filesystem::recursive_directory_iterator();
         entry.increment(error)) {
      if (entry.depth() >= 1) {
        entry.disable_recursion_pending();
      }
      if (entry->path().extension() == ".ics" && entry->is_regular_file(error)) {
        files.push_back(entry->path());
      }
    }
  }
  Busy busy;
  for (const std::filesystem::path& file : files) {
    Parsed& calendar = parsed(file);
    if (now < calendar.window_from || now >= calendar.window_to) {
      calendar.look_ahead(now);
    }
    for (const CalendarOccurrence& occurrence : calendar.occurrences) {
      if (occurrence.start <= now && now < occurrence.end) {
        busy.add(BusyKind::calendar);
        busy.until = std::max(busy.until.value_or(occurrence.end), occurrence.end);
      }
    }
  }
  return busy;
}

}  // namespace stretch
