#pragma once

#include <clocale>
#include <cstdlib>
#include <optional>
#include <string>

#include <libintl.h>

#include <catch2/catch.hpp>

#include "../test_paths.hpp"

// Speaks a language for the life of the object, from the build tree's
// compiled catalogs, as main does with the user's locale: LC_MESSAGES
// set, and LANGUAGE too, which gettext would otherwise put first.
class MessageLanguage {
 public:
  MessageLanguage(const char* locale, const char* language)
      : previous_(std::setlocale(LC_MESSAGES, nullptr)) {
    if (const char* languages = std::getenv("LANGUAGE")) {
      previous_languages_ = languages;
    }
    ::bindtextdomain("stretch", test_paths::locale);
    ::bind_textdomain_codeset("stretch", "UTF-8");
    REQUIRE(std::setlocale(LC_MESSAGES, locale) != nullptr);
    ::setenv("LANGUAGE", language, 1);
  }
  ~MessageLanguage() {
    if (previous_languages_) {
      ::setenv("LANGUAGE", previous_languages_->c_str(), 1);
    } else {
      ::unsetenv("LANGUAGE");
    }
    std::setlocale(LC_MESSAGES, previous_.c_str());
  }
  MessageLanguage(const MessageLanguage&) = delete;
  MessageLanguage& operator=(const MessageLanguage&) = delete;

 private:
  std::string previous_;
  std::optional<std::string> previous_languages_;
};
