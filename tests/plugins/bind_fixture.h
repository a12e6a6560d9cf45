#pragma once
// Shared fixture of the bind-path HTTP suites: a fresh database and a real jobmond per test, on
// every backend of http_test_backends(), with helpers for the requests the Jobmon client sends
// and for the reference's error bodies.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <string>
#include <vector>

#include "http_client.h"
#include "jobmond_process.h"
#include "test_database.h"

namespace jobmon::testing {

class BindRoutes : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    server_ = std::make_unique<JobmondProcess>(std::vector<std::string>{}, db_->uri());
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  HttpResponse post(const std::string& path, const std::string& body, const char* v = "v2") {
    return client_->post(std::string("/api/") + v + path, body);
  }
  HttpResponse get(const std::string& path, const char* v = "v2") {
    return client_->get(std::string("/api/") + v + path);
  }

  // The reference's InvalidUsage body for a missing or mistyped field (docs/api-contract.md §3.2).
  static std::string invalid_usage(const std::string& field, const std::string& full_path) {
    return R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
           R"("exception_message":"\"')" +
           field + "' in request to " + full_path + R"(\"","status_code":"400"}})";
  }
  // FastAPI's 422 for a path parameter that is not an integer.
  static std::string int_parsing(const std::string& param, const std::string& input) {
    return R"({"detail":[{"type":"int_parsing","loc":["path",")" + param +
           R"("],"msg":"Input should be a valid integer, unable to parse string as an integer",)"
           R"("input":")" +
           input + R"("}]})";
  }
  // Asserts a 400 InvalidUsage naming `field`.
  void expect_invalid(const HttpResponse& r, const std::string& field, const std::string& path) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/custom+json");
    EXPECT_EQ(r.body, invalid_usage(field, path));
  }
  void expect_422(const HttpResponse& r, const std::string& param, const std::string& input) {
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.body, int_parsing(param, input));
  }

  long long count(const std::string& sql) {
    long long n = 0;
    db_->sql() << sql, soci::into(n);
    return n;
  }
  std::string text(const std::string& sql) {
    std::string s;
    soci::indicator ind = soci::i_ok;
    db_->sql() << sql, soci::into(s, ind);
    return ind == soci::i_null ? "<NULL>" : s;
  }

  // tool 1 -> tool_version 1 -> task_template 1 ("tt").
  void template_fixture() {
    ASSERT_EQ(post("/tool", R"({"name":"t"})").body, R"({"tool":[1,"t"]})");
    ASSERT_EQ(post("/tool_version", R"({"tool_id":1})").body, R"({"tool_version":[1,1]})");
    ASSERT_EQ(post("/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})").body,
              R"({"task_template_id":1})");
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<JobmondProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

// A 78-digit value (2^256 - 1), as the client sends SHA-256 hashes.
inline const std::string kHash78 =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

}  // namespace jobmon::testing
