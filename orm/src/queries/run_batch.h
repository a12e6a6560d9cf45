#pragma once
// Batch transitions of the run path (internal to liborm): the state machines of fsm.h applied to
// a set of locked rows in a constant number of statements, whatever the batch size. The routes
// lock Tasks, then TaskInstances, each in ascending id order (WriteTx), and pass the proofs here.
#include <cstdint>
#include <string>
#include <vector>

#include "jobmon/orm/fsm.h"

namespace jobmon::orm {

// What to do when an instance's transition is valid but its cascade into the Task is not.
enum class CascadePolicy {
  kAllOrNothing,  // the instance is left unchanged too (the default rule)
  kInstanceOnly,  // the instance changes, its Task is left as it is (documented per route)
};

// Moves each locked instance to `to`, in ascending id order, planning against the Task's
// current state (several instances of one Task see each other's cascades). Instances whose
// transition is invalid or untimely are left unchanged; the returned plans are those applied.
// `also_set` (", column = expression...", server-built SQL) is applied to the moved instances
// in the same UPDATE: one new row version, not two (every index of task_instance gets an entry
// per version on PostgreSQL).
std::vector<TaskInstancePlan> transition_task_instances(
    const std::vector<LockedTaskInstance>& instances, TaskInstanceStatus to,
    CascadePolicy policy = CascadePolicy::kAllOrNothing, const std::string& also_set = "");
// Moves each locked Task to `to`; tasks for which that is invalid are left unchanged.
std::vector<std::int64_t> transition_tasks(const std::vector<LockedTask>& tasks, TaskStatus to);

}  // namespace jobmon::orm
