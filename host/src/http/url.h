#pragma once
// URL helpers for request preparation: percent-decoding and path splitting, as Starlette sees a
// request (the path is decoded before routing; query values are form-decoded, '+' is a space).
#include <string>
#include <string_view>
#include <vector>

namespace jobmon::host {

// %XX sequences decoded; malformed escapes are kept verbatim. With plus_as_space, '+' -> ' '.
// The result is valid UTF-8: bytes that are not are replaced by U+FFFD, as Python's unquote()
// does (errors="replace"), so no handler or database ever sees invalid text from a URL.
std::string percent_decode(std::string_view text, bool plus_as_space = false);

// `text` with every byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string text);

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}. The leading '/' is required (else empty result).
std::vector<std::string> split_path(std::string_view path);

}  // namespace jobmon::host
