#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// A whole file as a string, for the tests of both suites; empty when it
// cannot be read.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
