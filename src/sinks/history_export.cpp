#include "stretch/sinks/history_export.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "stretch/platform/i18n.hpp"
#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

// The widest the table's machine column gets; longer names are cut.
constexpr std::size_t max_machine_column = 16;

}  // namespace

bool several_machines(const std::vector<HistoryRecord>& records) {
  return std::any_of(records.begin(), records.end(), [&](const HistoryRecord& record) {
    return record.machine != records.front().machine;
  });
}

std::string format_history_table(const std::vector<HistoryRecord>& records, bool machines) {
  // As wide as the widest name, within reason.
  std::size_t machine_width = 0;
  if (machines) {
    // TRANSLATORS: the history table's column of machine names.
    machine_width = display_width(tr("MACHINE"));
    for (const HistoryRecord& record : records) {
      machine_width = std::min<std::size_t>(std::max(machine_width, display_width(record.machine)),
                                            max_machine_column);
    }
  }
  const auto machine_cell = [&](std::string_view name) {
    if (!machines) {
      return std::string();
    }
    const std::string cut = truncate_to_width(name, machine_width);
    return cut + std::string(machine_width - display_width(cut) + 1, ' ');
  };
  // TRANSLATORS: the history table's column headers: STARTED, ROUTINE, DONE
  // and OUTCOME fit 26, 20, 8 and any number of characters.
  std::string out =
      fmt::format("{:<26} {}{:<20} {:<8} {}\n", tr("STARTED"), machine_cell(tr("MACHINE")),
                  tr("ROUTINE"), tr("DONE"), tr("OUTCOME"));
  for (const HistoryRecord& record : records) {
    const std::string speed =
        record.speed == 1.0
            ? ""
            // TRANSLATORS: after a session's outcome when it ran faster, e.g. " (at 100x)".
            : fmt::format(fmt::runtime(tr(" (at {:g}x)")), record.speed);
    out += fmt::format("{:<26} {}{:<20} {:>8} {}{}\n", format_iso8601(record.start),
                       machine_cell(record.machine), truncate_to_width(record.routine, 20),
                       format_duration(record.done) + "/" + format_duration(record.planned),
                       record.outcome, speed);
  }
  return out;
}

namespace {

int count_stretches(const HistoryRecord& record, StretchOutcome outcome) {
  return static_cast<int>(std::count_if(
      record.stretch_records.begin(), record.stretch_records.end(),
      [outcome](const StretchRecord& stretch) { return stretch.outcome == outcome; }));
}

// A field quoted when it holds a separator, a quote or a line break, with
// its quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c == '"' ? "\"\"" : std::string(1, c);
  }
  return quoted + "\"";
}

}  // namespace

std::string format_history_csv(const std::vector<HistoryRecord>& records) {
  std::string out =
      "start,end,routine,source,planned_seconds,done_seconds,real_seconds,wall_seconds,speed,"
      "stretches,stretches_done,stretches_skipped,outcome,machine,id\r\n";
  for (const HistoryRecord& record : records) {
    out += fmt::format(
        "{},{},{},{},{:g},{:g},{:g},{:g},{:g},{},{},{},{},{},{}\r\n", format_iso8601(record.start),
        format_iso8601(record.end()), csv_field(record.routine), csv_field(record.source),
        in_seconds(record.planned), in_seconds(record.done), in_seconds(record.real_time()),
        in_seconds(record.wall), record.speed, record.stretches, record.stretches_done,
        count_stretches(record, StretchOutcome::skipped), csv_field(record.outcome),
        csv_field(record.machine), csv_field(record.id));
  }
  return out;
}

namespace {

std::string ics_time(std::int64_t epoch) {
  const CalendarTime utc = calendar_time(epoch);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", utc.date.year, utc.date.month,
                     utc.date.day, utc.hour, utc.minute, utc.second);
}

// TEXT values escape backslash, semicolon, comma and line breaks; other
// control characters have no place in a calendar and are left out.
std::string ics_text(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '\\' || c == ';' || c == ',') {
      escaped += '\\';
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) {
      escaped += c;
    }
  }
  return escaped;
}

// A content line folded at 75 octets, never inside a UTF-8 sequence, each
// continuation starting with a space; CRLF ends every line.
std::string ics_line(std::string_view line) {
  std::string out;
  std::size_t limit = 75;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && is_continuation_byte(line[cut])) {
      --cut;
    }
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
  return out;
}

}  // namespace

std::string format_history_ics(const std::vector<HistoryRecord>& records) {
  std::string out = ics_line("BEGIN:VCALENDAR") + ics_line("VERSION:2.0") +
                    ics_line("PRODID:-//stretch//history export//EN") +
                    ics_line("CALSCALE:GREGORIAN");
  for (const HistoryRecord& record : records) {
    const std::int64_t end = std::max(record.end().epoch, record.start.epoch + 1);
    const std::string description = fmt::format(
        "{} of {} stretched, {} of {} stretches, {}{}.", format_duration(record.real_time()),
        format_duration(record.planned), record.stretches_done, record.stretches, record.outcome,
        record.machine.empty() ? "" : ", on " + record.machine);
    out += ics_line("BEGIN:VEVENT");
    // A session from before records had ids keeps the UID it was exported
    // with: unique as long as no two sessions start in the same second with
    // the same routine, which one person cannot do.
    out += ics_line(record.id.empty()
                        ? fmt::format("UID:{}-{}@stretch.history", ics_time(record.start.epoch),
                                      ics_text(record.routine))
                        : fmt::format("UID:{}@stretch.history", ics_text(record.id)));
    out += ics_line("DTSTAMP:" + ics_time(end));
    out += ics_line("DTSTART:" + ics_time(record.start.epoch));
    out += ics_line("DTEND:" + ics_time(end));
    out += ics_line("SUMMARY:" + ics_text("Stretch: " + record.routine));
    out += ics_line("DESCRIPTION:" + ics_text(description));
    out += ics_line("END:VEVENT");
  }
  return out + ics_line("END:VCALENDAR");
}

}  // namespace stretch
