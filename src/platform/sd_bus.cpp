#include "stretch/platform/sd_bus.hpp"

namespace stretch {

BusLibrary& bus_library() {
  static BusLibrary loaded;
  return loaded;
}

BusPointer connect_bus(const std::string& address, std::uint64_t timeout_usec) {
  BusLibrary& functions = bus_library();
  sd_bus* raw = nullptr;
  if (!functions.library.complete() || functions.sd_bus_new(&raw) < 0) {
    return nullptr;
  }
  BusPointer bus(raw);
  if (functions.sd_bus_set_address(bus.get(), address.c_str()) < 0 ||
      functions.sd_bus_set_method_call_timeout(bus.get(), timeout_usec) < 0 ||
      functions.sd_bus_set_bus_client(bus.get(), 1) < 0 || functions.sd_bus_start(bus.get()) < 0) {
    return nullptr;
  }
  return bus;
}

}  // namespace stretch
