// Applies planned transitions inside the caller's locked write transaction. Rows are read after
// the locks are held, so the plan is made from current values and written before anyone else
// can change them. SOCI binds by reference and runs a one-shot statement when the full
// expression ends, so every bound value is a named local (never a temporary).
#include <soci/soci.h>

#include <string>
#include <utility>

#include "bound_statement.h"
#include "dialect.h"
#include "jobmon/orm/fsm.h"
#include "query_support.h"
#include "session_of.h"
#include "sql_errors.h"

namespace jobmon::orm {

namespace {

template <class Status>
Status stored_status(const std::string& text, const char* table, std::int64_t id) {
  auto s = parse_status<Status>(std::string_view(text));
  if (!s) {
    throw DatabaseError(std::string(table) + " " + std::to_string(id) + " has unknown status '" +
                        text + "'");
  }
  return *s;
}

void write_task(WriteTx& tx, std::int64_t task_id, const TaskPlan& plan) {
  if (!plan.changed) return;
  const std::string status(1, letter(plan.to));
  const long long id = task_id;
  detail::run_kept_statement(session_of(tx),
                             "UPDATE task SET status = :s, num_attempts = :n, status_date = " +
                                 detail::now_sql(tx.backend()) + " WHERE id = :id",
                             soci::use(status), soci::use(plan.num_attempts), soci::use(id));
  tx.note_transition("task", letter(plan.from), letter(plan.to), task_id);
}

void write_workflow(WriteTx& tx, std::int64_t workflow_id, const WorkflowPlan& plan) {
  if (plan.untimely) return;
  const std::string status(1, letter(plan.to));
  const long long id = workflow_id;
  session_of(tx) << "UPDATE workflow SET status = :s, status_date = " +
                        detail::now_sql(tx.backend()) + " WHERE id = :id",
      soci::use(status), soci::use(id);
  tx.note_transition("workflow", letter(plan.from), letter(plan.to), workflow_id);
}

WorkflowStatus read_workflow_status(WriteTx& tx, std::int64_t workflow_id) {
  std::string status;
  const long long id = workflow_id;
  session_of(tx) << "SELECT status FROM workflow WHERE id = :id", soci::use(id), soci::into(status);
  if (!session_of(tx).got_data())
    throw NotFound("Workflow " + std::to_string(workflow_id) + " not found");
  return stored_status<WorkflowStatus>(status, "workflow", workflow_id);
}

WorkflowRunPlan plan_run(const LockedWorkflow& workflow, std::int64_t workflow_run_id,
                         WorkflowRunStatus to,
                         WorkflowCascade cascade = WorkflowCascade::kRequired) {
  WriteTx& tx = workflow.tx();
  std::string status;
  long long owner = 0;
  const long long id = workflow_run_id;
  session_of(tx) << "SELECT status, workflow_id FROM workflow_run WHERE id = :id", soci::use(id),
      soci::into(status), soci::into(owner);
  if (!session_of(tx).got_data() || owner != workflow.id()) {
    throw NotFound("WorkflowRun " + std::to_string(workflow_run_id) + " of Workflow " +
                   std::to_string(workflow.id()) + " not found");
  }
  auto from = stored_status<WorkflowRunStatus>(status, "workflow_run", workflow_run_id);
  return plan_workflow_run_transition(workflow_run_id, from, to, workflow.id(),
                                      read_workflow_status(tx, workflow.id()), cascade);
}

void write_run(const LockedWorkflow& workflow, const WorkflowRunPlan& plan,
               const std::string& extra_set = "") {
  WriteTx& tx = workflow.tx();
  const long long id = plan.workflow_run_id;
  if (!plan.untimely) {
    const std::string status(1, letter(plan.to));
    session_of(tx) << "UPDATE workflow_run SET status = :s, status_date = " +
                          detail::now_sql(tx.backend()) + extra_set + " WHERE id = :id",
        soci::use(status), soci::use(id);
    tx.note_transition("workflow_run", letter(plan.from), letter(plan.to), plan.workflow_run_id);
  } else if (!extra_set.empty()) {
    session_of(tx) << "UPDATE workflow_run SET " + extra_set.substr(2) + " WHERE id = :id",
        soci::use(id);
  }
  if (plan.workflow) write_workflow(tx, workflow.id(), *plan.workflow);
}

}  // namespace

TaskState read_task_state(WriteTx& tx, std::int64_t task_id) {
  std::string status;
  int num_attempts = 0, max_attempts = 1;
  soci::indicator attempts_ind = soci::i_ok, max_ind = soci::i_ok;
  const long long id = task_id;
  try {
    session_of(tx) << "SELECT status, num_attempts, max_attempts FROM task WHERE id = :id",
        soci::use(id), soci::into(status), soci::into(num_attempts, attempts_ind),
        soci::into(max_attempts, max_ind);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (!session_of(tx).got_data()) throw NotFound("Task " + std::to_string(task_id) + " not found");
  return TaskState{task_id, stored_status<TaskStatus>(status, "task", task_id),
                   attempts_ind == soci::i_null ? 0 : num_attempts,
                   max_ind == soci::i_null ? 1 : max_attempts};
}

TaskInstanceStatus read_task_instance_status(WriteTx& tx, std::int64_t task_instance_id) {
  return detail::read_task_instance_status(session_of(tx), task_instance_id);
}

TaskInstanceStatus detail::read_task_instance_status(soci::session& sql,
                                                     std::int64_t task_instance_id) {
  std::string status;
  const long long id = task_instance_id;
  try {
    sql << "SELECT status FROM task_instance WHERE id = :id", soci::use(id), soci::into(status);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (!sql.got_data()) {
    throw NotFound("TaskInstance " + std::to_string(task_instance_id) + " not found");
  }
  return stored_status<TaskInstanceStatus>(status, "task_instance", task_instance_id);
}

namespace {

// The instance's status and its Task's state in one statement (the hot path of every worker
// report); when either row is missing, the single-row reads say which.
std::pair<TaskInstanceStatus, TaskState> read_instance_and_task(const LockedTaskInstance& ti) {
  WriteTx& tx = ti.tx();
  std::string ti_status, task_status;
  int num_attempts = 0, max_attempts = 1;
  soci::indicator attempts_ind = soci::i_ok, max_ind = soci::i_ok;
  const long long ti_id = ti.id(), task_id = ti.task_id();
  bool got = false;
  try {
    got = detail::run_kept_statement(
        session_of(tx),
        "SELECT ti.status, t.status, t.num_attempts, t.max_attempts FROM task_instance ti, task t "
        "WHERE ti.id = :ti AND t.id = :t",
        soci::use(ti_id), soci::use(task_id), soci::into(ti_status), soci::into(task_status),
        soci::into(num_attempts, attempts_ind), soci::into(max_attempts, max_ind));
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (!got) {
    TaskState task = read_task_state(tx, ti.task_id());
    return {read_task_instance_status(tx, ti.id()), task};
  }
  return {stored_status<TaskInstanceStatus>(ti_status, "task_instance", ti.id()),
          TaskState{ti.task_id(), stored_status<TaskStatus>(task_status, "task", ti.task_id()),
                    attempts_ind == soci::i_null ? 0 : num_attempts,
                    max_ind == soci::i_null ? 1 : max_attempts}};
}

}  // namespace

TaskInstancePlan transition_task_instance(const LockedTaskInstance& ti, TaskInstanceStatus to) {
  WriteTx& tx = ti.tx();
  auto [from, task] = read_instance_and_task(ti);
  TaskInstancePlan plan = plan_task_instance_transition(ti.id(), from, to, task);
  if (plan.untimely) return plan;
  try {
    // Parent first, as the reference flushes (task before task_instance).
    if (plan.task) write_task(tx, task.id, *plan.task);
    const std::string status(1, letter(plan.to));
    const long long id = ti.id();
    detail::run_kept_statement(session_of(tx),
                               "UPDATE task_instance SET status = :s, status_date = " +
                                   detail::now_sql(tx.backend()) + " WHERE id = :id",
                               soci::use(status), soci::use(id));
    tx.note_transition("task_instance", letter(plan.from), letter(plan.to), ti.id());
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  return plan;
}

TaskPlan transition_task(const LockedTask& task, TaskStatus to) {
  WriteTx& tx = task.tx();
  TaskPlan plan = plan_task_transition(read_task_state(tx, task.id()), {to});
  try {
    write_task(tx, task.id(), plan);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  return plan;
}

WorkflowPlan transition_workflow(const LockedWorkflow& workflow, WorkflowStatus to) {
  WriteTx& tx = workflow.tx();
  WorkflowPlan plan =
      plan_workflow_transition(workflow.id(), read_workflow_status(tx, workflow.id()), to);
  try {
    write_workflow(tx, workflow.id(), plan);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  return plan;
}

WorkflowRunPlan transition_workflow_run(const LockedWorkflow& workflow,
                                        std::int64_t workflow_run_id, WorkflowRunStatus to,
                                        WorkflowCascade cascade) {
  try {
    WorkflowRunPlan plan = plan_run(workflow, workflow_run_id, to, cascade);
    write_run(workflow, plan);
    return plan;
  } catch (const DatabaseError&) {
    throw;
  } catch (const soci::soci_error&) {
    detail::rethrow_as_orm_error();
  }
}

WorkflowRunPlan heartbeat_workflow_run(const LockedWorkflow& workflow, std::int64_t workflow_run_id,
                                       WorkflowRunStatus to, double next_report_increment) {
  try {
    WorkflowRunPlan plan = plan_run(workflow, workflow_run_id, to);
    write_run(workflow, plan,
              ", heartbeat_date = " +
                  detail::now_plus_seconds_sql(workflow.tx().backend(), next_report_increment));
    return plan;
  } catch (const DatabaseError&) {
    throw;
  } catch (const soci::soci_error&) {
    detail::rethrow_as_orm_error();
  }
}

}  // namespace jobmon::orm
