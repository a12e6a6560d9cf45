// POST /dag, POST /nodes and POST /dag/{id}/edges over HTTP on every backend: the client's
// request shapes, 78-digit hashes kept digit for digit, 500-node chunks, the stored edge form
// (docs/api-contract.md §4.4) and the created_date fix (docs/api-contract.md §8.2).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "bind_fixture.h"

namespace jobmon::testing {
namespace {

class BindDag : public BindRoutes {
 protected:
  // {"nodes":[...]} with `n` nodes of template version `ttv`, hashes "<prefix><i>", `args`
  // node args each ({"1": "v<i>", "2": <i>, ...}).
  static std::string nodes_body(int n, int ttv, const std::string& prefix, int args = 2) {
    std::string body = R"({"nodes":[)";
    for (int i = 0; i < n; ++i) {
      if (i) body += ",";
      body += R"({"task_template_version_id":)" + std::to_string(ttv) + R"(,"node_args_hash":")" +
              prefix + std::to_string(i) + R"(","node_args":{)";
      for (int a = 1; a <= args; ++a) {
        if (a > 1) body += ",";
        body += "\"" + std::to_string(a) +
                "\":" + (a % 2 ? "\"v" + std::to_string(i) + "\"" : std::to_string(i));
      }
      body += "}}";
    }
    return body + "]}";
  }
};

TEST_P(BindDag, DagIsGetOrCreateByExactHash) {
  const std::string body = R"({"dag_hash":)" + kHash78 + "}";
  EXPECT_EQ(post("/dag", body).body, R"({"dag_id":1,"created_date":null})");
  EXPECT_EQ(post("/dag", body, "v3").body, R"({"dag_id":1,"created_date":null})");
  // A hash differing only in the last digit is another DAG (no rounding through a double).
  std::string other = kHash78;
  other.back() = '4';
  EXPECT_EQ(post("/dag", R"({"dag_hash":)" + other + "}").body,
            R"({"dag_id":2,"created_date":null})");
  EXPECT_EQ(text("SELECT hash FROM dag WHERE id = 1"), kHash78);
  EXPECT_EQ(text("SELECT hash FROM dag WHERE id = 2"), other);
  EXPECT_EQ(post("/dag", R"({"dag_hash":1234567890123456789})").body,
            R"({"dag_id":3,"created_date":null})");
  expect_invalid(post("/dag", R"({"hash":1})"), "dag_hash", "/api/v2/dag");
  EXPECT_EQ(count("SELECT count(*) FROM dag"), 3);
}

TEST_P(BindDag, NodesKeepTheirHashAndArgs) {
  const std::string body =
      R"({"nodes":[{"task_template_version_id":1,"node_args_hash":")" + kHash78 +
      R"(","node_args":{"1":"x","2":5}},)" +
      R"({"task_template_version_id":1,"node_args_hash":"42","node_args":{}}]})";
  auto r = post("/nodes", body);
  ASSERT_EQ(r.status, 200) << r.body;
  // Ids follow the (version, hash) order of the chunk's one INSERT.
  EXPECT_EQ(r.body, R"({"nodes":{"1:)" + kHash78 + R"(":1,"1:42":2}})");
  EXPECT_EQ(text("SELECT node_args_hash FROM node WHERE id = 1"), kHash78);
  const long long small = 2;
  EXPECT_EQ(post("/nodes", body).body, r.body);  // idempotent
  EXPECT_EQ(post("/nodes", body, "v3").body, r.body);
  EXPECT_EQ(count("SELECT count(*) FROM node"), 2);
  EXPECT_EQ(text("SELECT val FROM node_arg WHERE arg_id = 1"), "x");
  EXPECT_EQ(text("SELECT val FROM node_arg WHERE arg_id = 2"), "5");
  EXPECT_EQ(count("SELECT count(*) FROM node_arg"), 2);
  // A rebind with another value keeps the first (first write wins).
  post("/nodes", R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"42",)"
                 R"("node_args":{"1":"new"}}]})");
  EXPECT_EQ(text("SELECT val FROM node_arg WHERE node_id = " + std::to_string(small)), "new");
  post("/nodes", R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"42",)"
                 R"("node_args":{"1":"newer"}}]})");
  EXPECT_EQ(text("SELECT val FROM node_arg WHERE node_id = " + std::to_string(small)), "new");
}

TEST_P(BindDag, NodesAnswerEveryMatchingCombination) {
  // As the reference: nodes matching any listed version and any listed hash are returned.
  post("/nodes",
       R"({"nodes":[{"task_template_version_id":2,"node_args_hash":"a","node_args":{}}]})");
  auto r = post("/nodes", R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"a",)"
                          R"("node_args":{}},{"task_template_version_id":2,"node_args_hash":"b",)"
                          R"("node_args":{}}]})");
  EXPECT_EQ(r.body, R"({"nodes":{"2:a":1,"1:a":2,"2:b":3}})");
}

TEST_P(BindDag, NodesRejectBadInput) {
  const std::string path = "/api/v2/nodes";
  expect_invalid(post("/nodes", R"({"node":[]})"), "nodes", path);
  expect_invalid(post("/nodes", R"({"nodes":[]})"), "nodes", path);
  expect_invalid(post("/nodes", R"({"nodes":[{"task_template_version_id":1,"node_args":{}}]})"),
                 "node_args_hash", path);
  expect_invalid(post("/nodes", R"({"nodes":[{"node_args_hash":"1","node_args":{}}]})"),
                 "task_template_version_id", path);
  expect_invalid(
      post("/nodes", R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"1"}]})"),
      "node_args", path);
  expect_invalid(post("/nodes", R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"1",)"
                                R"("node_args":{"x":"1"}}]})"),
                 "node_args", path);
  EXPECT_EQ(count("SELECT count(*) FROM node"), 0);
}

// PostgreSQL receives a chunk's text as one array per column (orm/src/insert_rows.h): quotes,
// backslashes, braces, commas and the word NULL must arrive as sent.
TEST_P(BindDag, NodeTextArrivesAsSent) {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {R"(a"b)", R"(a\"b)"},
      {R"(c\d)", R"(c\\d)"},
      {"{e,f}", "{e,f}"},
      {"NULL", "NULL"},
      {"", ""},
      {" s p", " s p"},
      {"\u00e9t\u00e9", "\u00e9t\u00e9"},
      {"'q'", "'q'"}};  // {text, as a JSON string's content}
  std::string body = R"({"nodes":[)";
  for (std::size_t i = 0; i < texts.size(); ++i) {
    body += std::string(i ? "," : "") + R"({"task_template_version_id":1,"node_args_hash":")" +
            texts[i].second + R"(","node_args":{"1":")" + texts[i].second + R"("}})";
  }
  auto r = post("/nodes", body + "]}");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const auto& t : texts) {
    EXPECT_NE(r.body.find("\"1:" + t.second + "\":"), std::string::npos) << t.first;
  }
  EXPECT_EQ(count("SELECT count(DISTINCT node_args_hash) FROM node"), 8);
  EXPECT_EQ(count("SELECT count(*) FROM node n JOIN node_arg a ON a.node_id = n.id WHERE "
                  "a.val = n.node_args_hash"),
            8);
  EXPECT_EQ(count("SELECT count(*) FROM node WHERE node_args_hash = 'NULL'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM node WHERE node_args_hash = ''"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM node WHERE node_args_hash = '{e,f}'"), 1);
  EXPECT_EQ(post("/nodes", body + "]}").body, r.body);  // found again by the same text
}

TEST_P(BindDag, A500NodeChunkIsBoundWholeAndIdempotent) {
  const std::string body = nodes_body(500, 3, kHash78.substr(0, 70), 3);
  auto r = post("/nodes", body);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(count("SELECT count(*) FROM node"), 500);
  EXPECT_EQ(count("SELECT count(*) FROM node_arg"), 1500);
  EXPECT_EQ(count("SELECT count(DISTINCT node_args_hash) FROM node"), 500);
  // Every node is in the answer under "<ttv>:<hash>" with its own id.
  for (int i : {0, 1, 250, 499}) {
    std::string hash = kHash78.substr(0, 70) + std::to_string(i);
    long long id = count("SELECT id FROM node WHERE node_args_hash = '" + hash + "'");
    EXPECT_NE(r.body.find("\"3:" + hash + "\":" + std::to_string(id) + ","), std::string::npos)
        << i;
    EXPECT_EQ(
        text("SELECT val FROM node_arg WHERE node_id = " + std::to_string(id) + " AND arg_id = 2"),
        std::to_string(i));
  }
  EXPECT_EQ(post("/nodes", body).body, r.body);
  EXPECT_EQ(count("SELECT count(*) FROM node"), 500);
  EXPECT_EQ(count("SELECT count(*) FROM node_arg"), 1500);
  // A chunk larger than the client's also works (statements are split at 500 rows).
  auto big = post("/nodes", nodes_body(1200, 4, "b", 1));
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(count("SELECT count(*) FROM node WHERE task_template_version_id = 4"), 1200);
}

TEST_P(BindDag, EdgesAreStoredInThePythonForm) {
  post("/dag", R"({"dag_hash":5})");
  auto r =
      post("/dag/1/edges",
           R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2,3]},)"
           R"({"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[]},)"
           R"({"node_id":3,"upstream_node_ids":[1],"downstream_node_ids":[]}],)"
           R"("mark_created":false})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{}");
  // A JSON string holding Python's str(list), "[2, 3]" with the quotes; empty lists are the JSON
  // text null, not SQL NULL.
  EXPECT_EQ(text("SELECT downstream_node_ids FROM edge WHERE dag_id = 1 AND node_id = 1"),
            "\"[2, 3]\"");
  EXPECT_EQ(text("SELECT upstream_node_ids FROM edge WHERE dag_id = 1 AND node_id = 1"), "null");
  EXPECT_EQ(text("SELECT upstream_node_ids FROM edge WHERE dag_id = 1 AND node_id = 2"), "\"[1]\"");
  EXPECT_EQ(text("SELECT downstream_node_ids FROM edge WHERE dag_id = 1 AND node_id = 3"), "null");
  // Resent edges keep the stored rows.
  post("/dag/1/edges",
       R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[9],"downstream_node_ids":[]}],)"
       R"("mark_created":false})",
       "v3");
  EXPECT_EQ(count("SELECT count(*) FROM edge"), 3);
  EXPECT_EQ(text("SELECT upstream_node_ids FROM edge WHERE node_id = 1"), "null");
  EXPECT_EQ(post("/dag", R"({"dag_hash":5})").body, R"({"dag_id":1,"created_date":null})");
}

TEST_P(BindDag, MarkCreatedPersistsTheDagsCreatedDate) {
  // The reference loses this update (docs/api-contract.md §8.2); the fix makes POST /dag return the
  // date, so clients stop resending edges.
  post("/dag", R"({"dag_hash":6})");
  post("/dag/1/edges",
       R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[]}],)"
       R"("mark_created":true})");
  auto dag = post("/dag", R"({"dag_hash":6})");
  std::smatch m;
  const std::regex form(R"re(\{"dag_id":1,"created_date":"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"\})re");
  ASSERT_TRUE(std::regex_match(dag.body, m, form)) << dag.body;
  const std::string created = m[1];
  EXPECT_EQ(post("/dag", R"({"dag_hash":6})", "v3").body, dag.body);
  EXPECT_EQ(count("SELECT count(*) FROM dag WHERE created_date IS NOT NULL"), 1);
  // A later mark keeps the first date.
  post("/dag/1/edges", R"({"edges_to_add":[],"mark_created":true})");
  EXPECT_EQ(post("/dag", R"({"dag_hash":6})").body, dag.body);
  EXPECT_EQ(created.size(), 19u);
}

TEST_P(BindDag, EdgesRejectBadInput) {
  post("/dag", R"({"dag_hash":7})");
  const std::string path = "/api/v2/dag/1/edges";
  expect_invalid(post("/dag/1/edges", R"({"mark_created":true})"), "edges_to_add", path);
  expect_invalid(post("/dag/1/edges", R"({"edges_to_add":[]})"), "mark_created", path);
  expect_invalid(post("/dag/1/edges", R"({"edges_to_add":[{"node_id":1,"downstream_node_ids":[]}],)"
                                      R"("mark_created":true})"),
                 "upstream_node_ids", path);
  expect_invalid(
      post("/dag/1/edges", R"({"edges_to_add":[{"upstream_node_ids":[],"downstream_node_ids":[]}],)"
                           R"("mark_created":true})"),
      "node_id", path);
  expect_422(post("/dag/x/edges", R"({"edges_to_add":[],"mark_created":true})"), "dag_id", "x");
  EXPECT_EQ(count("SELECT count(*) FROM edge"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM dag WHERE created_date IS NOT NULL"), 0);
}

INSTANTIATE_TEST_SUITE_P(bind, BindDag, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
