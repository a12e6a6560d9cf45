// Races between run-path routes, each request from its own thread and connection, against the
// real jobmond. PostgreSQL is the interesting backend (row locks, concurrent writers); SQLite runs
// the same scenarios with its single writer, fewer times.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <iostream>
#include <latch>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "run_fixture.h"

namespace jobmon::testing {
namespace {

class RunRaces : public RunFixture {
 protected:
  int iterations(int on_postgres) const { return GetParam() == "postgresql" ? on_postgres : 5; }

  // Runs the callables at once, each on its own thread; returns how many requests were not 200.
  int race(const std::vector<std::function<int(HttpClient&)>>& senders) {
    std::atomic<int> failures{0};
    std::latch start(static_cast<std::ptrdiff_t>(senders.size()));
    std::vector<std::jthread> threads;
    for (const auto& send : senders) {
      // A small random head start per request varies the interleavings between iterations.
      auto delay = std::chrono::microseconds(random_() % 6000);
      threads.emplace_back([&, send, delay] {
        HttpClient client(server_->port());
        start.arrive_and_wait();
        std::this_thread::sleep_for(delay);
        failures += send(client);
      });
    }
    for (auto& t : threads) t.join();
    return failures.load();
  }
  std::mt19937 random_{20261122};
  static int not_ok(const HttpResponse& r) {
    if (r.status != 200) ADD_FAILURE() << r.status << " " << r.body;
    return r.status == 200 ? 0 : 1;
  }
};

// A worker's error report, the same worker's done report and a kill (the swarm's
// terminate_task_instances, then the distributor's transition_to_killed) race on one RUNNING
// instance. Whatever the interleaving, the end state is one that some serial order of the three
// produces, and each error is logged at most once.
TEST_P(RunRaces, WorkerReportsAndKillEndInASerialOutcome) {
  bind(1, 3);
  // Serial outcomes (instance, task):
  //  done first                      -> D, D (error refused; the kill finds no O/R task)
  //  error first                     -> E, G (retry; done refused; the kill finds a G task)
  //  kill first, done before killed  -> D, D (K -> D is valid)
  //  kill first, killed before done  -> F, F (done and error refused or untimely)
  const std::set<std::pair<std::string, std::string>> serial = {{"D", "D"}, {"E", "G"}, {"F", "F"}};
  std::map<std::pair<std::string, std::string>, int> seen;
  for (int iter = 0; iter < iterations(40); ++iter) {
    db_->sql() << "DELETE FROM task_instance_error_log";
    db_->sql() << "DELETE FROM task_instance";
    db_->sql() << "UPDATE task SET status = 'R', num_attempts = 1 WHERE id = 1";
    db_->sql() << "INSERT INTO task_instance (workflow_run_id, array_id, task_id, "
                  "task_resources_id, array_batch_num, array_step_id, status) "
                  "VALUES (1, 1, 1, 1, 1, 0, 'R')";
    int ti_id = 0;
    db_->sql() << "SELECT max(id) FROM task_instance", soci::into(ti_id);
    // Odd iterations on v3 (whose 3.4 reference lost the Task lock in log_error_worker_node).
    const std::string api = iter % 2 ? "/api/v3" : "/api/v2";
    const std::string base = api + "/task_instance/" + std::to_string(ti_id);
    int failures = race({
        [&](HttpClient& c) {
          return not_ok(c.post(base + "/log_error_worker_node",
                               R"({"error_state":"E","error_description":"e"})"));
        },
        [&](HttpClient& c) { return not_ok(c.post(base + "/log_done", "{}")); },
        [&](HttpClient& c) {
          return not_ok(c.put(api + "/workflow_run/1/terminate_task_instances", "{}")) +
                 not_ok(c.post(api + "/array/1/transition_to_killed", R"({"batch_number":1})"));
        },
    });
    EXPECT_EQ(failures, 0);
    std::pair<std::string, std::string> state{ti(ti_id), task(1)};
    ++seen[state];
    EXPECT_TRUE(serial.count(state))
        << "iteration " << iter << ": instance " << state.first << ", task " << state.second;
    int errors = count("SELECT count(*) FROM task_instance_error_log WHERE description = 'e'");
    int kills = count(
        "SELECT count(*) FROM task_instance_error_log WHERE description LIKE 'Workflow resume%'");
    EXPECT_LE(errors, 1);
    EXPECT_LE(kills, 1);
    if (state == std::make_pair(std::string("E"), std::string("G"))) {
      EXPECT_EQ(errors, 1);  // the error happened, so it is logged
      EXPECT_EQ(kills, 0);   // and the kill came after: nothing to kill
    }
    if (state.first == "F") {
      EXPECT_EQ(kills, 1);  // only a K instance can be killed
    }
  }
  for (const auto& [state, n] : seen) {
    std::cout << "  outcome " << state.first << "/" << state.second << ": " << n << "\n";
  }
}

// The batch routes lock Tasks then instances in ascending order, so they cannot deadlock each
// other however their id lists are ordered: every request answers 200 (no 423, no 500).
TEST_P(RunRaces, BatchRoutesTakeLocksInOneOrder) {
  const int n = 30;
  bind(n, 3);
  std::string ids;
  for (int i = 1; i <= n; ++i) ids += (i > 1 ? "," : "") + std::to_string(i);
  for (int iter = 0; iter < iterations(15); ++iter) {
    db_->sql() << "DELETE FROM task_instance_error_log";
    db_->sql() << "DELETE FROM task_instance";
    db_->sql() << "UPDATE task SET status = 'G', num_attempts = 0";
    // A fresh batch of LAUNCHED instances (ids continue across iterations on PostgreSQL).
    ok("POST", "/array/1/queue_task_batch",
       R"({"task_ids":[)" + ids + R"(],"task_resources_id":1,"workflow_run_id":1})");
    int first = 0;
    db_->sql() << "SELECT min(id) FROM task_instance", soci::into(first);
    std::string ti_ids;
    for (int i = 0; i < n; ++i) ti_ids += (i ? "," : "") + std::to_string(first + i);
    ok("POST", "/task_instance/instantiate_task_instances",
       R"({"task_instance_ids":[)" + ti_ids + "]}");
    ok("POST", "/array/1/transition_to_launched",
       R"({"batch_number":1,"next_report_increment":60})");
    EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE status = 'O'"), n);
    std::string ti_reversed;
    for (int i = 0; i < n; ++i) ti_reversed += (i ? "," : "") + std::to_string(first + n - 1 - i);
    // Half the instances are overdue, so triage has work to do.
    db_->sql() << "UPDATE task_instance SET report_by_date = '2000-01-01 00:00:00' WHERE id < " +
                      std::to_string(first + n / 2);
    int failures = race({
        [&](HttpClient& c) {
          return not_ok(
              c.post("/api/v2/task_instance/log_report_by/batch",
                     R"({"next_report_increment":60,"task_instance_ids":[)" + ti_reversed + "]}"));
        },
        [&](HttpClient& c) {
          return not_ok(c.post("/api/v2/workflow_run/1/set_status_for_triaging", "{}"));
        },
        [&](HttpClient& c) {
          std::string body = "{";
          for (int i = n - 1; i >= 0; --i) {
            body += "\"" + std::to_string(first + i) + "\":\"d\"" + (i ? "," : "}");
          }
          return not_ok(c.post("/api/v2/array/1/log_distributor_id", body));
        },
        [&](HttpClient& c) {
          return not_ok(c.put("/api/v2/workflow_run/1/terminate_task_instances", "{}"));
        },
        [&](HttpClient& c) {
          return not_ok(c.post("/api/v2/array/1/transition_to_killed", R"({"batch_number":1})"));
        },
    });
    EXPECT_EQ(failures, 0) << "iteration " << iter;
    // Every instance ended in a state reachable from O by these routes, its Task consistent.
    EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE status NOT IN ('O','X','K','F')"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM task_instance ti JOIN task t ON ti.task_id = t.id "
                    "WHERE ti.status = 'F' AND t.status <> 'F'"),
              0);
    EXPECT_EQ(count("SELECT count(*) FROM task_instance WHERE distributor_id IS NULL"), 0);
  }
}

// Swarm calls queueing different tasks of one array at once get one batch number each, so every
// (array, batch, step) names one instance.
TEST_P(RunRaces, ConcurrentQueueBatchesOfOneArrayGetDistinctNumbers) {
  const int callers = 4, per_call = 5;
  bind(callers * per_call, 3);
  for (int iter = 0; iter < iterations(10); ++iter) {
    db_->sql() << "DELETE FROM task_instance";
    db_->sql() << "UPDATE task SET status = 'G', num_attempts = 0";
    std::vector<std::function<int(HttpClient&)>> senders;
    for (int c = 0; c < callers; ++c) {
      std::string ids;
      for (int i = 1; i <= per_call; ++i) {
        ids += (i > 1 ? "," : "") + std::to_string(c * per_call + i);
      }
      senders.push_back([ids](HttpClient& client) {
        return not_ok(client.post(
            "/api/v2/array/1/queue_task_batch",
            R"({"task_ids":[)" + ids + R"(],"task_resources_id":1,"workflow_run_id":1})"));
      });
    }
    EXPECT_EQ(race(senders), 0);
    EXPECT_EQ(count("SELECT count(*) FROM task_instance"), callers * per_call);
    EXPECT_EQ(count("SELECT count(DISTINCT array_batch_num) FROM task_instance"), callers);
    EXPECT_EQ(count("SELECT count(*) FROM (SELECT array_batch_num, array_step_id FROM "
                    "task_instance GROUP BY array_batch_num, array_step_id HAVING count(*) > 1) d"),
              0);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RunRaces, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
