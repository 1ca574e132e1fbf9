#include "stretch/session/sink.hpp"

#include "stretch/platform/output.hpp"

namespace stretch {

template <class Call>
void FanOutSink::each(Call&& call) {
  std::optional<OutputClosed> first_closed;
  for (std::size_t i = 0; i < sinks_.size(); ++i) {
    if (closed_[i]) {
      continue;
    }
    try {
      call(*sinks_[i]);
    } catch (const OutputClosed& closed) {
      closed_[i] = true;
      first_closed = first_closed.value_or(closed);
    }
  }
  if (first_closed) {
    throw *first_closed;
  }
}

void FanOutSink::on_event(const Event& event) {
  each([&](Sink& sink) { sink.on_event(event); });
}

std::optional<Millis> FanOutSink::next_redraw(Millis now) const {
  std::optional<Millis> soonest;
  for (std::size_t i = 0; i < sinks_.size(); ++i) {
    const std::optional<Millis> next = closed_[i] ? std::nullopt : sinks_[i]->next_redraw(now);
    if (next && (!soonest || *next < *soonest)) {
      soonest = next;
    }
  }
  return soonest;
}

void FanOutSink::redraw(Millis now) {
  each([&](Sink& sink) { sink.redraw(now); });
}

void FanOutSink::flush() {
  each([](Sink& sink) { sink.flush(); });
}

std::vector<int> FanOutSink::descriptors() const {
  std::vector<int> all;
  for (std::size_t i = 0; i < sinks_.size(); ++i) {
    if (!closed_[i]) {
      const std::vector<int> fds = sinks_[i]->descriptors();
      all.insert(all.end(), fds.begin(), fds.end());
    }
  }
  return all;
}

void FanOutSink::tend() {
  each([](Sink& sink) { sink.tend(); });
}

bool FanOutSink::holding() const {
  for (std::size_t i = 0; i < sinks_.size(); ++i) {
    if (!closed_[i] && sinks_[i]->holding()) {
      return true;
    }
  }
  return false;
}

}  // namespace stretch
