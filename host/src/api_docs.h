#pragma once
// The API's documentation, served by the host: GET /api/openapi.json (generated from the
// loaded plugins' routes) and the Swagger UI page at GET /api/docs, whose files (vendored from
// the swagger-ui-dist npm package at build time, scripts/vendor-swagger-ui) are read once at
// start-up. No CDN: the page works offline and under the strict Content-Security-Policy.
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "jobmon/plugin_api.h"

namespace jobmon::host {

struct IncomingRequest;

class ApiDocs {
 public:
  // `swagger_dir` may be empty or missing: /api/docs then answers 404 saying how to install it.
  ApiDocs(std::string openapi_json, const std::filesystem::path& swagger_dir);

  // Whether `in` asks for a documentation URL.
  bool serves(const IncomingRequest& in) const;
  // The answer when `in` asks for a documentation URL, else nullopt.
  std::optional<api::Response> serve(const IncomingRequest& in) const;

  bool has_swagger_ui() const { return !files_.empty(); }

 private:
  struct File {
    std::string content_type, body;
  };
  std::string openapi_json_;
  std::map<std::string, File, std::less<>> files_;  // by URL path
};

}  // namespace jobmon::host
