#pragma once

// Where the tests find the source tree and the programs the build made.
// Defined in a source that CMake writes from test_paths.cpp.in: the paths
// of one checkout go into that one small file rather than into every test,
// so that a fresh clone elsewhere finds the test sources in ccache.
namespace test_paths {

extern const char* const fixtures;     // tests/fixtures
extern const char* const expected;     // tests/e2e/expected
extern const char* const busy;         // tests/busy
extern const char* const routines;     // data/routines
extern const char* const docs;         // docs
extern const char* const completions;  // completions
extern const char* const locale;       // the build's compiled message catalogs
extern const char* const stretch;      // the stretch binary
extern const char* const bus_server;   // tests/helpers/bus_server.cpp, built
extern const char* const python;       // Debian's python3

}  // namespace test_paths
