#include "task_status_writes.h"

#include "bound_statement.h"
#include "dialect.h"
#include "query_support.h"
#include "row_shape.h"
#include "session_of.h"

namespace jobmon::orm::detail {

namespace {
constexpr auto kTaskStatuses = select_from<IdAndStatus>(" FROM task");
}  // namespace

std::vector<std::int64_t> move_tasks(WriteTx& tx, const std::vector<std::int64_t>& locked_ids,
                                     const std::string& keep, char to,
                                     const std::string& extra_set) {
  std::vector<std::int64_t> moved;
  if (locked_ids.empty()) return moved;
  // Read under the caller's locks, so the statuses noted are the ones the UPDATE overwrites.
  const std::string these = " WHERE id IN (" + id_list(locked_ids) + ") AND status NOT IN " + keep;
  BoundStatement q;
  q.rows<IdAndStatus>(session_of(tx), kTaskStatuses + these + " ORDER BY id",
                      [&](const IdAndStatus& row) {
                        tx.note_transition("task", row.status[0], to, row.id);
                        moved.push_back(row.id);
                      });
  if (moved.empty()) return moved;
  session_of(tx) << "UPDATE task SET status = '" + std::string(1, to) +
                        "', status_date = " + now_sql(tx.backend()) + extra_set + " WHERE id IN (" +
                        id_list(moved) + ")";
  return moved;
}

}  // namespace jobmon::orm::detail
