#include "jobmon/orm/entities.h"

#include <soci/soci.h>

#include <string>

#include "bound_statement.h"
#include "mapping.h"
#include "sql_errors.h"

namespace jobmon::orm {

// Exported for the mapping tests only (tests/orm/model_mapping_test.cc): loads any table's row.
template <class Row>
std::optional<Row> find_row(soci::session& sql, std::int64_t id) {
  Row row;
  const long long key = id;  // bound by reference: must outlive the statement
  try {
    sql << "SELECT * FROM " + std::string(Row::kTable) + " WHERE id = :id", soci::use(key),
        soci::into(row);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (!sql.got_data()) return std::nullopt;
  return row;
}

std::optional<model::Task> find_task(ReadTx& tx, std::int64_t id) {
  return find_row<model::Task>(tx.sql(), id);
}
std::optional<model::Task> find_task(WriteTx& tx, std::int64_t id) {
  return find_row<model::Task>(tx.sql(), id);
}
std::optional<model::TaskInstance> find_task_instance(ReadTx& tx, std::int64_t id) {
  return find_row<model::TaskInstance>(tx.sql(), id);
}
std::optional<model::TaskInstance> find_task_instance(WriteTx& tx, std::int64_t id) {
  return find_row<model::TaskInstance>(tx.sql(), id);
}
std::optional<model::Workflow> find_workflow(ReadTx& tx, std::int64_t id) {
  return find_row<model::Workflow>(tx.sql(), id);
}
std::optional<model::Workflow> find_workflow(WriteTx& tx, std::int64_t id) {
  return find_row<model::Workflow>(tx.sql(), id);
}
std::optional<model::WorkflowRun> find_workflow_run(ReadTx& tx, std::int64_t id) {
  return find_row<model::WorkflowRun>(tx.sql(), id);
}
std::optional<model::WorkflowRun> find_workflow_run(WriteTx& tx, std::int64_t id) {
  return find_row<model::WorkflowRun>(tx.sql(), id);
}

std::vector<model::WorkflowRun> workflow_runs_of(WriteTx& tx, std::int64_t workflow_id) {
  std::vector<model::WorkflowRun> runs;
  long long key = workflow_id;
  model::WorkflowRun run;
  try {
    detail::Statement st(tx.sql());
    st.alloc();
    st.exchange(soci::into(run));
    st.exchange(soci::use(key, "id"));
    detail::prepare_once(st, tx.sql(),
                         "SELECT * FROM workflow_run WHERE workflow_id = :id ORDER BY id");
    st.define_and_bind();
    for (bool got = st.execute(true); got; got = st.fetch()) runs.push_back(run);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  return runs;
}

}  // namespace jobmon::orm
