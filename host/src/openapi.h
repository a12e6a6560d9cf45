#pragma once
// The OpenAPI 3 document of a deployment, generated from what the loaded plugins registered
// (paths, methods, summaries, path and query parameters, body and answer schemas), so it always
// matches what this jobmond serves: a v2-only deployment documents only v2.
#include <string>

#include "http/router.h"

namespace jobmon::host {

// `auth_enabled`: routes of kRequireUser plugins are marked as needing a bearer token or a
// trusted proxy's user.
std::string openapi_document(const RouteTable& routes, bool auth_enabled);

}  // namespace jobmon::host
