// The API document against the parsers: every request field the OpenAPI document calls required
// is refused when it is missing, by every route of every plugin, before anything is written.
// (The answers side is checked on every answer of every HTTP test: tests/support/contract.h.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http_client.h"
#include "jobmon/json.h"
#include "jobmond_process.h"

namespace jobmon::testing {
namespace {

// A value of the schema's type that the parsers accept, so that the one field left out is the
// only thing wrong with a body.
void write_placeholder(api::JsonWriter& w, const api::JsonValue& schema) {
  if (schema.HasMember("anyOf")) {
    write_placeholder(w, schema["anyOf"][0]);
    return;
  }
  std::string type = "integer";
  if (schema.HasMember("type")) {
    type = schema["type"].IsString() ? schema["type"].GetString() : schema["type"][0].GetString();
  }
  if (type == "integer" || type == "number") {
    w.integer(1);
  } else if (type == "string") {
    w.string("x");
  } else if (type == "boolean") {
    w.boolean(true);
  } else if (type == "array") {
    w.start_array().end_array();
  } else if (type == "object") {
    w.start_object().end_object();
  } else {
    w.null();
  }
}

// The body with every documented property but `left_out`.
std::string body_without(const api::JsonValue& schema, const std::string& left_out) {
  api::JsonWriter w;
  w.start_object();
  for (const auto& p : schema["properties"].GetObject()) {
    if (left_out == p.name.GetString()) continue;
    w.key(p.name.GetString());
    write_placeholder(w, p.value);
  }
  w.end_object();
  return w.str();
}

std::string concrete_path(std::string path) {
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{')) {
    path.replace(open, path.find('}', open) - open + 1, "1");
  }
  return path;
}

TEST(ContractTest, EveryRequiredRequestFieldIsRequiredByItsParser) {
  JobmondProcess server({"--plugins", "v2,v3,compat"});
  HttpClient client(server.port());
  HttpResponse doc_answer = client.get("/api/openapi.json");
  ASSERT_EQ(doc_answer.status, 200);
  api::JsonDocument doc;
  ASSERT_TRUE(api::parse_json(doc_answer.body, doc).ok);
  int checked = 0;
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& op : path.value.GetObject()) {
      if (!op.value.HasMember("requestBody")) continue;
      const auto& schema = op.value["requestBody"]["content"]["application/json"]["schema"];
      if (!schema.HasMember("required") || !schema.HasMember("properties")) continue;
      std::string method = op.name.GetString();
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string url = concrete_path(path.name.GetString());
      for (const auto& field : schema["required"].GetArray()) {
        const std::string name = field.GetString();
        HttpResponse r = client.request(method, url, body_without(schema, name));
        // 400 (InvalidUsage, the reference's own checks) or 422 (FastAPI's body validation,
        // where the reference used a body model): refused either way.
        EXPECT_TRUE(r.status == 400 || r.status == 422)
            << method << " " << url << " without '" << name << "': " << r.status << " " << r.body;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);  // every plugin's bodies, not an empty document
}

}  // namespace
}  // namespace jobmon::testing
