// Transitions applied to real rows, on every backend: cascades written together, refused
// transitions writing nothing, untimely ones ignored, heartbeats.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db_fixture.h"
#include "jobmon/orm/fsm.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using orm::TaskInstanceStatus;
using orm::WriteTx;
using FsmStoreTest = DbTest;

class FsmStore : public DbTest {
 protected:
  // One task (status, attempts, max 3) with one instance in `ti_status`.
  void arrange(const std::string& task_status, const std::string& ti_status, int attempts = 1) {
    task_ = insert_tasks(1, task_status);
    raw() << "UPDATE task SET num_attempts = :n WHERE id = :id", soci::use(attempts),
        soci::use(task_);
    raw() << "INSERT INTO task_instance (workflow_run_id, array_id, task_id, task_resources_id, "
             "array_batch_num, array_step_id, status) VALUES (1, 1, :t, 1, 1, 0, :s)",
        soci::use(task_), soci::use(ti_status);
    raw() << "SELECT max(id) FROM task_instance", soci::into(ti_);
  }
  std::string task_status() {
    std::string s;
    raw() << "SELECT status FROM task WHERE id = :id", soci::use(task_), soci::into(s);
    return s;
  }
  std::string ti_status() {
    std::string s;
    raw() << "SELECT status FROM task_instance WHERE id = :id", soci::use(ti_), soci::into(s);
    return s;
  }
  orm::TaskInstancePlan move(TaskInstanceStatus to) {
    WriteTx tx(*db_);
    auto task = tx.lock_task(task_);
    auto plan = orm::transition_task_instance(tx.lock_task_instance(task, ti_), to);
    tx.commit();
    return plan;
  }
  long long task_ = 0;
  long long ti_ = 0;
};

TEST_P(FsmStore, DoneCascadesToTheTaskWithStatusDates) {
  arrange("R", "R");
  move(TaskInstanceStatus::kDone);
  EXPECT_EQ(ti_status(), "D");
  EXPECT_EQ(task_status(), "D");
  int dated = 0;
  raw() << "SELECT count(*) FROM task_instance WHERE id = :id AND status_date IS NOT NULL",
      soci::use(ti_), soci::into(dated);
  EXPECT_EQ(dated, 1);
}

TEST_P(FsmStore, ErrorWithAttemptsLeftRequeuesTheTask) {
  arrange("R", "R", 1);
  move(TaskInstanceStatus::kError);
  EXPECT_EQ(ti_status(), "E");
  EXPECT_EQ(task_status(), "G");
}

TEST_P(FsmStore, ErrorAtMaxAttemptsFailsTheTask) {
  arrange("R", "R", 3);
  move(TaskInstanceStatus::kError);
  EXPECT_EQ(task_status(), "F");
}

TEST_P(FsmStore, InvalidCascadeWritesNeitherRow) {
  arrange("D", "R");  // the task is already DONE: R -> D on the instance cannot cascade
  WriteTx tx(*db_);
  auto task = tx.lock_task(task_);
  EXPECT_THROW(
      orm::transition_task_instance(tx.lock_task_instance(task, ti_), TaskInstanceStatus::kDone),
      orm::InvalidTransition);
  tx.commit();  // even committing the transaction keeps both rows as they were
  EXPECT_EQ(ti_status(), "R");
  EXPECT_EQ(task_status(), "D");
}

TEST_P(FsmStore, UntimelyTransitionWritesNothing) {
  arrange("R", "K");
  auto plan = move(TaskInstanceStatus::kError);
  EXPECT_TRUE(plan.untimely);
  EXPECT_EQ(ti_status(), "K");
  EXPECT_EQ(task_status(), "R");
}

TEST_P(FsmStore, WorkflowRunHeartbeatAndCascade) {
  insert_tasks(1);  // workflow 1 in R
  raw() << "INSERT INTO workflow_run (workflow_id, status) VALUES (1, 'R')";
  long long run = 0;
  raw() << "SELECT max(id) FROM workflow_run", soci::into(run);
  {
    WriteTx tx(*db_);
    auto wf = tx.lock_workflow(1);
    auto plan = orm::heartbeat_workflow_run(wf, run, orm::WorkflowRunStatus::kRunning, 90);
    EXPECT_TRUE(plan.untimely);  // R -> R: only the heartbeat moves
    tx.commit();
  }
  int beating = 0;
  raw() << "SELECT count(*) FROM workflow_run WHERE id = :id AND heartbeat_date IS NOT NULL",
      soci::use(run), soci::into(beating);
  EXPECT_EQ(beating, 1);
  {
    WriteTx tx(*db_);
    auto wf = tx.lock_workflow(1);
    orm::transition_workflow_run(wf, run, orm::WorkflowRunStatus::kDone);
    tx.commit();
  }
  std::string run_status, wf_status;
  raw() << "SELECT status FROM workflow_run WHERE id = :id", soci::use(run), soci::into(run_status);
  raw() << "SELECT status FROM workflow WHERE id = 1", soci::into(wf_status);
  EXPECT_EQ(run_status, "D");
  EXPECT_EQ(wf_status, "D");
}

INSTANTIATE_TEST_SUITE_P(Backends, FsmStore, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
