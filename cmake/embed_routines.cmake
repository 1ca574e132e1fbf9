# Writes OUTPUT, a C++ source holding each file of INPUTS as a string, named
# after the file. Run by the build (cmake -P), never at configure time.
set(entries "")
foreach(input IN LISTS INPUTS)
  get_filename_component(name ${input} NAME_WE)
  file(READ ${input} content)
  string(FIND "${content}" ")stretch_routine\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${input} contains the raw string delimiter")
  endif()
  string(APPEND entries
         "    {\"${name}\", R\"stretch_routine(${content})stretch_routine\"},\n")
endforeach()
file(
  WRITE ${OUTPUT}.tmp
  "// Generated from data/routines by cmake/embed_routines.cmake.\n"
  "#include \"builtin_routines.hpp\"\n\n"
  "namespace stretch {\n\n"
  "std::span<const BuiltinRoutine> builtin_routines() {\n"
  "  static constexpr BuiltinRoutine routines[] = {\n${entries}  };\n"
  "  return routines;\n}\n\n}  // namespace stretch\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
