#pragma once

#include "stretch/commands/context.hpp"
#include "stretch/session/clock.hpp"

// A reminder's input on a virtual clock: with a keyboard, as in a terminal,
// or without one, as the service runs.
class VirtualInput final : public stretch::LiveInput {
 public:
  explicit VirtualInput(bool keys) : keys_(keys) {}
  stretch::Clock& clock() override { return clock_; }
  bool has_keys() const override { return keys_; }

 private:
  bool keys_;
  stretch::VirtualClock clock_;
};
