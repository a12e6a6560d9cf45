// The transition tables, transcribed from the reference models (web/models/task.py,
// task_instance.py, workflow.py, workflow_run.py at 5a4d2aae) as listed in ROUTES.md 4.3.
#include "jobmon/orm/fsm.h"

#include <set>
#include <string_view>
#include <utility>

namespace jobmon::orm {

namespace {

using Pairs = std::set<std::pair<char, char>>;

// "QI QK IO" -> {(Q,I), (Q,K), (I,O)}
Pairs pairs(std::string_view spec) {
  Pairs out;
  for (std::size_t i = 0; i + 1 < spec.size(); i += 3) out.insert({spec[i], spec[i + 1]});
  return out;
}

const Pairs& task_valid() {
  static const Pairs p = pairs("GQ AQ QI IO IE IR OR OE RD RE EA EQ EF EG");
  return p;
}
const Pairs& task_instance_valid() {
  static const Pairs p =
      pairs("QI QK IO IW IK IR OR OU OX OZ OK OF RT RE RU RZ RK RD TR TZ TU TF KF KD XE");
  return p;
}
const Pairs& task_instance_untimely() {
  static const Pairs p = pairs("RO EO EU EE UD UE UZ ZU DU KE KZ KU");
  return p;
}
const Pairs& workflow_valid() {
  static const Pairs p = pairs("GQ GA AG FG HG QI QF QH IO IF OF OR RH RD RF");
  return p;
}
const Pairs& workflow_untimely() {
  static const Pairs p = pairs("GG");
  return p;
}
const Pairs& workflow_run_valid() {
  static const Pairs p = pairs("GL LB LA BI BE BC BH IO IE OR OE RD RS RC RH RE CT HT");
  return p;
}
const Pairs& workflow_run_untimely() {
  static const Pairs p = pairs("RR LL");
  return p;
}

template <class S>
bool in(const Pairs& p, S from, S to) {
  return p.count({letter(from), letter(to)}) > 0;
}

// The Task statuses a TaskInstance's new status walks its Task through (empty: no cascade).
std::vector<TaskStatus> task_cascade(TaskInstanceStatus to, const TaskState& task) {
  using TI = TaskInstanceStatus;
  using T = TaskStatus;
  switch (to) {
    case TI::kQueued:
      return {T::kQueued};
    case TI::kInstantiated:
      return {T::kInstantiating};
    case TI::kLaunched:
      return {T::kLaunched};
    case TI::kRunning:
      return {T::kRunning};
    case TI::kDone:
      return {T::kDone};
    case TI::kNoDistributorId:
    case TI::kError:
    case TI::kUnknownError:
    case TI::kResourceError:
      // Task.transition_after_task_instance_error: E, then F when out of attempts, else A for
      // a resource error (retry with more resources), else G (retry as is).
      if (task.num_attempts >= task.max_attempts) return {T::kErrorRecoverable, T::kErrorFatal};
      if (to == TI::kResourceError) return {T::kErrorRecoverable, T::kAdjustingResources};
      return {T::kErrorRecoverable, T::kRegistering};
    case TI::kErrorFatal:
      return {T::kErrorRecoverable, T::kErrorFatal};
    case TI::kTriaging:
    case TI::kKillSelf:
    case TI::kNoHeartbeat:
      return {};
  }
  return {};
}

std::optional<WorkflowStatus> workflow_cascade(WorkflowRunStatus to) {
  using R = WorkflowRunStatus;
  using W = WorkflowStatus;
  switch (to) {
    case R::kLinking:
      return W::kRegistering;
    case R::kBound:
      return W::kQueued;
    case R::kAborted:
      return W::kAborted;
    case R::kRunning:
      return W::kRunning;
    case R::kDone:
      return W::kDone;
    case R::kTerminated:
      return W::kHalted;
    case R::kStopped:
    case R::kError:
      return W::kFailed;
    case R::kInstantiated:
      return W::kInstantiating;
    case R::kLaunched:
      return W::kLaunched;
    case R::kRegistered:
    case R::kColdResume:
    case R::kHotResume:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

bool is_valid(TaskStatus from, TaskStatus to) { return in(task_valid(), from, to); }
bool is_valid(TaskInstanceStatus from, TaskInstanceStatus to) {
  return in(task_instance_valid(), from, to);
}
bool is_valid(WorkflowStatus from, WorkflowStatus to) { return in(workflow_valid(), from, to); }
bool is_valid(WorkflowRunStatus from, WorkflowRunStatus to) {
  return in(workflow_run_valid(), from, to);
}
bool is_untimely(TaskInstanceStatus from, TaskInstanceStatus to) {
  return in(task_instance_untimely(), from, to);
}
bool is_untimely(WorkflowStatus from, WorkflowStatus to) {
  return in(workflow_untimely(), from, to);
}
bool is_untimely(WorkflowRunStatus from, WorkflowRunStatus to) {
  return in(workflow_run_untimely(), from, to);
}

std::string transition_error_message(const char* model, std::int64_t id, char from, char to) {
  return std::string("Cannot transition ") + model + " id: " + std::to_string(id) + " from " +
         from + " to " + to;
}

TaskPlan plan_task_transition(const TaskState& task, const std::vector<TaskStatus>& steps) {
  TaskPlan plan{task.status, task.status, task.num_attempts, false};
  for (TaskStatus next : steps) {
    if (!is_valid(plan.to, next)) {
      throw InvalidTransition(
          transition_error_message("Task", task.id, letter(plan.to), letter(next)));
    }
    if (next == TaskStatus::kQueued) ++plan.num_attempts;
    plan.to = next;
    plan.changed = true;
  }
  return plan;
}

TaskInstancePlan plan_task_instance_transition(std::int64_t task_instance_id,
                                               TaskInstanceStatus from, TaskInstanceStatus to,
                                               const TaskState& task) {
  TaskInstancePlan plan{task_instance_id, from, to, false, std::nullopt};
  if (is_untimely(from, to)) {
    plan.untimely = true;
    plan.to = from;
    return plan;
  }
  if (!is_valid(from, to)) {
    throw InvalidTransition(
        transition_error_message("TaskInstance", task_instance_id, letter(from), letter(to)));
  }
  std::vector<TaskStatus> steps = task_cascade(to, task);
  if (!steps.empty()) plan.task = plan_task_transition(task, steps);
  return plan;
}

WorkflowPlan plan_workflow_transition(std::int64_t workflow_id, WorkflowStatus from,
                                      WorkflowStatus to) {
  WorkflowPlan plan{from, to, false};
  if (is_untimely(from, to)) {
    plan.untimely = true;
    plan.to = from;
    return plan;
  }
  if (!is_valid(from, to)) {
    throw InvalidTransition(
        transition_error_message("Workflow", workflow_id, letter(from), letter(to)));
  }
  return plan;
}

WorkflowRunPlan plan_workflow_run_transition(std::int64_t workflow_run_id, WorkflowRunStatus from,
                                             WorkflowRunStatus to, std::int64_t workflow_id,
                                             WorkflowStatus workflow_status,
                                             WorkflowCascade cascade) {
  WorkflowRunPlan plan{workflow_run_id, from, to, false, std::nullopt};
  if (is_untimely(from, to)) {
    plan.untimely = true;
    plan.to = from;
    return plan;
  }
  if (!is_valid(from, to)) {
    throw InvalidTransition(
        transition_error_message("WorkflowRun", workflow_run_id, letter(from), letter(to)));
  }
  if (auto next = workflow_cascade(to)) {
    const bool refused = !is_valid(workflow_status, *next) && !is_untimely(workflow_status, *next);
    if (refused && cascade == WorkflowCascade::kWhenValid) return plan;
    plan.workflow = plan_workflow_transition(workflow_id, workflow_status, *next);
  }
  return plan;
}

}  // namespace jobmon::orm
