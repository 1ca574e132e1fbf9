# Writes OUTPUT, a C++ source holding each JSON file of INPUT_DIR as a
# string, named after the file. Run by the build (cmake -P).
file(GLOB inputs ${INPUT_DIR}/*.json)
list(SORT inputs)
set(entries "")
foreach(input IN LISTS inputs)
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
  "#include \"routine/builtin_routines.hpp\"\n\n"
  "namespace stretch {\n\n"
  "std::span<const BuiltinRoutine> builtin_routines() {\n"
  "  static constexpr BuiltinRoutine routines[] = {\n${entries}  };\n"
  "  return routines;\n}\n\n}  // namespace stretch\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
