// Must NOT compile: making a lock proof without WriteTx taking the lock.
#include "jobmon/orm/fsm.h"

void change(jobmon::orm::WriteTx& tx) {
  jobmon::orm::LockedTaskInstance forged(tx, 1, 2);
  jobmon::orm::transition_task_instance(forged, jobmon::orm::TaskInstanceStatus::kDone);
}
