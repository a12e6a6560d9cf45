#pragma once
// Loading whole rows of the model by id, inside a transaction. Rows are never cached across
// requests: other replicas and tools write the same database.
#include <cstdint>
#include <optional>
#include <vector>

#include "jobmon/orm/model.h"
#include "jobmon/orm/transaction.h"

namespace jobmon::orm {

JOBMON_ORM_EXPORT std::optional<model::Workflow> find_workflow(ReadTx& tx, std::int64_t id);
JOBMON_ORM_EXPORT std::optional<model::Workflow> find_workflow(WriteTx& tx, std::int64_t id);
JOBMON_ORM_EXPORT std::optional<model::WorkflowRun> find_workflow_run(ReadTx& tx, std::int64_t id);
JOBMON_ORM_EXPORT std::optional<model::WorkflowRun> find_workflow_run(WriteTx& tx, std::int64_t id);
// A workflow's runs, oldest first (the reference's relationship order in practice).
JOBMON_ORM_EXPORT std::vector<model::WorkflowRun> workflow_runs_of(WriteTx& tx,
                                                                   std::int64_t workflow_id);

}  // namespace jobmon::orm
