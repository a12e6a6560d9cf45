// Which fields of a client's X-Server-Structlog-Context reach the JSON request log.
#include "client_log_context.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jobmon::host {
namespace {

// The object written for `header` after the fields `written` (each written as 0 first).
std::string logged(const std::string& header, std::vector<std::string> written = {}) {
  api::JsonWriter w;
  w.start_object();
  for (const auto& k : written) w.key(k).integer(0);
  write_client_context(w, header, written);
  w.end_object();
  return w.str();
}

TEST(ClientLogContextTest, KeysTheJobmonClientSends) {
  for (const char* key : {"workflow_id", "workflow_run_id", "task_instance_id", "array_id",
                          "batch_number", "cluster_name", "telemetry_workflow_run_id",
                          "telemetry_task_instance_id", "telemetry_cluster_name"}) {
    EXPECT_TRUE(is_client_context_key(key)) << key;
  }
  for (const char* key :
       {"status", "method", "path", "route", "plugin", "duration_ms", "event", "level", "timestamp",
        "user", "x", "telemetry_", "telemetry_status", "WORKFLOW_ID", ""}) {
    EXPECT_FALSE(is_client_context_key(key)) << key;
  }
}

TEST(ClientLogContextTest, OnlyClientIdsWithSmallScalarValues) {
  EXPECT_EQ(logged(R"({"workflow_run_id":1,"telemetry_cluster_name":"slurm","x":"y"})"),
            R"({"workflow_run_id":1,"telemetry_cluster_name":"slurm"})");
  // Values that are no id: objects, arrays, null, fractions, long text.
  EXPECT_EQ(logged(R"({"workflow_id":{"a":1},"array_id":[1],"batch_number":null,)"
                   R"("task_instance_id":1.5,"cluster_name":")" +
                   std::string(300, 'c') + R"("})"),
            "{}");
  EXPECT_EQ(logged(R"({"workflow_id":12345678901234567890123})"),
            R"({"workflow_id":12345678901234567890123})");
}

TEST(ClientLogContextTest, NeverAFieldTheServerWroteAndNeverTwice) {
  EXPECT_EQ(logged(R"({"status":200,"task_instance_id":9,"workflow_run_id":2,"workflow_run_id":3})",
                   {"status", "task_instance_id"}),
            R"({"status":0,"task_instance_id":0,"workflow_run_id":2})");
}

TEST(ClientLogContextTest, MalformedOrOversizedHeadersAddNothing) {
  for (const std::string& header :
       {std::string(), std::string("not json"), std::string("[1]"),
        std::string("{\"workflow_id\":"),
        R"({"workflow_id":1,"cluster_name":")" + std::string(5000, 'a') + R"("})"}) {
    EXPECT_EQ(logged(header), "{}") << header;
  }
}

}  // namespace
}  // namespace jobmon::host
