#include "stretch/platform/i18n.hpp"

#include <algorithm>

#include <libintl.h>

#include "stretch/platform/text.hpp"

namespace stretch {
namespace {

constexpr const char* domain = "stretch";

// "de_DE.UTF-8@euro" as "de_DE" and "de".
void add_language(std::string_view name, std::vector<std::string>& languages) {
  name = name.substr(0, name.find_first_of(".@"));
  if (name.empty() || name == "C" || name == "POSIX") {
    return;
  }
  const auto add = [&](std::string_view language) {
    if (std::find(languages.begin(), languages.end(), language) == languages.end()) {
      languages.emplace_back(language);
    }
  };
  add(name);
  add(name.substr(0, name.find('_')));
}

}  // namespace

const char* tr(const char* message) {
  return ::dgettext(domain, message);
}

const char* trc(const char* context, const char* message) {
  // gettext keys a message with a context as "context\4message" and gives
  // the key back when it has no translation.
  const std::string key = std::string(context) + '\4' + message;
  const char* translated = ::dgettext(domain, key.c_str());
  return translated == key.c_str() ? message : translated;
}

const char* trn(const char* singular, const char* plural, unsigned long count) {
  return ::dngettext(domain, singular, plural, count);
}

std::string message_language() {
  // gettext gives the catalog's header for the empty message; translators
  // fill in its Language field.
  const char* header_key = "";  // not a literal here, or xgettext would take it for a message
  const std::string_view header = ::dgettext(domain, header_key);
  constexpr std::string_view field = "Language: ";
  for (std::string_view line : split_at(header, '\n')) {
    if (line.starts_with(field) && line.size() > field.size()) {
      return std::string(line.substr(field.size()));
    }
  }
  return "en";
}

void use_message_catalog(const std::filesystem::path& program) {
  const std::filesystem::path dir = program.parent_path();
  std::error_code error;
  const std::filesystem::path build_tree = dir / "locale";
  const std::filesystem::path installed = dir.parent_path() / "share" / "locale";
  ::bindtextdomain(
      domain, (std::filesystem::is_directory(build_tree, error) ? build_tree : installed).c_str());
  ::bind_textdomain_codeset(domain, "UTF-8");
}

std::vector<std::string> wanted_languages(const Environment& environment) {
  std::optional<std::string_view> locale;
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    if ((locale = environment.non_empty(name))) {
      break;
    }
  }
  std::vector<std::string> languages;
  // gettext ignores LANGUAGE in the C locale, and so does this.
  const std::string_view base = locale ? locale->substr(0, locale->find_first_of(".@")) : "C";
  if (base == "C" || base == "POSIX") {
    return languages;
  }
  if (const std::optional<std::string_view> list = environment.non_empty("LANGUAGE")) {
    std::size_t begin = 0;
    while (begin <= list->size()) {
      const std::size_t end = std::min(list->find(':', begin), list->size());
      add_language(list->substr(begin, end - begin), languages);
      begin = end + 1;
    }
  }
  add_language(*locale, languages);
  return languages;
}

std::optional<std::string> choose_language(const Environment& environment,
                                           const std::vector<std::string>& available) {
  for (const std::string& language : wanted_languages(environment)) {
    if (language == "en" || language.starts_with("en_")) {
      return std::nullopt;
    }
    if (std::find(available.begin(), available.end(), language) != available.end()) {
      return language;
    }
  }
  return std::nullopt;
}

}  // namespace stretch
