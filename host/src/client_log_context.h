#pragma once
// The fields of the client's X-Server-Structlog-Context header that jobmond copies into its JSON
// request log. The header is client input, and log readers trust the log's fields, so only the
// correlation ids the Jobmon client itself binds are taken (docs/deployment.md, "Logs"), each at
// most once, never one the server writes itself, with a scalar value of bounded size, from a
// header of bounded size; everything else in the header is ignored.
#include <string_view>
#include <vector>

#include "jobmon/json.h"

namespace jobmon::host {

// Whether the Jobmon client binds `key` into the context it sends (3.4 and 3.6 clients).
bool is_client_context_key(std::string_view key);

// Writes the acceptable fields of `header` (a JSON object's text) as keys of the object `w` is
// in. `written` holds the keys the entry already has; the keys written here are added to it.
void write_client_context(api::JsonWriter& w, std::string_view header,
                          std::vector<std::string>& written);

}  // namespace jobmon::host
