// The API's documentation: /api/openapi.json generated from the loaded plugins (so it matches
// the deployment), and the Swagger UI page at /api/docs rendered by a real browser (headless
// Chromium) from the vendored files, under the server's Content-Security-Policy.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <regex>
#include <set>

#include "http_client.h"
#include "jobmond_process.h"

namespace jobmon::host {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::JobmondProcess;

rapidjson::Document openapi(HttpClient& client) {
  HttpResponse r = client.get("/api/openapi.json");
  EXPECT_EQ(r.status, 200);
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  EXPECT_FALSE(d.HasParseError());
  return d;
}

TEST(DocsTest, OpenApiDocumentsExactlyWhatTheDeploymentServes) {
  JobmondProcess v2({"--plugins", "v2"});
  HttpClient c2(v2.port());
  rapidjson::Document d = openapi(c2);
  EXPECT_EQ(std::string(d["openapi"].GetString()), "3.1.0");
  std::set<std::string> operation_ids;
  int operations = 0;
  for (auto& path : d["paths"].GetObject()) {
    const std::string p = path.name.GetString();
    EXPECT_EQ(p.rfind("/api/v2", 0), 0u) << p;
    EXPECT_EQ(p.find(":int"), std::string::npos) << p;
    for (auto& op : path.value.GetObject()) {
      ++operations;
      EXPECT_TRUE(operation_ids.insert(op.value["operationId"].GetString()).second);
      EXPECT_TRUE(op.value["summary"].IsString());
      // Every {name} of the path is a declared path parameter.
      std::set<std::string> declared;
      for (auto& param : op.value["parameters"].GetArray()) {
        if (std::string(param["in"].GetString()) == "path")
          declared.insert(param["name"].GetString());
      }
      std::regex braces(R"(\{([^}]+)\})");
      for (auto it = std::sregex_iterator(p.begin(), p.end(), braces); it != std::sregex_iterator();
           ++it) {
        EXPECT_TRUE(declared.count((*it)[1])) << p << " lacks " << (*it)[1];
      }
    }
  }
  EXPECT_EQ(operations, 93);  // every v2 route (jobmond routes --plugins v2)
  const auto& running = d["paths"]["/api/v2/task_instance/{task_instance_id}/log_running"]["post"];
  const auto& body = running["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(std::string(body["properties"]["next_report_increment"]["type"].GetString()), "number");
  std::set<std::string> required;
  for (const auto& name : body["required"].GetArray()) required.insert(name.GetString());
  EXPECT_EQ(required, (std::set<std::string>{"process_group_id", "next_report_increment"}));
  EXPECT_EQ(std::string(running["parameters"][0]["schema"]["type"].GetString()), "integer");
  // What the handler answers: {"task_instance": [id, status, ...]}, a closed object.
  const auto& answer = running["responses"]["200"]["content"]["application/json"]["schema"];
  EXPECT_EQ(std::string(answer["properties"]["task_instance"]["type"].GetString()), "array");
  EXPECT_EQ(answer["properties"]["task_instance"]["prefixItems"].Size(), 9u);
  EXPECT_FALSE(answer["properties"].HasMember("status"));
  EXPECT_EQ(std::string(answer["required"][0].GetString()), "task_instance");
  EXPECT_FALSE(answer["additionalProperties"].GetBool());

  JobmondProcess v3({"--plugins", "v3,compat"});
  HttpClient c3(v3.port());
  rapidjson::Document d3 = openapi(c3);
  ASSERT_TRUE(d3["paths"].HasMember("/api/v3/array/{array_id}/transition_to_killed"));
  // v3 serves it itself (Jobmon 3.6; docs/compatibility.md, J11): compat adds nothing.
  EXPECT_EQ(
      std::string(d3["paths"]["/api/v3/array/{array_id}/transition_to_killed"]["post"]["tags"][0]
                      .GetString()),
      "v3");
  for (auto& path : d3["paths"].GetObject()) {
    EXPECT_EQ(std::string(path.name.GetString()).rfind("/api/v3", 0), 0u);
  }
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  char buf[65536];
  while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  if (p != nullptr) ::pclose(p);
  return out;
}

TEST(DocsTest, SwaggerUiRendersBothVersionsInAHeadlessBrowser) {
  if (run("command -v chromium").empty()) GTEST_SKIP() << "chromium is not installed";
  JobmondProcess server;
  HttpClient client(server.port());
  HttpResponse page = client.get("/api/docs");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.header("content-security-policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(page.body.find("http"), std::string::npos) << "no CDN: every file from /api/docs";
  EXPECT_EQ(client.get("/api/docs/swagger-ui-bundle.js").status, 200);

  // Past 150 tags and operations Swagger UI renders the list virtually (only what is on
  // screen); a deep link (deepLinking is on) scrolls to an operation, which is then rendered with
  // its path once the document is loaded.
  auto rendered = [&](const std::string& fragment) {
    return run(
        "timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
        "--virtual-time-budget=30000 --dump-dom 'http://127.0.0.1:" +
        std::to_string(server.port()) + "/api/docs#/" + fragment + "' 2>/dev/null");
  };
  const std::string v2 =
      rendered("v2/v2_post_api_v2_task_instance__task_instance_id_int__log_running");
  EXPECT_NE(v2.find(R"(data-path="/api/v2/task_instance/{task_instance_id}/log_running")"),
            std::string::npos)
      << v2.substr(0, 2000);
  const std::string v3 = rendered("v3/v3_post_api_v3_array__array_id_int__transition_to_killed");
  EXPECT_NE(v3.find(R"(data-path="/api/v3/array/{array_id}/transition_to_killed")"),
            std::string::npos);
}

}  // namespace
}  // namespace jobmon::host
