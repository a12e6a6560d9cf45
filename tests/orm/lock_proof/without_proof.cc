// Must NOT compile: a TaskInstance transition with an id instead of the lock proof.
#include "jobmon/orm/fsm.h"

void change(long long task_instance_id) {
  jobmon::orm::transition_task_instance(task_instance_id, jobmon::orm::TaskInstanceStatus::kDone);
}
