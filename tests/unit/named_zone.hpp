#pragma once

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "stretch/cli/cli.hpp"

// A real zone's rules from the tz database, as the process reads them: TZ
// names the zone while this lives and is put back after. A name the
// database lacks would quietly be UTC, so it fails the test instead.
class NamedZone {
 public:
  explicit NamedZone(const std::string& name) {
    REQUIRE(std::filesystem::exists("/usr/share/zoneinfo/" + name));
    if (const char* old = std::getenv("TZ")) {
      old_ = old;
    }
    ::setenv("TZ", name.c_str(), 1);
    ::tzset();
    zone_ = stretch::process_time_zone();
  }
  NamedZone(const NamedZone&) = delete;
  NamedZone& operator=(const NamedZone&) = delete;
  ~NamedZone() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

  const stretch::TimeZone& operator*() const { return *zone_; }

 private:
  std::optional<std::string> old_;
  std::shared_ptr<const stretch::TimeZone> zone_;
};
