#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

// A directory of a test's own under the temporary directory, gone with
// everything in it when the test is done with it: a scratch HOME, a place
// for files to write. mkdtemp names it, so that tests running at once, in
// one process or several, never share one. For the tests of both suites.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& purpose = "test") {
    std::string name =
        (std::filesystem::temp_directory_path() / ("stretch-" + purpose + "-XXXXXX")).string();
    if (::mkdtemp(name.data()) == nullptr) {
      throw std::runtime_error("cannot make a directory like " + name);
    }
    path_ = name;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};
