// The microphone busy source: the sound server's recording streams, read
// with libpulse's introspection (PipeWire answers it through
// pipewire-pulse).
#include <chrono>
#include <functional>
#include <set>
#include <string>

#include <pulse/pulseaudio.h>

#include "stretch/busy/sources.hpp"
#include "stretch/platform/shared_library.hpp"

namespace stretch {
namespace {
struct Pulse {
  SharedLibrary library{"libpulse.so.0"};
  STRETCH_LIBRARY_FUNCTION(pa_context_connect);
  STRETCH_LIBRARY_FUNCTION(pa_context_disconnect);
  STRETCH_LIBRARY_FUNCTION(pa_context_get_source_info_list);
  STRETCH_LIBRARY_FUNCTION(pa_context_get_source_output_info_list);
  STRETCH_LIBRARY_FUNCTION(pa_context_get_state);
  STRETCH_LIBRARY_FUNCTION(pa_context_new);
  STRETCH_LIBRARY_FUNCTION(pa_context_unref);
  STRETCH_LIBRARY_FUNCTION(pa_mainloop_dispatch);
  STRETCH_LIBRARY_FUNCTION(pa_mainloop_free);
  STRETCH_LIBRARY_FUNCTION(pa_mainloop_get_api);
  STRETCH_LIBRARY_FUNCTION(pa_mainloop_new);
  STRETCH_LIBRARY_FUNCTION(pa_mainloop_poll);
  STRETCH_LIBRARY_FUNCTION(pa_mainloop_prepare);
  STRETCH_LIBRARY_FUNCTION(pa_operation_get_state);
  STRETCH_LIBRARY_FUNCTION(pa_operation_unref);
  STRETCH_LIBRARY_FUNCTION(pa_proplist_gets);
};

Pulse& pulse() {
  static Pulse loaded;
  return loaded;
}

// A sound server answers at once or not at all; the reminder must not
// stall on one that hangs.
constexpr std::chrono::milliseconds answer_time{1000};

struct MainloopDeleter {
  void operator()(pa_mainloop* loop) const { pulse().pa_mainloop_free(loop); }
};
struct ContextDeleter {
  void operator()(pa_context* context) const {
    pulse().pa_context_disconnect(context);
    pulse().pa_context_unref(context);
  }
};
struct OperationDeleter {
  void operator()(pa_operation* operation) const { pulse().pa_operation_unref(operation); }
};

// What the two lists tell: which sources are monitors, and whether a
// stream records from any other.
struct Streams {
  pid_t self = 0;
  std::set<std::uint32_t> monitors;
  bool recording = false;
};

void add_source(pa_context* /*context*/, const pa_source_info* info, int end, void* data) {
  if (end == 0 && info != nullptr && info->monitor_of_sink != PA_INVALID_INDEX) {
    static_cast<Streams*>(data)->monitors.insert(info->index);
  }
}

void add_output(pa_context* /*context*/, const pa_source_output_info* info, int end, void* data) {
  auto* streams = static_cast<Streams*>(data);
  if (end != 0 || info == nullptr || info->corked != 0 ||
      streams->monitors.contains(info->source)) {
    return;
  }
  const char* pid = pulse().pa_proplist_gets(info->proplist, PA_PROP_APPLICATION_PROCESS_ID);
  if (pid != nullptr && std::to_string(streams->self) == pid) {
    return;
  }
  streams->recording = true;
}

// Runs the loop until done says so; false when the time is up or the
// loop fails first.
bool run_until(pa_mainloop* loop, std::chrono::steady_clock::time_point deadline,
               const std::function<bool()>& done) {
  while (!done()) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 ||
        pulse().pa_mainloop_prepare(loop, static_cast<int>(left.count())) < 0 ||
        pulse().pa_mainloop_poll(loop) < 0 || pulse().pa_mainloop_dispatch(loop) < 0) {
      return false;
    }
  }
  return true;
}

bool finished(pa_operation* operation) {
  return pulse().pa_operation_get_state(operation) != PA_OPERATION_RUNNING;
}

// Whether a stream records from a microphone; nothing when no server
// answers.
std::optional<bool> server_recording(const std::string& server, pid_t self) {
  if (!pulse().library.complete()) {
    return std::nullopt;
  }
  const std::unique_ptr<pa_mainloop, MainloopDeleter> loop(pulse().pa_mainloop_new());
  if (!loop) {
    return std::nullopt;
  }
  const std::unique_ptr<pa_context, ContextDeleter> context(
      pulse().pa_context_new(pulse().pa_mainloop_get_api(loop.get()), "stretch"));
  if (!context ||
      pulse().pa_context_connect(context.get(), server.empty() ? nullptr : server.c_str(),
                                 PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0) {
    return std::nullopt;
  }
  const auto deadline = std::chrono::steady_clock::now() + answer_time;
  const bool ready = run_until(loop.get(), deadline, [&] {
    const pa_context_state_t state = pulse().pa_context_get_state(context.get());
    return state == PA_CONTEXT_READY || !PA_CONTEXT_IS_GOOD(state);
  });
  if (!ready || pulse().pa_context_get_state(context.get()) != PA_CONTEXT_READY) {
    return std::nullopt;
  }
  Streams streams{self};
  const std::unique_ptr<pa_operation, OperationDeleter> sources(
      pulse().pa_context_get_source_info_list(context.get(), add_source, &streams));
  if (!sources || !run_until(loop.get(), deadline, [&] { return finished(sources.get()); })) {
    return std::nullopt;
  }
  const std::unique_ptr<pa_operation, OperationDeleter> outputs(
      pulse().pa_context_get_source_output_info_list(context.get(), add_output, &streams));
  if (!outputs || !run_until(loop.get(), deadline, [&] { return finished(outputs.get()); })) {
    return std::nullopt;
  }
  return streams.recording;
}

}  // namespace

std::string pulse_server(const Environment& environment) {
  if (const std::optional<std::string_view> server = environment.non_empty("PULSE_SERVER")) {
    return std::string(*server);
  }
  if (const std::optional<std::string_view> runtime = environment.non_empty("XDG_RUNTIME_DIR")) {
    return "unix:" + std::string(*runtime) + "/pulse/native";
  }
  return "";
}

MicrophoneSource::MicrophoneSource(std::string server, std::filesystem::path proc_root, pid_t self)
    : server_(std::move(server)), proc_root_(std::move(proc_root)), self_(self) {}

Busy MicrophoneSource::check(std::int64_t /*now*/) {
  Busy busy;
  const std::optional<bool> recording =
      server_.empty() ? std::nullopt : server_recording(server_, self_);
  if (recording.value_or(!proc_root_.empty() && capture_running(proc_root_))) {
    busy.add(BusyKind::microphone);
  }
  return busy;
}

}  // namespace stretch
