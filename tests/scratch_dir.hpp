#pragma once

#include <filesystem>
#include <string>

#include <unistd.h>

// A directory of the test's own under the temporary directory, removed with
// all it holds at the end of the scope; name tells the tests apart.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             ("stretch-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::filesystem::path path;
};
