#pragma once

#include <dlfcn.h>

// A library that a busy source reads with (libical, libpulse, GIO), opened
// the first time a reminder asks that source: linked into the binary,
// their dozens of dependencies (ICU, X11, codecs) would load at every
// `stretch status` and `stretch list`. A library that is not installed
// leaves its source unable to tell, and the reminder as it was.
namespace stretch {

class BusyLibrary {
 public:
  // soname: "libical.so.3"; opened for good, since GLib's threads and
  // libical's caches must outlive any source.
  explicit BusyLibrary(const char* soname) : handle_(::dlopen(soname, RTLD_NOW | RTLD_LOCAL)) {}

  // The function of that name, typed as the header declares it; null, and
  // complete() false, when it is missing.
  template <class Function>
  Function* find(const char* name) {
    void* found = handle_ != nullptr ? ::dlsym(handle_, name) : nullptr;
    complete_ = complete_ && found != nullptr;
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): what dlsym is for
    return reinterpret_cast<Function*>(found);
  }
  // Whether the library and every function asked of it were found.
  bool complete() const { return handle_ != nullptr && complete_; }

 private:
  void* handle_;
  bool complete_ = true;
};

}  // namespace stretch

// A member of a library's table: the function NAME as its header declares
// it, looked up in the member `library`.
// NOLINTNEXTLINE(bugprone-macro-parentheses): name is declared, not computed
#define STRETCH_BUSY_FUNCTION(name) decltype(&::name) name = library.find<decltype(::name)>(#name)
