// Concurrent binders on every backend: several clients binding the same tool, template, version,
// arguments, DAG, nodes and edges at once all get the same ids, the database holds one row of
// each, and no request fails (the client would retry a 5xx; here none may occur at all).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <functional>
#include <latch>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bind_fixture.h"

namespace jobmon::testing {
namespace {

constexpr int kClients = 8;

class BindRace : public BindRoutes {
 protected:
  // Runs body(client, i) on kClients threads released together; returns each thread's answers.
  // Every answer must be a 200.
  std::vector<std::string> race(
      const std::function<std::string(HttpClient&, int, std::vector<int>&)>& body) {
    std::latch start(kClients);
    std::vector<std::string> answers(kClients);
    std::vector<std::vector<int>> statuses(kClients);
    std::vector<std::jthread> threads;
    for (int i = 0; i < kClients; ++i) {
      threads.emplace_back([&, i] {
        HttpClient c(server_->port());
        start.arrive_and_wait();
        answers[static_cast<std::size_t>(i)] = body(c, i, statuses[static_cast<std::size_t>(i)]);
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& s : statuses) {
      for (int status : s) EXPECT_EQ(status, 200);
    }
    return answers;
  }
  static std::string call(HttpClient& c, std::vector<int>& statuses, const std::string& path,
                          const std::string& body, const char* v = "v2") {
    auto r = c.post(std::string("/api/") + v + path, body);
    statuses.push_back(r.status);
    return r.body;
  }
  // The integer after `key` in a JSON answer, e.g. id_in(R"({"dag_id":7,...})", "dag_id") == 7.
  static std::string id_in(const std::string& answer, const std::string& key) {
    auto at = answer.find("\"" + key + "\":");
    if (at == std::string::npos) return "?";
    at += key.size() + 3;
    return answer.substr(at, answer.find_first_not_of("0123456789", at) - at);
  }
  static std::size_t distinct(const std::vector<std::string>& v) {
    return std::set<std::string>(v.begin(), v.end()).size();
  }
};

TEST_P(BindRace, ToolTemplateAndVersionBinders) {
  // Ids are compared between clients, never assumed: on PostgreSQL the winner of an insert race
  // need not hold the lowest sequence value.
  ASSERT_EQ(post("/tool", R"({"name":"pre"})").status, 200);
  ASSERT_EQ(post("/tool_version", R"({"tool_id":1})").body, R"({"tool_version":[1,1]})");
  std::vector<std::string> versions(kClients);
  auto answers = race([&](HttpClient& c, int i, std::vector<int>& st) {
    const char* v = i % 2 ? "v3" : "v2";
    std::string out = call(c, st, "/tool", R"({"name":"raced"})", v);
    // Every binder makes its own tool version (never shared).
    versions[static_cast<std::size_t>(i)] = call(c, st, "/tool_version", R"({"tool_id":1})", v);
    std::string tt =
        call(c, st, "/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})", v);
    out += tt;
    out += call(c, st, "/task_template/" + id_in(tt, "task_template_id") + "/add_version",
                R"({"node_args":["shared","n"],"task_args":["t"],"op_args":["o"],)"
                R"("command_template":"{shared} {n} {t} {o}","arg_mapping_hash":)" +
                    kHash78 + "}",
                v);
    // Versions of another template share the argument "shared" and add their own.
    std::string tt2 =
        call(c, st, "/task_template", R"({"tool_version_id":1,"task_template_name":"tt2"})", v);
    out += tt2;
    call(c, st, "/task_template/" + id_in(tt2, "task_template_id") + "/add_version",
         R"({"node_args":["shared","own)" + std::to_string(i) +
             R"("],"task_args":[],"op_args":[],"command_template":"x)" + std::to_string(i) +
             R"(","arg_mapping_hash":)" + std::to_string(i) + "}",
         v);
    return out;
  });
  EXPECT_EQ(distinct(answers), 1u) << answers[0];
  EXPECT_EQ(distinct(versions), static_cast<std::size_t>(kClients));
  EXPECT_EQ(count("SELECT count(*) FROM tool"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM tool_version"), 1 + kClients);
  EXPECT_EQ(count("SELECT count(*) FROM task_template"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM task_template_version"), 1 + kClients);
  // shared, n, t, o and one own<i> per client; each mapped once per version.
  EXPECT_EQ(count("SELECT count(*) FROM arg"), 4 + kClients);
  EXPECT_EQ(count("SELECT count(*) FROM arg WHERE name = 'shared'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM template_arg_map"), 4 + 2 * kClients);
}

TEST_P(BindRace, DagNodesAndEdgesBinders) {
  // 300 nodes, each client sending them in its own order, in two chunks, then the DAG and its
  // edges with mark_created.
  constexpr int kNodes = 300;
  auto node = [](int n) {
    return R"({"task_template_version_id":1,"node_args_hash":")" + kHash78.substr(0, 60) +
           std::to_string(n) + R"(","node_args":{"1":"a)" + std::to_string(n) + R"(","2":)" +
           std::to_string(n) + "}}";
  };
  auto answers = race([&](HttpClient& c, int i, std::vector<int>& st) {
    std::vector<int> order(kNodes);
    for (int n = 0; n < kNodes; ++n) order[static_cast<std::size_t>(n)] = n;
    std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(i)));
    std::set<std::string> ids;  // "key":id pairs seen by this client
    for (int chunk = 0; chunk < 2; ++chunk) {
      std::string body = R"({"nodes":[)";
      for (int k = chunk * kNodes / 2; k < (chunk + 1) * kNodes / 2; ++k) {
        body += (k == chunk * kNodes / 2 ? "" : ",") + node(order[static_cast<std::size_t>(k)]);
      }
      std::string answer = call(c, st, "/nodes", body + "]}");
      // Split {"nodes":{"k":id,...}} into its pairs.
      std::string inner = answer.substr(10, answer.size() - 12);
      std::size_t pos = 0;
      while (pos < inner.size()) {
        std::size_t next = inner.find(',', pos);
        if (next == std::string::npos) next = inner.size();
        ids.insert(inner.substr(pos, next - pos));
        pos = next + 1;
      }
    }
    std::string out;
    for (const auto& p : ids) out += p + ",";
    // created_date may already be set by a faster client's edges: compare the id only.
    std::string dag_id = id_in(call(c, st, "/dag", R"({"dag_hash":)" + kHash78 + "}"), "dag_id");
    out += dag_id;
    std::string edges = R"({"edges_to_add":[)";
    for (int n = 1; n <= kNodes; ++n) {
      edges += (n == 1 ? "" : ",") + std::string(R"({"node_id":)") + std::to_string(n) +
               R"(,"upstream_node_ids":[],"downstream_node_ids":[)" +
               (n < kNodes ? std::to_string(n + 1) : "") + "]}";
    }
    out += call(c, st, "/dag/" + dag_id + "/edges", edges + R"(],"mark_created":true})");
    return out;
  });
  EXPECT_EQ(distinct(answers), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM node"), kNodes);
  EXPECT_EQ(count("SELECT count(*) FROM node_arg"), 2 * kNodes);
  EXPECT_EQ(count("SELECT count(*) FROM dag"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM edge"), kNodes);
  EXPECT_EQ(count("SELECT count(*) FROM dag WHERE created_date IS NOT NULL"), 1);
  EXPECT_EQ(text("SELECT downstream_node_ids FROM edge WHERE node_id = 1"), "\"[2]\"");
}

TEST_P(BindRace, RepeatedBindsAreIdempotent) {
  // The same client replaying every bind (as after a timeout) gets the same answers.
  template_fixture();
  const std::string version =
      R"({"node_args":["a"],"task_args":[],"op_args":[],"command_template":"{a}",)"
      R"("arg_mapping_hash":1})";
  const std::string nodes =
      R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"1","node_args":{"1":"x"}}]})";
  std::vector<std::string> first;
  for (int round = 0; round < 3; ++round) {
    std::vector<std::string> now = {
        post("/tool", R"({"name":"t"})").body,
        post("/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})").body,
        post("/task_template/1/add_version", version).body,
        post("/dag", R"({"dag_hash":3})").body,
        post("/nodes", nodes).body,
    };
    if (round == 0) first = now;
    EXPECT_EQ(now, first);
  }
  EXPECT_EQ(count("SELECT count(*) FROM task_template_version"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM template_arg_map"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM node"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM dag"), 1);
}

INSTANTIATE_TEST_SUITE_P(bind, BindRace, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
