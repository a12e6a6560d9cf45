// Every interleaving of two operations on one Task, statement by statement, on PostgreSQL and
// MariaDB: the pairs of route operations that race in production (a worker's report against a
// distributor's kill, a reaper's triage against a heartbeat, a queueing against a resume). For
// each pair the two serial orders are run first; then every distinct schedule of the two
// sessions' statements (explored depth first: a schedule is a choice at each point where both
// sessions could run) must end in the state, and with the answers, of one of them.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "jobmon/orm/queries/bind.h"
#include "jobmon/orm/queries/run.h"
#include "jobmon/orm/transaction.h"
#include "stepped_session.h"
#include "test_database.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

namespace q = orm::queries;
using Op = std::function<std::string(orm::Database&)>;

// Rows every scenario starts from: workflow 1 running, run 1, array 1 (batch 1), Task 1 in
// `task_status` with one attempt of three, and its instance in `ti_status` whose report_by_date
// lies `report_by_seconds` from now (negative: overdue).
struct Start {
  std::string task_status = "R";
  std::string ti_status = "R";
  int report_by_seconds = 600;
};

std::vector<std::string> server_backends() {
  std::vector<std::string> out;
  for (const std::string& b : test_backends()) {
    if (b != "sqlite") out.push_back(b);
  }
  if (out.empty()) out.push_back("none");
  return out;
}

class Interleaving : public ::testing::TestWithParam<std::string> {
 protected:
  static constexpr long long kTi = 100000;  // the scenario's TaskInstance

  void SetUp() override {
    if (GetParam() == "none") GTEST_SKIP() << "needs PostgreSQL or MariaDB (row locks)";
    fresh_ = std::make_unique<TestDatabase>(GetParam());
    orm::DatabaseConfig config;
    config.uri = fresh_->uri();
    config.pool_size = 1;
    schema_ = orm::Database::open(config);  // creates the schema
    backend_ = schema_->backend();
    a_ = std::make_unique<SteppedSession>(fresh_->uri(), backend_);
    b_ = std::make_unique<SteppedSession>(fresh_->uri(), backend_);
  }

  soci::session& raw() { return fresh_->sql(); }

  std::string now_plus(int seconds) {
    if (backend_ == orm::Backend::kMysql) {
      return "NOW() + INTERVAL " + std::to_string(seconds) + " SECOND";
    }
    return "LOCALTIMESTAMP + INTERVAL '" + std::to_string(seconds) + " seconds'";
  }

  void arrange(const Start& s) {
    for (const char* table : {"task_instance_error_log", "task_instance", "task", "\"array\"",
                              "workflow_run", "workflow", "node_arg", "node"}) {
      raw() << std::string("DELETE FROM ") + table;
    }
    raw() << "INSERT INTO workflow (id, dag_id, workflow_args_hash, task_hash, "
             "max_concurrently_running, status) VALUES (1, 1, '1', '1', 10, 'R')";
    raw() << "INSERT INTO workflow_run (id, workflow_id, status) VALUES (1, 1, 'R')";
    raw() << "INSERT INTO \"array\" (id, name, workflow_id, task_template_version_id, "
             "max_concurrently_running) VALUES (1, 'a', 1, 1, 10)";
    raw() << "INSERT INTO task (id, workflow_id, array_id, task_args_hash, name, command, "
             "num_attempts, max_attempts, status) VALUES (1, 1, 1, 'h', 't', 'true', 1, 3, :s)",
        soci::use(s.task_status);
    // An explicit id far above what the id sequence hands out to queued instances.
    raw() << "INSERT INTO task_instance (id, workflow_run_id, array_id, task_id, "
             "task_resources_id, array_batch_num, array_step_id, status, report_by_date) "
             "VALUES (" +
                 std::to_string(kTi) + ", 1, 1, 1, 1, 1, 0, :s, " + now_plus(s.report_by_seconds) +
                 ")",
        soci::use(s.ti_status);
  }

  // What the pair left: the Task, its instances in batch order (a queued one's id varies), the
  // error log, and what each operation answered.
  std::string state(const std::string& outcome_a, const std::string& outcome_b) {
    std::string out = "A=" + outcome_a + " B=" + outcome_b;
    std::string status;
    int attempts = 0;
    raw() << "SELECT status, num_attempts FROM task WHERE id = 1", soci::into(status),
        soci::into(attempts);
    out += " task=" + status + "/" + std::to_string(attempts);
    // One column a query (no column is read by its index), the instances in the same order.
    const std::string instances = " FROM task_instance ORDER BY array_batch_num, id";
    std::vector<std::string> statuses, deadlines;
    soci::rowset<std::string> status_rows = (raw().prepare << "SELECT status" + instances);
    for (const std::string& s : status_rows) statuses.push_back(s);
    soci::rowset<std::string> deadline_rows =
        (raw().prepare << "SELECT CASE WHEN report_by_date > " + now_plus(0) +
                              " THEN 'later' ELSE 'due' END" + instances);
    for (const std::string& d : deadline_rows) deadlines.push_back(d);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      out += " ti=" + statuses[i] + "/" + (i < deadlines.size() ? deadlines[i] : "?");
    }
    soci::rowset<std::string> errors =
        (raw().prepare << "SELECT description FROM task_instance_error_log ORDER BY id");
    for (const std::string& e : errors) out += " error=\"" + e + "\"";
    int nodes = 0;
    raw() << "SELECT count(*) FROM node", soci::into(nodes);
    return out + " nodes=" + std::to_string(nodes);
  }

  // Runs the pair serially both ways, then every interleaving; each must match a serial end.
  void expect_serialisable(const Start& start, const Op& op_a, const Op& op_b) {
    std::set<std::string> serial;
    for (int first = 0; first < 2; ++first) {
      arrange(start);
      SteppedSession& one = first == 0 ? *a_ : *b_;
      SteppedSession& two = first == 0 ? *b_ : *a_;
      one.start(first == 0 ? op_a : op_b, false);
      one.join();
      two.start(first == 0 ? op_b : op_a, false);
      two.join();
      serial.insert(state(a_->outcome(), b_->outcome()));
    }
    std::vector<std::vector<int>> pending = {{}};
    int schedules = 0;
    while (!pending.empty()) {
      std::vector<int> prefix = pending.back();
      pending.pop_back();
      arrange(start);
      a_->start(op_a, true);
      b_->start(op_b, true);
      Schedule run = run_interleaved(*a_, *b_, raw(), backend_, prefix);
      ++schedules;
      // Every decision past the prefix had another branch: explore it later.
      for (std::size_t i = prefix.size(); i < run.choices.size(); ++i) {
        std::vector<int> other(run.choices.begin(), run.choices.begin() + i);
        other.push_back(1 - run.choices[i]);
        pending.push_back(other);
      }
      const std::string seen = state(a_->outcome(), b_->outcome());
      std::string expected;
      for (const std::string& s : serial) expected += "\n  " + s;
      ASSERT_TRUE(serial.count(seen))
          << "schedule " << schedules << " ended in\n  " << seen
          << "\nno serial order ends so:" << expected << "\nstatements:\n"
          << run.trace;
      ASSERT_LT(schedules, 5000) << "the schedule tree is larger than expected";
    }
    // Both sessions send several statements, so there is more than one schedule to try.
    EXPECT_GT(schedules, 2);
    RecordProperty("schedules", schedules);
    std::printf("%d schedules, each ending as a serial order does\n", schedules);
  }

  static Op log_done(long long ti) {
    return [ti](orm::Database& db) {
      std::string status;
      orm::with_write_tx(db, [&](orm::WriteTx& tx) { status = q::log_done(tx, ti, {}); });
      return status;
    };
  }
  static Op log_error(long long ti) {
    return [ti](orm::Database& db) {
      std::string status;
      orm::with_write_tx(db, [&](orm::WriteTx& tx) {
        status = q::log_error_worker_node(tx, ti, "E", "worker failed", {});
      });
      return status;
    };
  }
  static Op kill_batch() {
    return [](orm::Database& db) {
      orm::with_write_tx(db, [&](orm::WriteTx& tx) { q::transition_to_killed(tx, 1, 1); });
      return std::string();
    };
  }
  static Op triage() {
    return [](orm::Database& db) {
      orm::with_write_tx(db, [&](orm::WriteTx& tx) { q::set_status_for_triaging(tx, 1, 0); });
      return std::string();
    };
  }
  // As the route runs it: on PostgreSQL and MySQL one autocommitted UPDATE when the instance is
  // not TRIAGING, else (or when that UPDATE matched nothing) the write transaction.
  static Op heartbeat(long long ti) {
    return [ti](orm::Database& db) { return q::log_report_by(db, ti, {}, 600); };
  }
  static Op queue_batch() {
    return [](orm::Database& db) {
      std::string out;
      orm::with_write_tx(db, [&](orm::WriteTx& tx) {
        for (const auto& [status, ids] : q::queue_task_batch(tx, 1, {1}, 1, 1)) {
          out += status + std::to_string(ids.size());
        }
      });
      return out;
    };
  }
  static Op terminate() {
    return [](orm::Database& db) {
      orm::with_write_tx(db, [&](orm::WriteTx& tx) { q::terminate_task_instances(tx, 1); });
      return std::string();
    };
  }

  // Binds nodes (1, "a") and (1, "b"), one with an arg; answers the keys it got ids for, and
  // whether the ids were two distinct ones.
  static Op bind_two_nodes() {
    return [](orm::Database& db) {
      std::vector<orm::queries::NodeRow> nodes;
      orm::with_write_tx(db, [&](orm::WriteTx& tx) {
        nodes = q::bind_nodes(tx, {{1, "a", {{1, "x"}}}, {1, "b", {}}});
      });
      std::string out;
      std::set<std::int64_t> ids;
      for (const auto& n : nodes) {
        out += std::to_string(n.task_template_version_id) + ":" + n.node_args_hash + ",";
        ids.insert(n.id);
      }
      return out + (ids.size() == 2 ? "two ids" : "ids?");
    };
  }

  std::unique_ptr<TestDatabase> fresh_;
  std::unique_ptr<orm::Database> schema_;
  orm::Backend backend_ = orm::Backend::kSqlite;
  std::unique_ptr<SteppedSession> a_, b_;
};

TEST_P(Interleaving, ErrorReportAgainstDone) {
  Start start;  // a running instance: the worker reports an error while it also reports done
  expect_serialisable(start, log_error(kTi), log_done(kTi));
}

TEST_P(Interleaving, ErrorReportAgainstKill) {
  Start start;  // kill requested (K): the worker's error races the distributor's kill
  start.ti_status = "K";
  expect_serialisable(start, log_error(kTi), kill_batch());
}

TEST_P(Interleaving, DoneAgainstKill) {
  Start start;
  start.ti_status = "K";
  expect_serialisable(start, log_done(kTi), kill_batch());
}

TEST_P(Interleaving, TriageAgainstHeartbeat) {
  Start start;  // overdue: the reaper triages while the worker's heartbeat arrives
  start.report_by_seconds = -60;
  expect_serialisable(start, triage(), heartbeat(kTi));
}

TEST_P(Interleaving, QueueBatchAgainstResumeTermination) {
  Start start;  // the distributor queues the Task while a cold resume terminates its instances
  expect_serialisable(start, queue_batch(), terminate());
}

TEST_P(Interleaving, NodeBindersOfTheSameNodes) {
  // The second binder's INSERT skips the first one's rows (its RETURNING answers none of them)
  // and must find them all the same.
  expect_serialisable(Start{}, bind_two_nodes(), bind_two_nodes());
}

INSTANTIATE_TEST_SUITE_P(Servers, Interleaving, ::testing::ValuesIn(server_backends()));

}  // namespace
}  // namespace jobmon::testing
