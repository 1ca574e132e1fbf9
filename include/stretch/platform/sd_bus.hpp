#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <systemd/sd-bus.h>

#include "stretch/platform/shared_library.hpp"

// libsystemd's bus client, which only the reminder uses: opened on first
// use, so that `stretch status` and `stretch list` do not load libsystemd
// and its chain (libgcrypt, liblzma, libzstd, liblz4, libcap).
namespace stretch {

// The functions stretch calls, typed by libsystemd's own header.
struct BusLibrary {
  SharedLibrary library{"libsystemd.so.0"};
  STRETCH_LIBRARY_FUNCTION(sd_bus_call_method);
  STRETCH_LIBRARY_FUNCTION(sd_bus_error_free);
  STRETCH_LIBRARY_FUNCTION(sd_bus_flush_close_unref);
  STRETCH_LIBRARY_FUNCTION(sd_bus_get_fd);
  STRETCH_LIBRARY_FUNCTION(sd_bus_get_property_trivial);
  STRETCH_LIBRARY_FUNCTION(sd_bus_match_signal);
  STRETCH_LIBRARY_FUNCTION(sd_bus_message_get_sender);
  STRETCH_LIBRARY_FUNCTION(sd_bus_message_read);
  STRETCH_LIBRARY_FUNCTION(sd_bus_message_unref);
  STRETCH_LIBRARY_FUNCTION(sd_bus_new);
  STRETCH_LIBRARY_FUNCTION(sd_bus_process);
  STRETCH_LIBRARY_FUNCTION(sd_bus_set_address);
  STRETCH_LIBRARY_FUNCTION(sd_bus_set_bus_client);
  STRETCH_LIBRARY_FUNCTION(sd_bus_set_method_call_timeout);
  STRETCH_LIBRARY_FUNCTION(sd_bus_slot_unref);
  STRETCH_LIBRARY_FUNCTION(sd_bus_start);
};

// Opened on the first call. Every function is there whenever a connection
// is (connect_bus checks), so code that holds a bus calls them freely.
BusLibrary& bus_library();

struct BusDeleter {
  void operator()(sd_bus* bus) const { bus_library().sd_bus_flush_close_unref(bus); }
};
using BusPointer = std::unique_ptr<sd_bus, BusDeleter>;

// A client connection to the bus at address whose calls give up after
// timeout_usec: a server answers at once or not at all, and the reminder
// must not stall. Null when there is no such bus, or no libsystemd.
BusPointer connect_bus(const std::string& address, std::uint64_t timeout_usec);

}  // namespace stretch
