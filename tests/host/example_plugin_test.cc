// The SDK's example plugin (examples/hello_plugin), built in tree by tests/fixtures the way a
// plugin author builds it: its declared routes parse, answer and document themselves.
#include <gtest/gtest.h>

#include <string>

#include "http_client.h"
#include "jobmon/json.h"
#include "jobmond_process.h"

namespace jobmon::testing {
namespace {

TEST(ExamplePluginTest, DeclaredRoutesAnswerAndDocumentThemselves) {
  JobmondProcess server({"--plugin-dir",
                         std::string(JOBMOND_PLUGIN_DIR) + ":" + JOBMOND_TEST_FIXTURE_DIR,
                         "--plugins", "v3,hello"});
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/api/hello/greeting?name=you").body,
            R"({"hello":"you","user":"anonymous"})");
  EXPECT_EQ(client.get("/api/hello/greeting").body, R"({"hello":"world","user":"anonymous"})");
  EXPECT_EQ(client.get("/api/hello/square/12").body, R"({"square":144})");
  HttpResponse big = client.get("/api/hello/square/4000000000");
  EXPECT_EQ(big.status, 400);
  EXPECT_EQ(big.body, R"({"detail":"n is too large"})");
  EXPECT_EQ(client.get("/api/hello/square/x").status, 422);

  api::JsonDocument doc;
  ASSERT_TRUE(api::parse_json(client.get("/api/openapi.json").body, doc).ok);
  const auto& greeting = doc["paths"]["/api/hello/greeting"]["get"];
  EXPECT_EQ(std::string(greeting["parameters"][0]["name"].GetString()), "name");
  EXPECT_EQ(std::string(greeting["parameters"][0]["in"].GetString()), "query");
  EXPECT_EQ(api::to_json(
                greeting["responses"]["200"]["content"]["application/json"]["schema"]["required"]),
            R"(["hello","user"])");
  const auto& square = doc["paths"]["/api/hello/square/{n}"]["get"];
  EXPECT_TRUE(square["responses"]["400"]["content"].HasMember("application/json"));
}

}  // namespace
}  // namespace jobmon::testing
