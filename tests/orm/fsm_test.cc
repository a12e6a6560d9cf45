// Every pair of states of each machine against the matrices of fsm_matrices.h (transcribed from
// MODEL.md 6 and ROUTES.md 4.3), plus the planned cascades and their side effects.
#include "jobmon/orm/fsm.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "fsm_matrices.h"

namespace jobmon::orm {
namespace {

using testing::expected_kind;

// Checks is_valid / is_untimely for every pair of `letters` against the expected matrix.
template <class Status>
void check_matrix(const char* letters, const std::vector<std::string>& rows) {
  std::string ls(letters);
  ASSERT_EQ(rows.size(), ls.size());
  for (char f : ls) {
    for (char t : ls) {
      char kind = expected_kind(letters, rows, f, t);
      Status from = static_cast<Status>(f);
      Status to = static_cast<Status>(t);
      EXPECT_EQ(is_valid(from, to), kind == 'v') << f << "->" << t;
      if constexpr (!std::is_same_v<Status, TaskStatus>) {
        EXPECT_EQ(is_untimely(from, to), kind == 'u') << f << "->" << t;
      } else {
        EXPECT_NE(kind, 'u') << "Task has no untimely list";
      }
    }
  }
}

TEST(FsmTableTest, MatricesAreSquare) {
  for (auto [letters, rows] : std::vector<std::pair<const char*, const std::vector<std::string>*>>{
           {kTaskInstanceLetters, &testing::kTaskInstanceMatrix},
           {kTaskLetters, &testing::kTaskMatrix},
           {kWorkflowLetters, &testing::kWorkflowMatrix},
           {kWorkflowRunLetters, &testing::kWorkflowRunMatrix}}) {
    ASSERT_EQ(rows->size(), std::string(letters).size()) << letters;
    for (const std::string& row : *rows) {
      std::string cells;
      for (char c : row) {
        if (c != ' ') cells += c;
      }
      EXPECT_EQ(cells.size(), std::string(letters).size()) << letters << ": " << row;
      EXPECT_EQ(cells.find_first_not_of("vu."), std::string::npos) << row;
    }
  }
}

// Counts from the spec: 25 valid and 12 untimely TI pairs, 14 Task, 15 (+1) Workflow, 18 (+2)
// WorkflowRun; a typo in a matrix would change them.
TEST(FsmTableTest, MatrixCountsMatchTheSpec) {
  auto count = [](const std::vector<std::string>& rows, char kind) {
    int n = 0;
    for (const auto& row : rows) {
      for (char c : row) n += c == kind;
    }
    return n;
  };
  EXPECT_EQ(count(testing::kTaskInstanceMatrix, 'v'), 25);
  EXPECT_EQ(count(testing::kTaskInstanceMatrix, 'u'), 12);
  EXPECT_EQ(count(testing::kTaskMatrix, 'v'), 14);
  EXPECT_EQ(count(testing::kWorkflowMatrix, 'v'), 15);
  EXPECT_EQ(count(testing::kWorkflowMatrix, 'u'), 1);
  EXPECT_EQ(count(testing::kWorkflowRunMatrix, 'v'), 18);
  EXPECT_EQ(count(testing::kWorkflowRunMatrix, 'u'), 2);
}

TEST(FsmTableTest, TaskInstanceEveryPair) {
  check_matrix<TaskInstanceStatus>(kTaskInstanceLetters, testing::kTaskInstanceMatrix);
}

TEST(FsmTableTest, TaskEveryPair) { check_matrix<TaskStatus>(kTaskLetters, testing::kTaskMatrix); }

TEST(FsmTableTest, WorkflowEveryPair) {
  check_matrix<WorkflowStatus>(kWorkflowLetters, testing::kWorkflowMatrix);
}

TEST(FsmTableTest, WorkflowRunEveryPair) {
  check_matrix<WorkflowRunStatus>(kWorkflowRunLetters, testing::kWorkflowRunMatrix);
}

using TI = TaskInstanceStatus;
using T = TaskStatus;

TaskState task(T status, int attempts = 1, int max_attempts = 3) {
  return TaskState{7, status, attempts, max_attempts};
}

TEST(FsmPlanTest, ErrorRetriesWhileAttemptsRemain) {
  auto plan = plan_task_instance_transition(11, TI::kRunning, TI::kError, task(T::kRunning, 1, 3));
  ASSERT_TRUE(plan.task);
  EXPECT_EQ(plan.task->to, T::kRegistering);
  EXPECT_EQ(plan.task->num_attempts, 1);
}

TEST(FsmPlanTest, ErrorAtMaxAttemptsIsFatal) {
  for (TI error : {TI::kError, TI::kUnknownError, TI::kResourceError}) {
    auto plan = plan_task_instance_transition(11, TI::kRunning, error, task(T::kRunning, 3, 3));
    ASSERT_TRUE(plan.task);
    EXPECT_EQ(plan.task->to, T::kErrorFatal) << letter(error);
  }
  auto plan = plan_task_instance_transition(11, TI::kInstantiated, TI::kNoDistributorId,
                                            task(T::kInstantiating, 2, 2));
  EXPECT_EQ(plan.task->to, T::kErrorFatal);
}

TEST(FsmPlanTest, ResourceErrorAdjustsResources) {
  auto plan =
      plan_task_instance_transition(11, TI::kRunning, TI::kResourceError, task(T::kRunning, 1, 3));
  EXPECT_EQ(plan.task->to, T::kAdjustingResources);
}

TEST(FsmPlanTest, FatalGoesThroughRecoverable) {
  auto plan =
      plan_task_instance_transition(11, TI::kKillSelf, TI::kErrorFatal, task(T::kRunning, 1, 3));
  EXPECT_EQ(plan.task->from, T::kRunning);
  EXPECT_EQ(plan.task->to, T::kErrorFatal);
}

TEST(FsmPlanTest, ForwardStatusesCascade) {
  EXPECT_EQ(
      plan_task_instance_transition(1, TI::kQueued, TI::kInstantiated, task(T::kQueued)).task->to,
      T::kInstantiating);
  EXPECT_EQ(
      plan_task_instance_transition(1, TI::kInstantiated, TI::kLaunched, task(T::kInstantiating))
          .task->to,
      T::kLaunched);
  EXPECT_EQ(
      plan_task_instance_transition(1, TI::kLaunched, TI::kRunning, task(T::kLaunched)).task->to,
      T::kRunning);
  EXPECT_EQ(plan_task_instance_transition(1, TI::kRunning, TI::kDone, task(T::kRunning)).task->to,
            T::kDone);
}

TEST(FsmPlanTest, KillTriageAndNoHeartbeatLeaveTheTask) {
  EXPECT_FALSE(
      plan_task_instance_transition(1, TI::kRunning, TI::kKillSelf, task(T::kRunning)).task);
  EXPECT_FALSE(
      plan_task_instance_transition(1, TI::kRunning, TI::kTriaging, task(T::kRunning)).task);
  EXPECT_FALSE(
      plan_task_instance_transition(1, TI::kLaunched, TI::kNoHeartbeat, task(T::kLaunched)).task);
}

TEST(FsmPlanTest, QueuedCountsAnAttempt) {
  auto plan = plan_task_transition(task(T::kRegistering, 0, 3), {T::kQueued});
  EXPECT_EQ(plan.num_attempts, 1);
  EXPECT_EQ(plan_task_transition(task(T::kErrorRecoverable, 1, 3), {T::kQueued}).num_attempts, 2);
}

TEST(FsmPlanTest, UntimelyChangesNothing) {
  auto plan = plan_task_instance_transition(1, TI::kKillSelf, TI::kError, task(T::kRunning));
  EXPECT_TRUE(plan.untimely);
  EXPECT_EQ(plan.to, TI::kKillSelf);
  EXPECT_FALSE(plan.task);
}

TEST(FsmPlanTest, InvalidCascadeRefusesTheWholeTransition) {
  // R -> D is valid for the instance, but its Task is already DONE (D -> D is not).
  try {
    plan_task_instance_transition(11, TI::kRunning, TI::kDone, task(T::kDone));
    FAIL() << "no InvalidTransition";
  } catch (const InvalidTransition& e) {
    EXPECT_STREQ(e.what(), "Cannot transition Task id: 7 from D to D");
  }
}

TEST(FsmPlanTest, MessagesMatchTheReference) {
  try {
    plan_task_instance_transition(7, TI::kRunning, TI::kRunning, task(T::kRunning));
    FAIL();
  } catch (const InvalidTransition& e) {
    EXPECT_STREQ(e.what(), "Cannot transition TaskInstance id: 7 from R to R");
  }
}

TEST(FsmPlanTest, WorkflowRunCascades) {
  using R = WorkflowRunStatus;
  using W = WorkflowStatus;
  struct Case {
    R from, to;
    W wf_from, wf_to;
  };
  for (const Case& c :
       std::vector<Case>{{R::kRegistered, R::kLinking, W::kRegistering, W::kRegistering},
                         {R::kLinking, R::kBound, W::kRegistering, W::kQueued},
                         {R::kLinking, R::kAborted, W::kRegistering, W::kAborted},
                         {R::kBound, R::kInstantiated, W::kQueued, W::kInstantiating},
                         {R::kInstantiated, R::kLaunched, W::kInstantiating, W::kLaunched},
                         {R::kLaunched, R::kRunning, W::kLaunched, W::kRunning},
                         {R::kRunning, R::kDone, W::kRunning, W::kDone},
                         {R::kRunning, R::kStopped, W::kRunning, W::kFailed},
                         {R::kRunning, R::kError, W::kRunning, W::kFailed},
                         {R::kColdResume, R::kTerminated, W::kRunning, W::kHalted}}) {
    auto plan = plan_workflow_run_transition(3, c.from, c.to, 5, c.wf_from);
    ASSERT_TRUE(plan.workflow) << letter(c.to);
    EXPECT_EQ(plan.workflow->to, c.wf_to) << letter(c.to);
  }
  auto resume = plan_workflow_run_transition(3, R::kRunning, R::kHotResume, 5, W::kRunning);
  EXPECT_FALSE(resume.workflow);
  // L -> G on a workflow already G is untimely, not an error.
  auto link = plan_workflow_run_transition(3, R::kRegistered, R::kLinking, 5, W::kRegistering);
  EXPECT_TRUE(link.workflow->untimely);
}

TEST(FsmPlanTest, ReaperCascadeOnlyWhereTheWorkflowMayFollow) {
  using R = WorkflowRunStatus;
  using W = WorkflowStatus;
  // The workflow already FAILED: F -> H is refused, which refuses a client's transition...
  EXPECT_THROW(plan_workflow_run_transition(3, R::kColdResume, R::kTerminated, 5, W::kFailed),
               InvalidTransition);
  // ...but the reaper's dead run moves alone.
  auto reaped = plan_workflow_run_transition(3, R::kColdResume, R::kTerminated, 5, W::kFailed,
                                             WorkflowCascade::kWhenValid);
  EXPECT_EQ(reaped.to, R::kTerminated);
  EXPECT_FALSE(reaped.workflow);
  auto followed = plan_workflow_run_transition(3, R::kRunning, R::kError, 5, W::kRunning,
                                               WorkflowCascade::kWhenValid);
  ASSERT_TRUE(followed.workflow);
  EXPECT_EQ(followed.workflow->to, W::kFailed);
  // The run's own transition is still checked.
  EXPECT_THROW(plan_workflow_run_transition(3, R::kDone, R::kError, 5, W::kDone,
                                            WorkflowCascade::kWhenValid),
               InvalidTransition);
}

TEST(StatusTest, ParsesOnlyKnownLetters) {
  EXPECT_EQ(parse_status<TaskInstanceStatus>("E"), TaskInstanceStatus::kError);
  EXPECT_FALSE(parse_status<TaskInstanceStatus>("G"));
  EXPECT_FALSE(parse_status<TaskInstanceStatus>("EE"));
  EXPECT_FALSE(parse_status<TaskInstanceStatus>(""));
  EXPECT_EQ(parse_status<WorkflowRunStatus>("T"), WorkflowRunStatus::kTerminated);
}

}  // namespace
}  // namespace jobmon::orm
