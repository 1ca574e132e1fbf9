#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stretch/platform/environment.hpp"

// Messages in the user's language, through gettext's "stretch" catalog.
// Until main binds the catalog (use_message_catalog), and in the C locale,
// every message is its English original, which is what the tests compare.
namespace stretch {

// The translation of a message: tr("Rest").
const char* tr(const char* message);
// The translation of a short message that means something else elsewhere,
// told apart by a context that translators see (gettext's pgettext):
// trc("placeholder", "TIME") is a time of day, tr("TIME") a column of lengths.
const char* trc(const char* context, const char* message);
// The translation of a message with a count in it, by the language's
// plural rules: fmt::format(trn("{} stretch", "{} stretches", n), n).
const char* trn(const char* singular, const char* plural, unsigned long count);
// The language that tr() speaks: "de" from the German catalog, "en" when
// no catalog is bound or none matches the user's languages.
std::string message_language();
// Marks a message for extraction where it is defined, to be translated
// where it is shown: a table of texts.
#define N_(message) message

// Binds the catalog: the build tree's locale/ next to the binary when it
// is there (so that an uninstalled build speaks every language), otherwise
// the installed share/locale.
void use_message_catalog(const std::filesystem::path& program);

// The languages asked for, most wanted first, as gettext reads them:
// LANGUAGE (a colon-separated list) when the locale is not C, then the
// first set of LC_ALL, LC_MESSAGES and LANG. "de_DE.UTF-8" gives "de_DE"
// then "de"; C and POSIX give nothing.
std::vector<std::string> wanted_languages(const Environment& environment);

// The first wanted language that is in available ("de", "es"), or
// nothing for English.
std::optional<std::string> choose_language(const Environment& environment,
                                           const std::vector<std::string>& available);

}  // namespace stretch
