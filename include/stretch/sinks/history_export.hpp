#pragma once

#include <string>
#include <vector>

#include "stretch/sinks/history.hpp"

// The history as people and other programs read it.
namespace stretch {

// The table of `stretch history`, a session a row.
std::string format_history_table(const std::vector<HistoryRecord>& records);

// Exports: RFC 4180 CSV with a header row, and an RFC 5545 calendar with
// one event per session, in UTC.
std::string format_history_csv(const std::vector<HistoryRecord>& records);
std::string format_history_ics(const std::vector<HistoryRecord>& records);

}  // namespace stretch
