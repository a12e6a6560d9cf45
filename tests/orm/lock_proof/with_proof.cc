// Must compile: the only way in — lock the Task, then its instance, then transition.
#include "jobmon/orm/fsm.h"

void change(jobmon::orm::WriteTx& tx) {
  auto task = tx.lock_task(2);
  auto instance = tx.lock_task_instance(task, 1);
  jobmon::orm::transition_task_instance(instance, jobmon::orm::TaskInstanceStatus::kDone);
}
