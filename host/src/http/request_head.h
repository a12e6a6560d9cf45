#pragma once
// A request head in the plain shape nearly every client sends, read without Pistache's parser.
//
// Why: Pistache 0.0.5's parser is a fifth of a small request's HTTP work in jobmond: it copies
// each header twice, looks its name up in its registry and builds a typed header for the names it
// knows (Host, Content-Type, Accept, ...), then resets a dozen objects for the next request. The
// request framer has already read the whole head (request_framer.h); for a request that arrived
// in one read, read_plain_head() reads that head instead.
//
// It reads only heads that Pistache reads without complaint and to the same meaning, and refuses
// (nullopt) everything else, which then goes to Pistache's parser as before: so the answer to a
// request never depends on which of the two read it, nor on how TCP cut it into reads. Plain
// means: a request line "METHOD SP target SP HTTP/1.x" with a method some route may have and a
// printable target; headers "name: value" with token names, printable values and no name twice;
// none of Pistache's typed headers except those whose value is checked here to be one Pistache
// parses (a Host of letters, digits, dots and dashes with an optional port; a decimal
// Content-Length; a Connection of close or keep-alive; an Accept of */* or application/json; a
// JSON Content-Type; any User-Agent or Authorization), and no Transfer-Encoding or cookies.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "jobmon/plugin_api.h"

namespace jobmon::host {

// Longer request lines are refused (414) rather than buffered: Pistache sets no limit of its own
// short of the whole request's, and the Python server's (h11's) is 16 KiB for the whole head.
constexpr std::size_t kMaxRequestLineBytes = 65536;

struct PlainHeader {
  std::string_view name;   // as sent
  std::string_view value;  // as Pistache keeps it: leading spaces dropped, the rest to the CR
};

// Views into the head it was read from.
struct PlainHead {
  std::string_view method;                       // GET, POST, PUT, DELETE or PATCH
  api::Method route_method = api::Method::kGet;  // the same
  std::string_view path;                         // the target up to its '?'
  std::string_view query;                        // after the '?' (empty without one)
  bool http10 = false;
  bool keep_alive = true;  // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only if asked
  unsigned long long content_length = 0;
  std::vector<PlainHeader> headers;

  // The first header of that name, any case (Pistache's lookup).
  std::optional<std::string_view> header(std::string_view name) const;
};

// `head`: the request line and headers up to and including the blank line.
std::optional<PlainHead> read_plain_head(std::string_view head);

}  // namespace jobmon::host
