// Every pair of states of each machine against matrices transcribed from MODEL.md 6 and
// ROUTES.md 4.3 ('v' valid, 'u' untimely, '.' invalid), plus the cascades' side effects.
#include "jobmon/orm/fsm.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jobmon::orm {
namespace {

template <class Status>
void check_matrix(const char* letters, const std::vector<std::string>& rows) {
  std::string ls(letters);
  ASSERT_EQ(rows.size(), ls.size());
  for (std::size_t f = 0; f < ls.size(); ++f) {
    std::string row;
    for (char c : rows[f]) {
      if (c != ' ') row += c;
    }
    ASSERT_EQ(row.size(), ls.size()) << "row " << ls[f];
    for (std::size_t t = 0; t < ls.size(); ++t) {
      Status from = static_cast<Status>(ls[f]);
      Status to = static_cast<Status>(ls[t]);
      EXPECT_EQ(is_valid(from, to), row[t] == 'v') << ls[f] << "->" << ls[t];
      if constexpr (!std::is_same_v<Status, TaskStatus>) {
        EXPECT_EQ(is_untimely(from, to), row[t] == 'u') << ls[f] << "->" << ls[t];
      }
    }
  }
}

TEST(FsmTableTest, TaskInstanceEveryPair) {
  //                                         Q I O R T K X D E U W Z F
  check_matrix<TaskInstanceStatus>(kTaskInstanceLetters, {
                                                             ". v . . . v . . . . . . .",  // Q
                                                             ". . v v . v . . . . v . .",  // I
                                                             ". . . v . v v . . v . v v",  // O
                                                             ". . u . v v . v v v . v .",  // R
                                                             ". . . v . . . . . v . v v",  // T
                                                             ". . . . . . . v u u . u v",  // K
                                                             ". . . . . . . . v . . . .",  // X
                                                             ". . . . . . . . . u . . .",  // D
                                                             ". . u . . . . . u u . . .",  // E
                                                             ". . . . . . . u u . . u .",  // U
                                                             ". . . . . . . . . . . . .",  // W
                                                             ". . . . . . . . . u . . .",  // Z
                                                             ". . . . . . . . . . . . .",  // F
                                                         });
}

TEST(FsmTableTest, TaskEveryPair) {
  //                          G Q I O R D E A F
  check_matrix<TaskStatus>(kTaskLetters, {
                                             ". v . . . . . . .",  // G
                                             ". . v . . . . . .",  // Q
                                             ". . . v v . v . .",  // I
                                             ". . . . v . v . .",  // O
                                             ". . . . . v v . .",  // R
                                             ". . . . . . . . .",  // D
                                             "v v . . . . . v v",  // E
                                             ". v . . . . . . .",  // A
                                             ". . . . . . . . .",  // F
                                         });
}

TEST(FsmTableTest, WorkflowEveryPair) {
  //                                  G Q I O R D H F A
  check_matrix<WorkflowStatus>(kWorkflowLetters, {
                                                     "u v . . . . . . v",  // G
                                                     ". . v . . . v v .",  // Q
                                                     ". . . v . . . v .",  // I
                                                     ". . . . v . . v .",  // O
                                                     ". . . . . v v v .",  // R
                                                     ". . . . . . . . .",  // D
                                                     "v . . . . . . . .",  // H
                                                     "v . . . . . . . .",  // F
                                                     "v . . . . . . . .",  // A
                                                 });
}

TEST(FsmTableTest, WorkflowRunEveryPair) {
  //                                        G L B I O R D S E A C H T
  check_matrix<WorkflowRunStatus>(kWorkflowRunLetters, {
                                                           ". v . . . . . . . . . . .",  // G
                                                           ". u v . . . . . . v . . .",  // L
                                                           ". . . v . . . . v . v v .",  // B
                                                           ". . . . v . . . v . . . .",  // I
                                                           ". . . . . v . . v . . . .",  // O
                                                           ". . . . . u v v v . v v .",  // R
                                                           ". . . . . . . . . . . . .",  // D
                                                           ". . . . . . . . . . . . .",  // S
                                                           ". . . . . . . . . . . . .",  // E
                                                           ". . . . . . . . . . . . .",  // A
                                                           ". . . . . . . . . . . . v",  // C
                                                           ". . . . . . . . . . . . v",  // H
                                                           ". . . . . . . . . . . . .",  // T
                                                       });
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

TEST(StatusTest, ParsesOnlyKnownLetters) {
  EXPECT_EQ(parse_status<TaskInstanceStatus>("E"), TaskInstanceStatus::kError);
  EXPECT_FALSE(parse_status<TaskInstanceStatus>("G"));
  EXPECT_FALSE(parse_status<TaskInstanceStatus>("EE"));
  EXPECT_FALSE(parse_status<TaskInstanceStatus>(""));
  EXPECT_EQ(parse_status<WorkflowRunStatus>("T"), WorkflowRunStatus::kTerminated);
}

}  // namespace
}  // namespace jobmon::orm
