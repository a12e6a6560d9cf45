// What v2 answers differently from v3 on the bind routes (plugins/v2/task_template_routes.h), at
// handler level on every backend: the same rows, both route declarations, their wire text.
#include <memory>

#include "common/bind/bind.h"
#include "common/core/ownership.h"
#include "db_fixture.h"
#include "v2/task_template_routes.h"

namespace jobmon::testing {
namespace {

using routes::bind::AddTaskTemplateVersion;

class BindVersions : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    ctx_ = std::make_unique<routes::Context>(routes::Context{*db_, policy_});
    auto& sql = raw();
    sql << "INSERT INTO tool (id, name) VALUES (1, 't')";
    sql << "INSERT INTO tool_version (id, tool_id) VALUES (1, 1)";
    sql << "INSERT INTO task_template (id, tool_version_id, name) VALUES (1, 1, 'tt')";
    sql << "INSERT INTO task_template (id, tool_version_id, name) VALUES (2, 1, 'empty')";
    // Template 1 gets two versions through the shared handler.
    add_version("echo {a}", "11", {"a"});
    add_version("echo {a} {b}", "12", {"a", "b"});
  }

  void add_version(const std::string& command, const std::string& hash,
                   std::vector<std::string> node_args) {
    api::Request req;
    req.path_params["task_template_id"] = "1";
    AddTaskTemplateVersion::Body body;
    static_cast<std::vector<std::string>&>(body.node_args) = std::move(node_args);
    body.command_template = command;
    body.arg_mapping_hash = hash;
    AddTaskTemplateVersion::handle(*ctx_, api::In<AddTaskTemplateVersion::Body>{req, body, {}});
  }

  // The answers of v2's and v3's GET /task_template/{id}/versions for template `id`.
  std::pair<std::string, std::string> versions(const std::string& id) {
    api::Request req;
    req.path_params["task_template_id"] = id;
    const api::In<> in{req, {}, {}};
    return {api::to_json_text(routes::v2::GetTaskTemplateVersions::handle(*ctx_, in)),
            api::to_json_text(routes::bind::GetTaskTemplateVersions::handle(*ctx_, in))};
  }

  routes::ApiPolicy policy_{.name = "test", .ownership = routes::anyone_may_change};
  std::unique_ptr<routes::Context> ctx_;
};

TEST_P(BindVersions, V2ListsTheNewestVersionOnlyAndV3EveryVersion) {
  const auto [v2, v3] = versions("1");
  // Argument ids depend on the backend (a refused insert may use up a sequence value).
  api::JsonDocument all;
  ASSERT_TRUE(api::parse_json(v3, all).ok) << v3;
  const auto& list = all["task_template_versions"];
  ASSERT_EQ(list.Size(), 2u) << v3;
  EXPECT_LT(list[0][0].GetInt64(), list[1][0].GetInt64());
  EXPECT_EQ(api::to_json(list[0][1]), R"("echo {a}")");
  EXPECT_EQ(api::to_json(list[1][1]), R"("echo {a} {b}")");
  EXPECT_EQ(v2, R"({"task_template_versions":[)" + api::to_json(list[1]) + "]}");
}

TEST_P(BindVersions, BothListNothingForATemplateWithoutVersions) {
  EXPECT_EQ(versions("2"), std::make_pair(std::string(R"({"task_template_versions":[]})"),
                                          std::string(R"({"task_template_versions":[]})")));
  EXPECT_EQ(versions("99").first, R"({"task_template_versions":[]})");
}

INSTANTIATE_TEST_SUITE_P(Backends, BindVersions, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
