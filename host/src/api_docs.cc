#include "api_docs.h"

#include <fstream>
#include <sstream>

#include "dispatcher.h"
#include "error_mapping.h"

namespace jobmon::host {

namespace {

constexpr const char* kPage = R"(<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>jobmond API</title>
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-initializer.js"></script>
</body>
</html>
)";

// A file of its own, not an inline script: the Content-Security-Policy allows only 'self'.
constexpr const char* kInitializer = R"(window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
)";

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ApiDocs::ApiDocs(std::string openapi_json, const std::filesystem::path& swagger_dir)
    : openapi_json_(std::move(openapi_json)) {
  if (swagger_dir.empty()) return;
  const std::pair<const char*, const char*> vendored[] = {
      {"swagger-ui-bundle.js", "application/javascript; charset=utf-8"},
      {"swagger-ui.css", "text/css; charset=utf-8"},
      {"favicon-32x32.png", "image/png"},
  };
  std::map<std::string, File, std::less<>> files;
  for (const auto& [name, type] : vendored) {
    auto body = read_file(swagger_dir / name);
    if (!body) return;  // incomplete: serve nothing rather than a broken page
    files["/api/docs/" + std::string(name)] = File{type, std::move(*body)};
  }
  files["/api/docs/swagger-initializer.js"] =
      File{"application/javascript; charset=utf-8", kInitializer};
  files["/api/docs"] = File{"text/html; charset=utf-8", kPage};
  files_ = std::move(files);
}

bool ApiDocs::serves(const IncomingRequest& in) const {
  return in.method == api::Method::kGet &&
         (in.raw_path == "/api/openapi.json" || in.raw_path == "/api/docs" ||
          in.raw_path.rfind("/api/docs/", 0) == 0);
}

std::optional<api::Response> ApiDocs::serve(const IncomingRequest& in) const {
  if (!serves(in)) return std::nullopt;
  if (in.raw_path == "/api/openapi.json") return api::Response::json(openapi_json_);
  std::string path = in.raw_path;
  if (path == "/api/docs/") path = "/api/docs";
  auto it = files_.find(path);
  if (it == files_.end()) {
    return detail_response(404, files_.empty() ? "The API docs page is not installed (build with "
                                                 "-DJOBMOND_SWAGGER_UI=ON, or set --docs-dir)"
                                               : "Not Found");
  }
  api::Response r;
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace jobmon::host
