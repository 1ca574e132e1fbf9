// Measures how late stretch reports each event, from outside the process:
// starts `stretch start ROUTINE --format json --speed X`, timestamps every
// line as it arrives on the pipe, and compares its arrival (counted from the
// first line's) with the plan offset "t" the line carries, divided by the
// speed. Prints one line of figures, in milliseconds:
//   events median_late p99_late max_late end_error
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

extern char** environ;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: cue_timing STRETCH ROUTINE SPEED\n");
    return 64;
  }
  const double speed = std::stod(argv[3]);
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) {
    return 74;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::string binary = argv[1];
  std::string routine = argv[2];
  std::string speed_text = argv[3];
  std::string start = "start", format = "--format", json = "json", speed_flag = "--speed";
  std::vector<char*> args{binary.data(), start.data(),      routine.data(),   format.data(),
                          json.data(),   speed_flag.data(), speed_text.data()};
  args.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawn(&pid, binary.c_str(), &actions, nullptr, args.data(), environ) != 0) {
    std::fprintf(stderr, "cannot start %s\n", binary.c_str());
    return 74;
  }
  ::close(pipe_fds[1]);

  using Clock = std::chrono::steady_clock;
  std::vector<double> late;
  double end_error = 0;
  std::string pending;
  Clock::time_point first{};
  bool have_first = false;
  char buffer[65536];
  while (true) {
    const ssize_t count = ::read(pipe_fds[0], buffer, sizeof buffer);
    const Clock::time_point now = Clock::now();
    if (count <= 0) {
      break;
    }
    pending.append(buffer, static_cast<std::size_t>(count));
    std::size_t newline = 0;
    while ((newline = pending.find('\n')) != std::string::npos) {
      const auto event = nlohmann::json::parse(pending.substr(0, newline));
      pending.erase(0, newline + 1);
      if (!have_first) {
        first = now;
        have_first = true;
      }
      const double arrived_ms = std::chrono::duration<double, std::milli>(now - first).count();
      const double planned_ms = event.at("t").get<double>() * 1000.0 / speed;
      late.push_back(arrived_ms - planned_ms);
      if (event.at("event") == "end") {
        end_error = arrived_ms - planned_ms;
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (late.empty()) {
    return 1;
  }
  std::vector<double> sorted = late;
  std::sort(sorted.begin(), sorted.end());
  const auto at = [&](double q) {
    return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
  };
  std::printf("%zu %.3f %.3f %.3f %.3f\n", sorted.size(), at(0.5), at(0.99), sorted.back(),
              end_error);
  return 0;
}
