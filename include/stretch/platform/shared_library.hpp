#pragma once

#include <dlfcn.h>

// A library that only some commands need, opened the first time one of its
// functions is: linked into the binary, its dependencies would load at
// every `stretch status` and `stretch list`. libsystemd (the reminder's
// bus), libical, libpulse and GIO (the busy sources) are opened this way.
// A library that is not installed leaves what needs it unable to tell, and
// the reminder as it was.
namespace stretch {

class SharedLibrary {
 public:
  // soname: "libical.so.3"; opened for good, since GLib's threads and
  // libical's caches must outlive any use.
  explicit SharedLibrary(const char* soname) : handle_(::dlopen(soname, RTLD_NOW | RTLD_LOCAL)) {}

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
// name is declared, not computed, so it stays bare.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define STRETCH_LIBRARY_FUNCTION(name) \
  decltype(&::name) name = library.find<decltype(::name)>(#name)
// NOLINTEND(bugprone-macro-parentheses)
