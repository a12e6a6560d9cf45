// libFuzzer target: arbitrary requests through the host's request adapter (the Dispatcher,
// exactly as the HTTP server calls it) into the real handlers of the v2, v3 and compat
// plugins, over a SQLite database seeded with a small running workflow.
//
// Input format (the corpus in tests/fuzz/corpus/ uses it): the first line is
// "METHOD /path?query", everything after the first newline is the body.
//
// Invariants, checked on every input: no crash and no sanitizer report (the build uses
// -fsanitize=fuzzer,address,undefined); no 5xx except from the deliberate /test_bad route and
// 423/503 (lock conflict or database busy, which a client retries). Every kIntegrityEvery
// inputs, and at exit, the database passes SQLite's integrity check and the consistency checks
// below; a failure aborts, which libFuzzer reports with the input that caused it.
#include <soci/soci.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "auth.h"
#include "dispatcher.h"
#include "http/router.h"
#include "jobmon/orm/database.h"
#include "jobmon/orm/transaction.h"
#include "log.h"
#include "plugin_loader.h"
#include "session_of.h"

namespace {

using namespace jobmon;

constexpr int kIntegrityEvery = 500;

struct World {
  std::unique_ptr<orm::Database> db;
  host::PluginLoader loader;
  std::shared_ptr<host::RouteTable> routes;  // before the loader goes (see PluginLoader)
  std::unique_ptr<host::Dispatcher> dispatcher;
  long inputs = 0;
};
World* g_world = nullptr;

api::Response send(std::string_view method, std::string_view target, std::string_view body) {
  host::IncomingRequest in;
  in.method_text = std::string(method);
  for (api::Method m : {api::Method::kGet, api::Method::kPost, api::Method::kPut,
                        api::Method::kDelete, api::Method::kPatch}) {
    if (api::method_name(m) == method) in.method = m;
  }
  const std::size_t q = target.find('?');
  in.raw_path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      std::string_view item = query.substr(0, amp);
      const std::size_t eq = item.find('=');
      in.raw_query.emplace_back(
          std::string(item.substr(0, eq)),
          eq == std::string_view::npos ? "" : std::string(item.substr(eq + 1)));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  in.host_header = "fuzz";
  in.body = std::string(body);
  in.peer = "127.0.0.1";
  return g_world->dispatcher->dispatch(in);
}

long long scalar(soci::session& s, const std::string& sql) {
  long long v = 0;
  s << sql, soci::into(v);
  return v;
}

void check_database() {
  orm::ReadTx tx(*g_world->db);
  soci::session& s = session_of(tx);
  std::string integrity;
  s << "PRAGMA integrity_check", soci::into(integrity);
  const long long orphans = scalar(s,
                                   "SELECT count(*) FROM task_instance ti LEFT JOIN task t ON "
                                   "t.id = ti.task_id WHERE t.id IS NULL");
  const long long bad_ti = scalar(s,
                                  "SELECT count(*) FROM task_instance WHERE status NOT IN (SELECT "
                                  "id FROM task_instance_status)");
  const long long bad_task =
      scalar(s, "SELECT count(*) FROM task WHERE status NOT IN (SELECT id FROM task_status)");
  const long long bad_attempts =
      scalar(s, "SELECT count(*) FROM task WHERE num_attempts < 0 OR num_attempts IS NULL");
  if (integrity != "ok" || orphans || bad_ti || bad_task || bad_attempts) {
    std::fprintf(stderr,
                 "database inconsistent: integrity=%s orphans=%lld bad task_instance status=%lld "
                 "bad task status=%lld bad attempts=%lld\n",
                 integrity.c_str(), orphans, bad_ti, bad_task, bad_attempts);
    std::abort();
  }
}

// A small workflow in flight, bound and launched through the routes themselves.
void seed() {
  const char* const requests[][3] = {
      {"POST", "/api/v2/tool", R"({"name":"t"})"},
      {"POST", "/api/v2/tool_version", R"({"tool_id":1})"},
      {"POST", "/api/v2/task_template", R"({"tool_version_id":1,"task_template_name":"tt"})"},
      {"POST", "/api/v2/task_template/1/add_version",
       R"({"node_args":["a"],"task_args":[],"op_args":[],"command_template":"echo {a}","arg_mapping_hash":1})"},
      {"POST", "/api/v2/nodes",
       R"({"nodes":[{"task_template_version_id":1,"node_args_hash":"1","node_args":{"1":"1"}},{"task_template_version_id":1,"node_args_hash":"2","node_args":{"1":"2"}}]})"},
      {"POST", "/api/v2/dag", R"({"dag_hash":99})"},
      {"POST", "/api/v2/dag/1/edges",
       R"({"edges_to_add":[{"node_id":1,"upstream_node_ids":[],"downstream_node_ids":[2]},{"node_id":2,"upstream_node_ids":[1],"downstream_node_ids":[]}],"mark_created":true})"},
      {"POST", "/api/v2/workflow",
       R"({"tool_version_id":1,"dag_id":1,"workflow_args_hash":5,"task_hash":6,"description":"d","name":"w","workflow_args":"","max_concurrently_running":10,"workflow_attributes":{}})"},
      {"POST", "/api/v2/array",
       R"({"workflow_id":1,"task_template_version_id":1,"max_concurrently_running":10,"name":"tt"})"},
      {"POST", "/api/v2/task/bind_resources",
       R"({"queue_id":2,"task_resources_type_id":"O","requested_resources":{"runtime":60}})"},
      {"PUT", "/api/v2/task/bind_tasks_no_args",
       R"({"workflow_id":1,"mark_created":true,"tasks":{"h1":[1,"0",1,1,"task1","echo",2,false,{"memory":0.5},[]],"h2":[2,"0",1,1,"task2","echo",2,false,{"memory":0.5},[]]}})"},
      {"POST", "/api/v2/workflow_run",
       R"({"workflow_id":1,"user":"alice","jobmon_version":"3.6","next_report_increment":60})"},
      {"PUT", "/api/v2/workflow_run/1/update_status", R"({"status":"B"})"},
      {"PUT", "/api/v2/workflow_run/1/update_status", R"({"status":"I"})"},
      {"PUT", "/api/v2/workflow_run/1/update_status", R"({"status":"O"})"},
      {"POST", "/api/v2/workflow_run/1/log_heartbeat",
       R"({"next_report_increment":60,"status":"R"})"},
      {"POST", "/api/v2/array/1/queue_task_batch",
       R"({"task_ids":[1],"task_resources_id":1,"workflow_run_id":1,"cluster_id":2})"},
      {"POST", "/api/v2/task_instance/instantiate_task_instances", R"({"task_instance_ids":[1]})"},
      {"POST", "/api/v2/array/1/transition_to_launched",
       R"({"batch_number":1,"next_report_increment":60})"},
  };
  for (const auto& r : requests) {
    api::Response a = send(r[0], r[1], r[2]);
    if (a.status != 200) {
      std::fprintf(stderr, "seed request %s %s failed: %d %s\n", r[0], r[1], a.status,
                   a.body.c_str());
      std::abort();
    }
  }
}

void at_exit() {
  if (g_world != nullptr) check_database();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // One log line per request would cost more than the request: errors only.
  host::configure_logging(host::LogFormat::kText, host::LogLevel::kError);
  g_world = new World();  // lives until exit: plugins must not unload under libFuzzer
  const auto dir =
      std::filesystem::temp_directory_path() / ("jobmond-fuzz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  orm::DatabaseConfig config;
  config.uri = "sqlite:///" + (dir / "fuzz.sqlite").string();
  config.pool_size = 2;
  g_world->db = orm::Database::open(config);
  g_world->routes = std::make_shared<host::RouteTable>();
  g_world->loader.load_all({"v2", "v3", "compat"}, JOBMOND_FUZZ_PLUGIN_DIR, *g_world->routes,
                           *g_world->db, JOBMOND_BUILD_SIGNATURE);
  host::AuthConfig auth;  // disabled: every handler is reachable
  g_world->dispatcher = std::make_unique<host::Dispatcher>(
      g_world->routes, std::shared_ptr<const host::Authenticator>(host::make_authenticator(auth)));
  seed();
  check_database();
  std::atexit(at_exit);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view line = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  const std::string_view method = line.substr(0, space);
  const std::string_view target = line.substr(space + 1);
  if (target.empty() || target.front() != '/') return 0;

  const api::Response r = send(method, target, body);
  const bool deliberate = target.find("/test_bad") != std::string_view::npos;
  if (r.status >= 500 && !deliberate && r.status != 503) {
    std::fprintf(stderr, "server error %d for %.*s: %s\n", r.status, static_cast<int>(line.size()),
                 line.data(), r.body.c_str());
    std::abort();
  }
  if (++g_world->inputs % kIntegrityEvery == 0) check_database();
  return 0;
}
