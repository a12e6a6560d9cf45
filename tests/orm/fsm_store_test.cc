// Transitions applied to real rows, on every backend: every pair of every machine through the
// database (against fsm_matrices.h), cascades written together, refused transitions writing
// nothing, untimely ones ignored, heartbeats, status dates in the reference's format.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>
#include <string>

#include "db_fixture.h"
#include "fsm_matrices.h"
#include "jobmon/orm/entities.h"
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

// ---- Every pair through the database -------------------------------------------------------

// A date no transition writes: a row still holding it was not touched.
constexpr const char* kOldDate = "2000-01-01 00:00:00";

bool is_reference_time(const std::optional<std::string>& t) {
  static const std::regex format(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})");
  return t && std::regex_match(*t, format);
}

class FsmPairs : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    task_ = insert_tasks(1);  // workflow 1 and task `task_` (attempts 1 of 3)
    raw() << "INSERT INTO task_instance (workflow_run_id, array_id, task_id, task_resources_id, "
             "array_batch_num, array_step_id, status) VALUES (1, 1, :t, 1, 1, 0, 'Q')",
        soci::use(task_);
    raw() << "SELECT max(id) FROM task_instance", soci::into(ti_);
    raw() << "INSERT INTO workflow_run (workflow_id, status) VALUES (1, 'G')";
    raw() << "SELECT max(id) FROM workflow_run", soci::into(run_);
  }
  // Puts a row of `table` into `status`, with the old status date (and attempts for tasks).
  void reset(const std::string& table, long long id, char status) {
    const std::string s(1, status);
    const std::string old = kOldDate;
    const std::string set = table == "task" ? ", num_attempts = 1" : "";
    raw() << "UPDATE " + table + " SET status = :s, status_date = '" + old + "'" + set +
                 " WHERE id = :id",
        soci::use(s), soci::use(id);
  }
  template <class Row>
  Row load(std::optional<Row> (*find)(orm::ReadTx&, std::int64_t), long long id) {
    orm::ReadTx tx(*db_);
    auto row = find(tx, id);
    EXPECT_TRUE(row.has_value());
    return row.value_or(Row{});
  }
  // What these tests check of a Task or TaskInstance row, as stored (times as the server's text,
  // which is the reference's format on every backend).
  struct Stored {
    std::string status;
    std::optional<std::string> status_date;
    long long num_attempts = 0;  // tasks only
  };
  Stored stored(const std::string& table, long long id) {
    Stored row;
    std::string date;
    soci::indicator date_ind = soci::i_ok;
    const std::string attempts = table == "task" ? "num_attempts" : "0";
    raw() << "SELECT status, status_date, " + attempts + " FROM " + table + " WHERE id = :id",
        soci::use(id), soci::into(row.status), soci::into(date, date_ind),
        soci::into(row.num_attempts);
    EXPECT_TRUE(raw().got_data());
    if (date_ind != soci::i_null) row.status_date = date;
    return row;
  }
  long long task_ = 0, ti_ = 0, run_ = 0;
};

// The Task status a TaskInstance moving to `to` needs for its cascade to be valid, and the Task
// status the cascade ends in (attempts 1 of 3: errors retry, resource errors adjust).
std::pair<char, char> task_for_instance_target(char to) {
  switch (to) {
    case 'I':
      return {'Q', 'I'};
    case 'O':
      return {'I', 'O'};
    case 'R':
      return {'O', 'R'};
    case 'D':
      return {'R', 'D'};
    case 'E':
    case 'U':
    case 'W':
      return {'R', 'G'};
    case 'Z':
      return {'R', 'A'};
    case 'F':
      return {'R', 'F'};
    default:
      return {'R', 'R'};  // Q (unreachable), T, K, X: no cascade
  }
}

TEST_P(FsmPairs, TaskInstanceEveryPair) {
  for (char from : std::string(orm::kTaskInstanceLetters)) {
    for (char to : std::string(orm::kTaskInstanceLetters)) {
      SCOPED_TRACE(std::string("TI ") + from + "->" + to);
      const char kind = expected_kind(orm::kTaskInstanceLetters, kTaskInstanceMatrix, from, to);
      auto [task_before, task_after] = task_for_instance_target(to);
      reset("task", task_, task_before);
      reset("task_instance", ti_, from);
      {
        WriteTx tx(*db_);
        auto task = tx.lock_task(task_);
        auto instance = tx.lock_task_instance(task, ti_);
        const auto target = static_cast<TaskInstanceStatus>(to);
        if (kind == '.') {
          try {
            orm::transition_task_instance(instance, target);
            ADD_FAILURE() << "no InvalidTransition";
          } catch (const orm::InvalidTransition& e) {
            EXPECT_EQ(std::string(e.what()),
                      "Cannot transition TaskInstance id: " + std::to_string(ti_) + " from " +
                          from + " to " + to);
          }
        } else {
          auto plan = orm::transition_task_instance(instance, target);
          EXPECT_EQ(plan.untimely, kind == 'u');
          EXPECT_EQ(orm::letter(plan.from), from);
        }
        tx.commit();  // whatever was refused must not have been written
      }
      auto ti = stored("task_instance", ti_);
      auto task = stored("task", task_);
      if (kind == 'v') {
        EXPECT_EQ(ti.status, std::string(1, to));
        EXPECT_NE(ti.status_date, kOldDate);
        EXPECT_TRUE(is_reference_time(ti.status_date)) << ti.status_date.value_or("NULL");
        EXPECT_EQ(task.status, std::string(1, task_after));
        if (task_after != task_before) {
          EXPECT_NE(task.status_date, kOldDate);
          EXPECT_TRUE(is_reference_time(task.status_date));
        } else {
          EXPECT_EQ(task.status_date, kOldDate);  // no cascade, the Task is not touched
        }
      } else {
        EXPECT_EQ(ti.status, std::string(1, from));
        EXPECT_EQ(ti.status_date, kOldDate);
        EXPECT_EQ(task.status, std::string(1, task_before));
        EXPECT_EQ(task.status_date, kOldDate);
      }
      EXPECT_EQ(task.num_attempts, 1);  // no cascade step enters Q
    }
  }
}

TEST_P(FsmPairs, TaskEveryPair) {
  for (char from : std::string(orm::kTaskLetters)) {
    for (char to : std::string(orm::kTaskLetters)) {
      SCOPED_TRACE(std::string("Task ") + from + "->" + to);
      const char kind = expected_kind(orm::kTaskLetters, kTaskMatrix, from, to);
      reset("task", task_, from);
      {
        WriteTx tx(*db_);
        auto task = tx.lock_task(task_);
        if (kind == '.') {
          try {
            orm::transition_task(task, static_cast<orm::TaskStatus>(to));
            ADD_FAILURE() << "no InvalidTransition";
          } catch (const orm::InvalidTransition& e) {
            EXPECT_EQ(std::string(e.what()), "Cannot transition Task id: " + std::to_string(task_) +
                                                 " from " + from + " to " + to);
          }
        } else {
          auto plan = orm::transition_task(task, static_cast<orm::TaskStatus>(to));
          EXPECT_TRUE(plan.changed);
          EXPECT_EQ(plan.num_attempts, to == 'Q' ? 2 : 1);
        }
        tx.commit();
      }
      auto task = stored("task", task_);
      if (kind == 'v') {
        EXPECT_EQ(task.status, std::string(1, to));
        EXPECT_EQ(task.num_attempts, to == 'Q' ? 2 : 1);  // entering Q counts an attempt
        EXPECT_TRUE(is_reference_time(task.status_date));
        EXPECT_NE(task.status_date, kOldDate);
      } else {
        EXPECT_EQ(task.status, std::string(1, from));
        EXPECT_EQ(task.num_attempts, 1);
        EXPECT_EQ(task.status_date, kOldDate);
      }
    }
  }
}

TEST_P(FsmPairs, WorkflowEveryPair) {
  for (char from : std::string(orm::kWorkflowLetters)) {
    for (char to : std::string(orm::kWorkflowLetters)) {
      SCOPED_TRACE(std::string("Workflow ") + from + "->" + to);
      const char kind = expected_kind(orm::kWorkflowLetters, kWorkflowMatrix, from, to);
      reset("workflow", 1, from);
      {
        WriteTx tx(*db_);
        auto wf = tx.lock_workflow(1);
        if (kind == '.') {
          try {
            orm::transition_workflow(wf, static_cast<orm::WorkflowStatus>(to));
            ADD_FAILURE() << "no InvalidTransition";
          } catch (const orm::InvalidTransition& e) {
            EXPECT_EQ(std::string(e.what()),
                      std::string("Cannot transition Workflow id: 1 from ") + from + " to " + to);
          }
        } else {
          auto plan = orm::transition_workflow(wf, static_cast<orm::WorkflowStatus>(to));
          EXPECT_EQ(plan.untimely, kind == 'u');
        }
        tx.commit();
      }
      auto wf = load(&orm::find_workflow, 1);
      EXPECT_EQ(wf.status, std::string(1, kind == 'v' ? to : from));
      if (kind == 'v') {
        EXPECT_TRUE(is_reference_time(wf.status_date));
        EXPECT_NE(wf.status_date, kOldDate);
      } else {
        EXPECT_EQ(wf.status_date, kOldDate);
      }
    }
  }
}

// The Workflow status a run moving to `to` needs for its cascade to be valid, and the status
// the cascade ends in.
std::pair<char, char> workflow_for_run_target(char to) {
  switch (to) {
    case 'L':
      return {'H', 'G'};
    case 'B':
      return {'G', 'Q'};
    case 'A':
      return {'G', 'A'};
    case 'I':
      return {'Q', 'I'};
    case 'O':
      return {'I', 'O'};
    case 'R':
      return {'O', 'R'};
    case 'D':
      return {'R', 'D'};
    case 'S':
    case 'E':
      return {'R', 'F'};
    case 'T':
      return {'R', 'H'};
    default:
      return {'R', 'R'};  // G (unreachable), C, H: no cascade
  }
}

TEST_P(FsmPairs, WorkflowRunEveryPair) {
  for (char from : std::string(orm::kWorkflowRunLetters)) {
    for (char to : std::string(orm::kWorkflowRunLetters)) {
      SCOPED_TRACE(std::string("WorkflowRun ") + from + "->" + to);
      const char kind = expected_kind(orm::kWorkflowRunLetters, kWorkflowRunMatrix, from, to);
      auto [wf_before, wf_after] = workflow_for_run_target(to);
      reset("workflow", 1, wf_before);
      reset("workflow_run", run_, from);
      {
        WriteTx tx(*db_);
        auto wf = tx.lock_workflow(1);
        const auto target = static_cast<orm::WorkflowRunStatus>(to);
        if (kind == '.') {
          try {
            orm::transition_workflow_run(wf, run_, target);
            ADD_FAILURE() << "no InvalidTransition";
          } catch (const orm::InvalidTransition& e) {
            EXPECT_EQ(std::string(e.what()),
                      "Cannot transition WorkflowRun id: " + std::to_string(run_) + " from " +
                          from + " to " + to);
          }
        } else {
          auto plan = orm::transition_workflow_run(wf, run_, target);
          EXPECT_EQ(plan.untimely, kind == 'u');
        }
        tx.commit();
      }
      auto run = load(&orm::find_workflow_run, run_);
      auto wf = load(&orm::find_workflow, 1);
      if (kind == 'v') {
        EXPECT_EQ(run.status, std::string(1, to));
        EXPECT_TRUE(is_reference_time(run.status_date));
        EXPECT_NE(run.status_date, kOldDate);
        EXPECT_EQ(wf.status, std::string(1, wf_after));
        EXPECT_EQ(wf.status_date == kOldDate, wf_after == wf_before);
      } else {
        EXPECT_EQ(run.status, std::string(1, from));
        EXPECT_EQ(run.status_date, kOldDate);
        EXPECT_EQ(wf.status, std::string(1, wf_before));
        EXPECT_EQ(wf.status_date, kOldDate);
      }
      EXPECT_FALSE(run.heartbeat_date);  // only heartbeat_workflow_run writes it
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, FsmPairs, ::testing::ValuesIn(test_backends()));

// ---- Side effects and the all-or-nothing rule -----------------------------------------------

TEST_P(FsmStore, OtherErrorStatesAtMaxAttemptsFailTheTask) {
  for (auto [ti_from, to] : {std::pair{"R", TaskInstanceStatus::kResourceError},
                             std::pair{"R", TaskInstanceStatus::kUnknownError},
                             std::pair{"I", TaskInstanceStatus::kNoDistributorId}}) {
    arrange(ti_from[0] == 'I' ? "I" : "R", ti_from, 3);  // 3 of 3 attempts used
    move(to);
    EXPECT_EQ(ti_status(), std::string(1, orm::letter(to)));
    EXPECT_EQ(task_status(), "F") << orm::letter(to);
  }
}

TEST_P(FsmStore, FatalInstanceFailsTheTaskWhateverTheAttempts) {
  arrange("O", "O", 0);
  auto plan = move(TaskInstanceStatus::kErrorFatal);
  ASSERT_TRUE(plan.task);
  EXPECT_EQ(plan.task->from, orm::TaskStatus::kLaunched);
  EXPECT_EQ(plan.task->to, orm::TaskStatus::kErrorFatal);
  EXPECT_EQ(task_status(), "F");
}

TEST_P(FsmStore, QueueingCountsAnAttemptInTheRow) {
  arrange("G", "Q", 0);
  {
    WriteTx tx(*db_);
    orm::transition_task(tx.lock_task(task_), orm::TaskStatus::kQueued);
    tx.commit();
  }
  long long attempts = -1;
  raw() << "SELECT num_attempts FROM task WHERE id = :id", soci::use(task_), soci::into(attempts);
  EXPECT_EQ(attempts, 1);
}

TEST_P(FsmStore, InvalidWorkflowCascadeWritesNeitherRow) {
  insert_tasks(1);  // workflow 1 in R
  raw() << "UPDATE workflow SET status = 'F' WHERE id = 1";
  raw() << "INSERT INTO workflow_run (workflow_id, status) VALUES (1, 'R')";
  long long run = 0;
  raw() << "SELECT max(id) FROM workflow_run", soci::into(run);
  {
    WriteTx tx(*db_);
    auto wf = tx.lock_workflow(1);
    // R -> D is valid for the run, F -> D is not for its workflow.
    try {
      orm::transition_workflow_run(wf, run, orm::WorkflowRunStatus::kDone);
      ADD_FAILURE() << "no InvalidTransition";
    } catch (const orm::InvalidTransition& e) {
      EXPECT_STREQ(e.what(), "Cannot transition Workflow id: 1 from F to D");
    }
    tx.commit();
  }
  std::string run_status, wf_status;
  raw() << "SELECT status FROM workflow_run WHERE id = :id", soci::use(run), soci::into(run_status);
  raw() << "SELECT status FROM workflow WHERE id = 1", soci::into(wf_status);
  EXPECT_EQ(run_status, "R");
  EXPECT_EQ(wf_status, "F");
}

TEST_P(FsmStore, RefusedHeartbeatWritesNothing) {
  insert_tasks(1);
  raw() << "INSERT INTO workflow_run (workflow_id, status) VALUES (1, 'C')";
  long long run = 0;
  raw() << "SELECT max(id) FROM workflow_run", soci::into(run);
  {
    WriteTx tx(*db_);
    auto wf = tx.lock_workflow(1);
    // C -> C is invalid: the deadline must lapse so that the reaper terminates the run.
    EXPECT_THROW(orm::heartbeat_workflow_run(wf, run, orm::WorkflowRunStatus::kColdResume, 90),
                 orm::InvalidTransition);
    tx.commit();
  }
  int beating = -1;
  raw() << "SELECT count(*) FROM workflow_run WHERE id = :id AND heartbeat_date IS NULL AND "
           "status_date IS NULL",
      soci::use(run), soci::into(beating);
  EXPECT_EQ(beating, 1);
}

TEST_P(FsmStore, HeartbeatSetsTheDeadlineAfterNow) {
  insert_tasks(1);
  raw() << "INSERT INTO workflow_run (workflow_id, status) VALUES (1, 'O')";
  raw() << "UPDATE workflow SET status = 'O' WHERE id = 1";
  long long run = 0;
  raw() << "SELECT max(id) FROM workflow_run", soci::into(run);
  {
    WriteTx tx(*db_);
    auto wf = tx.lock_workflow(1);
    auto plan = orm::heartbeat_workflow_run(wf, run, orm::WorkflowRunStatus::kRunning, 3600);
    EXPECT_FALSE(plan.untimely);
    ASSERT_TRUE(plan.workflow);
    EXPECT_EQ(plan.workflow->to, orm::WorkflowStatus::kRunning);
    tx.commit();
  }
  orm::ReadTx tx(*db_);
  auto row = orm::find_workflow_run(tx, run);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "R");
  ASSERT_TRUE(is_reference_time(row->heartbeat_date));
  ASSERT_TRUE(is_reference_time(row->status_date));
  // Same text format on every backend, so text order is time order (docs/data-model.md §2.3).
  EXPECT_GT(*row->heartbeat_date, *row->status_date);
}

TEST_P(FsmStore, RunOfAnotherWorkflowIsNotFound) {
  insert_tasks(1);  // workflow 1
  insert_tasks(1);  // workflow 2
  raw() << "INSERT INTO workflow_run (workflow_id, status) VALUES (2, 'G')";
  long long run = 0;
  raw() << "SELECT max(id) FROM workflow_run", soci::into(run);
  WriteTx tx(*db_);
  auto wf = tx.lock_workflow(1);
  EXPECT_THROW(orm::transition_workflow_run(wf, run, orm::WorkflowRunStatus::kLinking),
               orm::NotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, FsmStore, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
