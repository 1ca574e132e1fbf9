#pragma once

#include <span>
#include <string_view>

namespace stretch {

struct BuiltinRoutine {
  std::string_view name;
  std::string_view json;
};

// The routines of data/routines/, compiled in; defined in a generated source.
std::span<const BuiltinRoutine> builtin_routines();

}  // namespace stretch
