// The reaper's queries on every backend (orm/queries/reaper.h): which runs are lost, how each is
// reaped through the state machines, what happens to a resumed run's instances, the
// FAILED-but-DONE sweep.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "db_fixture.h"
#include "jobmon/orm/queries/reaper.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

namespace q = orm::queries;

class ReaperQueries : public DbTest {
 protected:
  // Workflow 1 in `wf_status` with one run of server version `version` whose heartbeat is
  // overdue (or not).
  long long arrange_run(const std::string& run_status, const std::string& wf_status,
                        bool overdue = true, const std::string& version = "3.4.0") {
    if (!workflow_) {
      insert_tasks(0);
      workflow_ = true;
    }
    raw() << "UPDATE workflow SET status = :s WHERE id = 1", soci::use(wf_status);
    const std::string heartbeat = overdue ? "2000-01-01 00:00:00" : "2999-01-01 00:00:00";
    raw() << "INSERT INTO workflow_run (workflow_id, status, jobmon_server_version, "
             "heartbeat_date) VALUES (1, :s, :v, '" +
                 heartbeat + "')",
        soci::use(run_status), soci::use(version);
    long long id = 0;
    raw() << "SELECT max(id) FROM workflow_run", soci::into(id);
    return id;
  }
  // A task of workflow 1 in `task_status` with one instance of `run` in `ti_status`.
  long long arrange_instance(long long run, const std::string& task_status,
                             const std::string& ti_status) {
    raw() << "INSERT INTO task (workflow_id, task_args_hash, name, command, num_attempts, "
             "max_attempts, status) VALUES (1, 'h', 't', 'true', 1, 3, :s)",
        soci::use(task_status);
    long long task = 0, ti = 0;
    raw() << "SELECT max(id) FROM task", soci::into(task);
    raw() << "INSERT INTO task_instance (workflow_run_id, array_id, task_id, task_resources_id, "
             "array_batch_num, array_step_id, status) VALUES (:r, 1, :t, 1, 1, 0, :s)",
        soci::use(run), soci::use(task), soci::use(ti_status);
    raw() << "SELECT max(id) FROM task_instance", soci::into(ti);
    return ti;
  }
  std::string text(const std::string& query) {
    std::string s;
    raw() << query, soci::into(s);
    return s;
  }
  long long count(const std::string& query) {
    long long n = 0;
    raw() << query, soci::into(n);
    return n;
  }
  // The reaper's answer: the status, and ":n" when n KILL_SELF instances keep the run waiting.
  std::string reap(long long run, double grace_seconds = 558) {
    q::Reaped reaped;
    orm::with_write_tx(
        *db_, [&](orm::WriteTx& tx) { reaped = q::reap_workflow_run(tx, run, grace_seconds); });
    if (reaped.kill_self_remaining) {
      return reaped.status + ":" + std::to_string(*reaped.kill_self_remaining);
    }
    return reaped.status;
  }
  std::string status_of(const char* table, long long id) {
    return text(std::string("SELECT status FROM ") + table + " WHERE id = " + std::to_string(id));
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> lost(
      const std::vector<std::string>& statuses, const std::optional<std::string>& version) {
    orm::ReadTx tx(*db_);
    return q::lost_workflow_runs(tx, statuses, version);
  }
  bool workflow_ = false;
};

TEST_P(ReaperQueries, LostRunsOfOneVersionOrOfAny) {
  long long python = arrange_run("R", "R", true, "3.4.0");
  long long ours = arrange_run("R", "R", true, "jobmond-0.1.0");
  arrange_run("R", "R", false, "3.4.0");  // still heartbeating
  arrange_run("D", "R", true, "3.4.0");   // not a status asked for
  using Runs = std::vector<std::pair<std::int64_t, std::int64_t>>;
  EXPECT_EQ(lost({"R"}, std::string("3.4.0")), (Runs{{python, 1}}));
  EXPECT_EQ(lost({"R"}, std::string("jobmond-0.1.0")), (Runs{{ours, 1}}));
  EXPECT_EQ(lost({"R"}, std::nullopt), (Runs{{python, 1}, {ours, 1}}));
  EXPECT_EQ(lost({"C", "H"}, std::nullopt), Runs{});
}

TEST_P(ReaperQueries, EachLostStatusReapedOnceWithItsWorkflow) {
  long long running = arrange_run("R", "R");
  EXPECT_EQ(reap(running), "E");
  EXPECT_EQ(text("SELECT status FROM workflow WHERE id = 1"), "F");
  EXPECT_EQ(reap(running), "");  // a second reaper finds nothing left to do

  long long linking = arrange_run("L", "G");
  EXPECT_EQ(reap(linking), "A");
  EXPECT_EQ(text("SELECT status FROM workflow WHERE id = 1"), "A");

  long long alive = arrange_run("R", "R", false);
  EXPECT_EQ(reap(alive), "");
  EXPECT_EQ(text("SELECT status FROM workflow_run WHERE id = " + std::to_string(alive)), "R");
  EXPECT_EQ(reap(999), "");  // no such run
}

// A resumed run whose swarm died (docs/compatibility.md W2): Q and I go F at once (their Tasks
// follow where they can), O and R go K, and the run waits in C while a worker may still see
// them; once none can, they go F and the run T.
TEST_P(ReaperQueries, ColdResumeCleansUpThenWaitsForKillSelfThenTerminates) {
  long long run = arrange_run("C", "R");
  long long q = arrange_instance(run, "Q", "Q");
  long long i = arrange_instance(run, "I", "I");
  long long o = arrange_instance(run, "O", "O");
  long long r = arrange_instance(run, "R", "R");
  long long d = arrange_instance(run, "D", "D");
  long long other_run = arrange_run("R", "R", false);
  long long other = arrange_instance(other_run, "R", "R");
  EXPECT_EQ(reap(run), "C:2");
  EXPECT_EQ(status_of("workflow_run", run), "C");
  EXPECT_EQ(status_of("workflow", 1), "R");
  EXPECT_EQ(status_of("task_instance", q), "F");
  EXPECT_EQ(status_of("task_instance", i), "F");
  EXPECT_EQ(status_of("task_instance", o), "K");
  EXPECT_EQ(status_of("task_instance", r), "K");
  EXPECT_EQ(status_of("task_instance", d), "D");
  EXPECT_EQ(status_of("task_instance", other), "R");
  EXPECT_EQ(status_of("task", 1), "Q");  // Q -> E is no Task transition: left to the resume
  EXPECT_EQ(status_of("task", 2), "F");
  EXPECT_EQ(status_of("task", 3), "O");  // KILL_SELF has no cascade
  EXPECT_EQ(text("SELECT description FROM task_instance_error_log WHERE task_instance_id = " +
                 std::to_string(o)),
            "Reaper: Workflow resume cleanup. Setting to KILL_SELF from status: O");
  EXPECT_EQ(text("SELECT description FROM task_instance_error_log WHERE task_instance_id = " +
                 std::to_string(q)),
            "Reaper: Workflow resume cleanup. Setting to ERROR_FATAL from status: Q (no worker to "
            "clean up)");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 4);
  EXPECT_EQ(reap(run), "C:2");  // nothing new to clean up, still waiting
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 4);
  // A worker that still reports keeps its instance waiting; the others are given up.
  raw() << "UPDATE task_instance SET report_by_date = '2999-01-01 00:00:00' WHERE id = " +
               std::to_string(o);
  EXPECT_EQ(reap(run, 0), "C:1");
  EXPECT_EQ(status_of("task_instance", r), "F");
  EXPECT_EQ(status_of("task", 4), "F");
  raw() << "UPDATE task_instance SET report_by_date = NULL WHERE id = " + std::to_string(o);
  EXPECT_EQ(reap(run, 0), "T");
  EXPECT_EQ(status_of("task_instance", o), "F");
  EXPECT_EQ(status_of("workflow_run", run), "T");
  EXPECT_EQ(status_of("workflow", 1), "H");
  EXPECT_EQ(count("SELECT count(*) FROM task_instance_error_log"), 6);
}

TEST_P(ReaperQueries, HotResumeLeavesRunningInstancesToFinish) {
  long long run = arrange_run("H", "R");
  long long o = arrange_instance(run, "O", "O");
  long long r = arrange_instance(run, "R", "R");
  EXPECT_EQ(reap(run), "H:1");
  EXPECT_EQ(status_of("task_instance", o), "K");
  EXPECT_EQ(status_of("task_instance", r), "R");
  EXPECT_EQ(reap(run, 0), "T");
  EXPECT_EQ(status_of("task_instance", o), "F");
  EXPECT_EQ(status_of("task_instance", r), "R");
  EXPECT_EQ(status_of("workflow", 1), "H");
}

TEST_P(ReaperQueries, WorkflowThatMovedOnKeepsItsStatus) {
  // The run's workflow was already set FAILED (say by an operator): the dead run still leaves
  // its live state, the workflow stays as it is (F -> H is no transition).
  long long run = arrange_run("C", "F");
  EXPECT_EQ(reap(run), "T");
  EXPECT_EQ(text("SELECT status FROM workflow_run WHERE id = " + std::to_string(run)), "T");
  EXPECT_EQ(text("SELECT status FROM workflow WHERE id = 1"), "F");
}

TEST_P(ReaperQueries, SweepFixesFailedWorkflowsWhoseTasksAreAllDone) {
  insert_tasks(2, "D");  // workflow 1
  insert_tasks(0);       // workflow 2: no tasks, left alone
  raw() << "UPDATE workflow SET status = 'F'";
  q::InconsistencySweep sweep;
  orm::with_write_tx(*db_,
                     [&](orm::WriteTx& tx) { sweep = q::fix_status_inconsistency(tx, 0, 1); });
  EXPECT_EQ(sweep.fixed, 1u);
  EXPECT_EQ(sweep.next_start, 1);
  EXPECT_EQ(text("SELECT status FROM workflow WHERE id = 1"), "D");
  EXPECT_EQ(text("SELECT status FROM workflow WHERE id = 2"), "F");
  orm::with_write_tx(*db_,
                     [&](orm::WriteTx& tx) { sweep = q::fix_status_inconsistency(tx, 1, 5); });
  EXPECT_EQ(sweep.fixed, 0u);
  EXPECT_EQ(sweep.next_start, 0);  // past the last workflow: start over
}

INSTANTIATE_TEST_SUITE_P(Backends, ReaperQueries, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
