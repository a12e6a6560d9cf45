#pragma once
// Which generation of the Jobmon client sent a request, read from the version it reports (the
// query parameter client_jobmon_version, which every Jobmon client adds to every request). v3
// serves both generations at once: its routes whose answer or behaviour differs by generation
// (plugins/v3/generation_routes.h) ask this, and nothing else does. The rule is the Jobmon 3.6
// server's (README, "How the client's version is read"; docs/compatibility.md, "Client
// generations").
#include <optional>
#include <string_view>

#include "jobmon/plugin_api.h"

namespace jobmon::routes {

enum class ClientGeneration {
  kJobmon34,  // up to 3.4.23, no version, or one that does not read as numbers
  kJobmon36,  // after 3.4.23, or any dev/stage build
};

// The 3.6 server's rule: absent or empty -> 3.4; "dev" or "stage" anywhere (any case) -> 3.6;
// else the dot-separated parts read as Python int()s (surrounding blanks, a sign, underscores
// between digits), padded with zeros, compared with 3.4.23: above -> 3.6, else 3.4; a part that
// is no integer (3.6.0rc1, v3.6) -> 3.4.
ClientGeneration client_generation(std::optional<std::string_view> version);

// The generation of a request's caller (its last client_jobmon_version parameter).
ClientGeneration client_generation(const api::Request& req);

}  // namespace jobmon::routes
