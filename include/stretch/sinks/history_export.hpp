#pragma once

#include <string>
#include <vector>

#include "stretch/sinks/history.hpp"

// The history as people and other programs read it.
namespace stretch {

// Whether the sessions ran on more than one machine.
bool several_machines(const std::vector<HistoryRecord>& records);

// The table of `stretch history`, a session a row; with machines, a column
// says which machine each ran on.
std::string format_history_table(const std::vector<HistoryRecord>& records, bool machines = false);

// Exports: RFC 4180 CSV with a header row, and an RFC 5545 calendar with
// one event per session, in UTC. Both carry each session's machine and id.
std::string format_history_csv(const std::vector<HistoryRecord>& records);
std::string format_history_ics(const std::vector<HistoryRecord>& records);

}  // namespace stretch
