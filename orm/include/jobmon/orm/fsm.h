#pragma once
// The four state machines (MODEL.md section 6, ROUTES.md 4.3) and the only functions that change
// the status of a Task, TaskInstance, Workflow or WorkflowRun.
//
// Two layers:
//  * plan_*: pure functions over the transition tables. They say what a transition does
//    (nothing when untimely; the child's new status and its cascade into the parent), or throw
//    InvalidTransition. No database; unit-tested over every pair of states.
//  * transition_*: read the rows inside a locked write transaction, plan, then write child and
//    parent together. They take lock proofs (transaction.h), so an unlocked status change does
//    not compile.
//
// One deliberate difference from the reference: a transition and its cascade are all-or-nothing.
// The whole plan is validated before anything is written, so an invalid cascade leaves both rows
// unchanged (the reference committed the child's change; docs/compatibility.md H5).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobmon/orm/errors.h"
#include "jobmon/orm/status.h"
#include "jobmon/orm/transaction.h"

namespace jobmon::orm {

// ---- The tables ------------------------------------------------------------------------------

JOBMON_ORM_EXPORT bool is_valid(TaskStatus from, TaskStatus to);
JOBMON_ORM_EXPORT bool is_valid(TaskInstanceStatus from, TaskInstanceStatus to);
JOBMON_ORM_EXPORT bool is_valid(WorkflowStatus from, WorkflowStatus to);
JOBMON_ORM_EXPORT bool is_valid(WorkflowRunStatus from, WorkflowRunStatus to);
// Untimely pairs are races the reference ignores silently (Task has none).
JOBMON_ORM_EXPORT bool is_untimely(TaskInstanceStatus from, TaskInstanceStatus to);
JOBMON_ORM_EXPORT bool is_untimely(WorkflowStatus from, WorkflowStatus to);
JOBMON_ORM_EXPORT bool is_untimely(WorkflowRunStatus from, WorkflowRunStatus to);

// "Cannot transition TaskInstance id: 7 from R to R" (the reference's message).
JOBMON_ORM_EXPORT std::string transition_error_message(const char* model, std::int64_t id,
                                                       char from, char to);

// ---- Planning (pure) -------------------------------------------------------------------------

struct TaskState {
  std::int64_t id = 0;
  TaskStatus status = TaskStatus::kRegistering;
  int num_attempts = 0;
  int max_attempts = 1;
};

// What a Task transition (possibly several steps, e.g. E then F) does to the row.
struct TaskPlan {
  TaskStatus from = TaskStatus::kRegistering;
  TaskStatus to = TaskStatus::kRegistering;
  int num_attempts = 0;  // after the steps (+1 for each step into Q)
  bool changed = false;
};

struct TaskInstancePlan {
  std::int64_t task_instance_id = 0;
  TaskInstanceStatus from = TaskInstanceStatus::kQueued;
  TaskInstanceStatus to = TaskInstanceStatus::kQueued;
  bool untimely = false;         // nothing changes
  std::optional<TaskPlan> task;  // the cascade, when the new status has one
  TaskInstanceStatus status_after() const { return untimely ? from : to; }
};

// Throws InvalidTransition naming the first refused step (TaskInstance or Task).
JOBMON_ORM_EXPORT TaskPlan plan_task_transition(const TaskState& task,
                                                const std::vector<TaskStatus>& steps);
JOBMON_ORM_EXPORT TaskInstancePlan plan_task_instance_transition(std::int64_t task_instance_id,
                                                                 TaskInstanceStatus from,
                                                                 TaskInstanceStatus to,
                                                                 const TaskState& task);

struct WorkflowPlan {
  WorkflowStatus from = WorkflowStatus::kRegistering;
  WorkflowStatus to = WorkflowStatus::kRegistering;
  bool untimely = false;
};

// Whether a WorkflowRun transition needs its Workflow to follow. kRequired: a refused cascade
// refuses the whole transition (every change a client asks for). kWhenValid: the run moves
// and the workflow keeps its status when its own machine refuses the cascade: the reaper's
// case, where a dead run must leave its live state whatever its workflow became meanwhile
// (docs/compatibility.md W2).
enum class WorkflowCascade { kRequired, kWhenValid };

struct WorkflowRunPlan {
  std::int64_t workflow_run_id = 0;
  WorkflowRunStatus from = WorkflowRunStatus::kRegistered;
  WorkflowRunStatus to = WorkflowRunStatus::kRegistered;
  bool untimely = false;
  std::optional<WorkflowPlan> workflow;  // the cascade, when the new status has one
};

JOBMON_ORM_EXPORT WorkflowPlan plan_workflow_transition(std::int64_t workflow_id,
                                                        WorkflowStatus from, WorkflowStatus to);
JOBMON_ORM_EXPORT WorkflowRunPlan plan_workflow_run_transition(
    std::int64_t workflow_run_id, WorkflowRunStatus from, WorkflowRunStatus to,
    std::int64_t workflow_id, WorkflowStatus workflow_status,
    WorkflowCascade cascade = WorkflowCascade::kRequired);

// ---- Applying (inside a locked write transaction) -------------------------------------------

// Reads the instance and its Task, plans, and writes both (status, status_date = database now;
// num_attempts for the Task). Returns the plan that was applied (untimely: nothing written).
JOBMON_ORM_EXPORT TaskInstancePlan transition_task_instance(const LockedTaskInstance& ti,
                                                            TaskInstanceStatus to);
JOBMON_ORM_EXPORT TaskPlan transition_task(const LockedTask& task, TaskStatus to);
JOBMON_ORM_EXPORT WorkflowPlan transition_workflow(const LockedWorkflow& workflow,
                                                   WorkflowStatus to);
// The run must belong to the locked workflow (NotFound otherwise).
JOBMON_ORM_EXPORT WorkflowRunPlan
transition_workflow_run(const LockedWorkflow& workflow, std::int64_t workflow_run_id,
                        WorkflowRunStatus to, WorkflowCascade cascade = WorkflowCascade::kRequired);
// The reference's heartbeat(): transition, then heartbeat_date = now + increment seconds.
// When the transition is refused (InvalidTransition) nothing is written and it rethrows.
JOBMON_ORM_EXPORT WorkflowRunPlan heartbeat_workflow_run(const LockedWorkflow& workflow,
                                                         std::int64_t workflow_run_id,
                                                         WorkflowRunStatus to,
                                                         double next_report_increment);

// Current statuses, read in the caller's transaction (no lock of their own).
JOBMON_ORM_EXPORT TaskState read_task_state(WriteTx& tx, std::int64_t task_id);
JOBMON_ORM_EXPORT TaskInstanceStatus read_task_instance_status(WriteTx& tx,
                                                               std::int64_t task_instance_id);

}  // namespace jobmon::orm
