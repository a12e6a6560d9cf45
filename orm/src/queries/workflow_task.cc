#include "jobmon/orm/queries/workflow_task.h"

#include <soci/soci.h>

#include <map>
#include <set>

#include "bound_statement.h"
#include "dialect.h"
#include "insert_rows.h"
#include "jobmon/orm/edges.h"
#include "pg_arrays.h"
#include "query_support.h"
#include "sql_errors.h"

namespace jobmon::orm::queries {

namespace {
using detail::BoundStatement;
using Rows = detail::InsertRows;
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::pg_bigint_array;
using detail::pg_text_array_literal;
using detail::select_from;
using detail::select_list;
using detail::sql_text;

constexpr auto kIdAndNameFrom = sql_text("SELECT ", select_list<detail::IdAndName>(), " FROM ");

// "INSERT ... ON CONFLICT (keys) DO UPDATE SET col = new value" in each dialect.
std::string upsert(Backend backend, const std::string& target, const std::string& values,
                   const std::string& keys, const std::string& col) {
  if (backend == Backend::kMysql) {
    return "INSERT INTO " + target + " " + values + " ON DUPLICATE KEY UPDATE " + col +
           " = VALUES(" + col + ")";
  }
  return "INSERT INTO " + target + " " + values + " ON CONFLICT (" + keys + ") DO UPDATE SET " +
         col + " = excluded." + col;
}

// Get-or-create of names in a lookup table (workflow_attribute_type, task_attribute_type).
std::map<std::string, std::int64_t> type_ids(WriteTx& tx, const std::string& table,
                                             const std::set<std::string>& names) {
  std::map<std::string, std::int64_t> ids;
  if (names.empty()) return ids;
  auto load = [&] {
    BoundStatement q;
    std::string in;
    for (const auto& n : names) in += (in.empty() ? "" : ", ") + q.bind(n);
    q.rows<detail::IdAndName>(session_of(tx),
                              kIdAndNameFrom + table + " WHERE name IN (" + in + ")",
                              [&](const detail::IdAndName& row) { ids[row.name] = row.id; });
  };
  load();
  BoundStatement ins;
  std::string values;
  for (const auto& n : names) {
    if (!ids.count(n)) values += (values.empty() ? "VALUES (" : ", (") + ins.bind(n) + ")";
  }
  if (!values.empty()) {
    ins.execute(session_of(tx), detail::insert_ignore(tx.backend(), table + " (name)", values));
    load();
  }
  return ids;
}
}  // namespace

std::int64_t add_task_resources(WriteTx& tx, std::int64_t queue_id, const std::string& type_id,
                                const std::string& requested_resources) {
  return guarded([&] {
    BoundStatement ins;
    std::string values = "VALUES (" + std::to_string(queue_id) + ", " + ins.bind(type_id) + ", " +
                         ins.bind(requested_resources) + ")";
    std::string sql =
        "INSERT INTO task_resources (queue_id, task_resources_type_id, requested_resources) " +
        values;
    long long id = 0;
    if (tx.backend() == Backend::kPostgresql) {
      BoundStatement& q = ins;
      q.values<std::int64_t>(session_of(tx), sql + " RETURNING id",
                             [&](std::int64_t v) { id = v; });
    } else {
      ins.execute(session_of(tx), sql);
      session_of(tx) << (tx.backend() == Backend::kSqlite ? "SELECT last_insert_rowid()"
                                                          : "SELECT LAST_INSERT_ID()"),
          soci::into(id);
    }
    return static_cast<std::int64_t>(id);
  });
}

std::int64_t bind_array(WriteTx& tx, std::int64_t workflow_id, std::int64_t ttv_id,
                        std::int64_t max_concurrently_running, const std::string& name) {
  return guarded([&] {
    // Bound values are named locals: SOCI runs a one-off statement when the full expression
    // ends, after temporaries made inside it are gone.
    const long long wf = workflow_id, ttv = ttv_id, max = max_concurrently_running;
    long long id = 0;
    auto find = [&] {
      session_of(tx)
          << "SELECT id FROM \"array\" WHERE workflow_id = :w AND task_template_version_id "
             "= :t",
          soci::use(wf), soci::use(ttv), soci::into(id);
      return session_of(tx).got_data();
    };
    if (find()) {
      session_of(tx) << "UPDATE \"array\" SET max_concurrently_running = :m WHERE id = :id",
          soci::use(max), soci::use(id);
      return static_cast<std::int64_t>(id);
    }
    BoundStatement ins;
    std::string values = "VALUES (" + ins.bind(name) + ", " + std::to_string(ttv_id) + ", " +
                         std::to_string(workflow_id) + ", " +
                         std::to_string(max_concurrently_running) + ", " +
                         detail::now_sql(tx.backend()) + ")";
    ins.execute(session_of(tx), detail::insert_ignore(tx.backend(),
                                                      "\"array\" (name, task_template_version_id, "
                                                      "workflow_id, max_concurrently_running, "
                                                      "created_date)",
                                                      values));
    find();
    return static_cast<std::int64_t>(id);
  });
}

namespace {
struct MatchingWorkflowColumns {
  static constexpr auto columns() {
    return std::tuple{column("workflow.task_hash", &MatchingWorkflow::task_hash),
                      column("workflow.tool_version_id", &MatchingWorkflow::tool_version_id),
                      column("dag.hash", &MatchingWorkflow::dag_hash)};
  }
};
constexpr auto kWorkflowsWithArgsHash = select_from<MatchingWorkflowColumns>(
    " FROM workflow JOIN dag ON workflow.dag_id = dag.id WHERE workflow.workflow_args_hash = ");
}  // namespace

std::vector<MatchingWorkflow> workflows_by_args_hash(ReadTx& tx, const std::string& hash) {
  return guarded([&] {
    std::vector<MatchingWorkflow> out;
    BoundStatement q;
    std::string p = q.bind(hash);
    out = q.all<MatchingWorkflowColumns>(session_of(tx),
                                         kWorkflowsWithArgsHash + p + " ORDER BY workflow.id");
    return out;
  });
}

namespace {
constexpr auto kWorkflowsWhere = select_from<detail::IdAndStatus>(" FROM workflow WHERE ");
}  // namespace

BoundWorkflow bind_workflow(WriteTx& tx, const WorkflowBind& wf) {
  return guarded([&] {
    // No unique key covers the four identifying columns: serialise binders of the same
    // workflow explicitly (SQLite's write lock already does).
    tx.lock_key("workflow:" + wf.workflow_args_hash + ":" + wf.task_hash);
    BoundWorkflow out;
    auto find = [&] {
      BoundStatement q;
      std::string where = "tool_version_id = " + std::to_string(wf.tool_version_id) +
                          " AND dag_id = " + std::to_string(wf.dag_id) +
                          " AND workflow_args_hash = " + q.bind(wf.workflow_args_hash) +
                          " AND task_hash = " + q.bind(wf.task_hash);
      q.rows<detail::IdAndStatus>(session_of(tx), kWorkflowsWhere + where + " ORDER BY id",
                                  [&](detail::IdAndStatus row) {
                                    if (out.id == 0) {
                                      out.id = row.id;
                                      out.status = std::move(row.status);
                                    }
                                  });
      return out.id != 0;
    };
    auto text = [](BoundStatement& s, const std::optional<std::string>& v) {
      return v ? s.bind(*v) : s.bind_null();
    };
    if (find()) {
      BoundStatement upd;
      std::string set =
          "description = " + text(upd, wf.description) + ", name = " + text(upd, wf.name) +
          ", max_concurrently_running = " + std::to_string(wf.max_concurrently_running);
      upd.execute(session_of(tx),
                  "UPDATE workflow SET " + set + " WHERE id = " + std::to_string(out.id));
      return out;
    }
    BoundStatement ins;
    std::string values = "VALUES (" + std::to_string(wf.tool_version_id) + ", " +
                         std::to_string(wf.dag_id) + ", " + ins.bind(wf.workflow_args_hash) + ", " +
                         ins.bind(wf.task_hash) + ", " + text(ins, wf.description) + ", " +
                         text(ins, wf.name) + ", " + text(ins, wf.workflow_args) + ", " +
                         std::to_string(wf.max_concurrently_running) + ", 'G', " +
                         detail::now_sql(tx.backend()) + ")";
    ins.execute(session_of(tx),
                "INSERT INTO workflow (tool_version_id, dag_id, workflow_args_hash, task_hash, "
                "description, name, workflow_args, max_concurrently_running, status, "
                "status_date) " +
                    values);
    find();
    out.newly_created = true;
    return out;
  });
}

void upsert_workflow_attributes(WriteTx& tx, std::int64_t workflow_id,
                                const NameValues& attributes) {
  if (attributes.empty()) return;
  guarded([&] {
    std::set<std::string> names;
    for (const auto& [n, v] : attributes) names.insert(n);
    auto ids = type_ids(tx, "workflow_attribute_type", names);
    BoundStatement ins;
    std::string values;
    for (const auto& [n, v] : attributes) {
      values += (values.empty() ? "VALUES (" : ", (") + std::to_string(workflow_id) + ", " +
                std::to_string(ids.at(n)) + ", " + (v ? ins.bind(*v) : ins.bind_null()) + ")";
    }
    ins.execute(session_of(tx),
                upsert(tx.backend(),
                       "workflow_attribute (workflow_id, workflow_attribute_type_id, "
                       "value)",
                       values, "workflow_id, workflow_attribute_type_id", "value"));
    return 0;
  });
}

namespace {
// A task of the workflow being bound, by its (node, task args hash) key.
struct TaskKeyRow {
  std::int64_t id = 0, node_id = 0;
  std::string task_args_hash, status;
  static constexpr auto columns() {
    return std::tuple{column("id", &TaskKeyRow::id), column("node_id", &TaskKeyRow::node_id),
                      column("task_args_hash", &TaskKeyRow::task_args_hash),
                      column("status", &TaskKeyRow::status)};
  }
};
// PostgreSQL's select of tasks by node (bind_tasks), around the nodes, the workflow and hashes.
constexpr auto kTasksOfNodes = sql_text("SELECT ", select_list<TaskKeyRow>("t."), " FROM unnest(");
constexpr auto kTasksOfNodesLateral =
    sql_text(") AS k(node_id) CROSS JOIN LATERAL (SELECT ", select_list<TaskKeyRow>(),
             " FROM task WHERE node_id = k.node_id AND +workflow_id = ");
constexpr auto kTasksWhere = select_from<TaskKeyRow>(" FROM task WHERE ");
constexpr auto kReturningTasks = sql_text(" RETURNING ", select_list<TaskKeyRow>());
}  // namespace

std::vector<BoundTask> bind_tasks(WriteTx& tx, std::int64_t workflow_id,
                                  const std::vector<TaskBind>& tasks, bool mark_created) {
  return guarded([&] {
    std::vector<BoundTask> out;
    soci::session& sql = session_of(tx);
    const std::string wf = std::to_string(workflow_id);
    // No unique key covers (workflow, node, task args hash): binders of one workflow take turns,
    // or two first binds could both insert (SQLite's write lock already serialises them).
    tx.lock_key("bind_tasks:" + wf);
    // 1. Existing tasks of this workflow with these (node, task args hash) pairs.
    struct Existing {
      std::int64_t id;
      std::string status;
    };
    std::map<std::pair<std::int64_t, std::string>, Existing> existing;
    auto remember = [&](TaskKeyRow row) {
      existing.insert(
          {{row.node_id, std::move(row.task_args_hash)}, {row.id, std::move(row.status)}});
    };
    auto load = [&] {
      if (tasks.empty()) return;
      BoundStatement q;
      std::set<std::int64_t> nodes;
      std::set<std::string> hashes;
      for (const auto& t : tasks) {
        nodes.insert(t.node_id);
        hashes.insert(t.task_args_hash);
      }
      const std::vector<std::int64_t> node_ids(nodes.begin(), nodes.end());
      if (tx.backend() == Backend::kPostgresql) {
        // Autovacuum has not analyzed the tasks a bind is adding: as an IN list PostgreSQL then
        // reads every task of the workflow, per chunk (quadratic). A lateral subquery per node
        // probes the node index ("+" keeps the workflow's index out), whatever the statistics.
        q.rows<TaskKeyRow>(sql,
                           kTasksOfNodes + pg_bigint_array(node_ids) + kTasksOfNodesLateral + wf +
                               " AND task_args_hash = ANY(CAST(" +
                               q.bind(pg_text_array_literal(hashes)) +
                               " AS text[])) OFFSET 0) AS t ORDER BY t.id",
                           remember);
        return;
      }
      std::string hash_list;
      for (const auto& h : hashes) hash_list += (hash_list.empty() ? "" : ", ") + q.bind(h);
      // SQLite's unary "+" (no index for that term) keeps it, without statistics, from
      // reading every task of the workflow, or of a common args hash, through their indexes:
      // it seeks the nodes instead.
      const char* no_index = tx.backend() == Backend::kSqlite ? "+" : "";
      q.rows<TaskKeyRow>(sql,
                         kTasksWhere + std::string(no_index) + "workflow_id = " + wf +
                             " AND node_id IN (" + id_list(node_ids) + ") AND " + no_index +
                             "task_args_hash IN (" + hash_list + ") ORDER BY id",
                         remember);
    };
    load();
    // 2. Reset existing tasks that are neither DONE nor (RUNNING and kept running).
    BoundStatement reset;
    std::string reset_rows;
    const bool mysql = tx.backend() == Backend::kMysql;
    std::vector<const TaskBind*> fresh;
    std::set<std::pair<std::int64_t, std::string>> seen;
    for (const auto& t : tasks) {
      if (!seen.insert({t.node_id, t.task_args_hash}).second) continue;  // bound once
      auto it = existing.find({t.node_id, t.task_args_hash});
      if (it == existing.end()) {
        fresh.push_back(&t);
        continue;
      }
      const std::string& s = it->second.status;
      if (s != "D" && (s != "R" || t.reset_if_running)) {
        const std::string id = std::to_string(it->second.id);
        const std::string name = reset.bind(t.name);
        const std::string command = reset.bind(t.command);
        const std::string max_attempts = std::to_string(t.max_attempts);
        if (!mysql) {
          reset_rows += (reset_rows.empty() ? "VALUES (" : ", (") + id + ", " + name + ", " +
                        command + ", " + max_attempts + ")";
        } else if (reset_rows.empty()) {
          // MySQL has no UPDATE ... FROM: a derived table whose first SELECT names the columns.
          // (Not for all backends: SQLite caps a UNION at 500 terms, not a VALUES list.)
          reset_rows = "SELECT " + id + " AS id, " + name + " AS name, " + command +
                       " AS command, " + max_attempts + " AS max_attempts";
        } else {
          reset_rows +=
              " UNION ALL SELECT " + id + ", " + name + ", " + command + ", " + max_attempts;
        }
        tx.note_transition("task", s[0], 'G', it->second.id);
        it->second.status = "G";
      }
    }
    if (!reset_rows.empty() && mysql) {
      reset.execute(sql, "UPDATE task JOIN (" + reset_rows +
                             ") AS v ON task.id = v.id SET task.status = 'G', task.num_attempts = "
                             "0, task.name = v.name, task.command = v.command, task.max_attempts "
                             "= v.max_attempts, task.status_date = " +
                             detail::now_sql(tx.backend()));
    } else if (!reset_rows.empty()) {
      // One statement for the whole chunk (UPDATE ... FROM, SQLite >= 3.33 and PostgreSQL).
      reset.execute(sql,
                    "UPDATE task SET status = 'G', num_attempts = 0, name = v.column2, command = "
                    "v.column3, max_attempts = CAST(v.column4 AS INTEGER), status_date = " +
                        detail::now_sql(tx.backend()) + " FROM (" + reset_rows +
                        ") AS v WHERE task.id = CAST(v.column1 AS INTEGER)");
    }
    // 3. New tasks, one multi-row INSERT.
    if (!fresh.empty()) {
      Rows rows(tx.backend(),
                {Rows::constant_column(wf), Rows::integer_column(), Rows::text_column(),
                 Rows::integer_column(), Rows::integer_column(), Rows::text_column(),
                 Rows::text_column(), Rows::integer_column(), Rows::constant_column("'G'"),
                 Rows::text_column(), Rows::text_column(), Rows::constant_column("0"),
                 Rows::constant_column(detail::now_sql(tx.backend()))});
      for (const TaskBind* t : fresh) {
        rows.integer(t->node_id)
            .text(t->task_args_hash)
            .integer(t->array_id)
            .integer(t->task_resources_id)
            .text(t->name)
            .text(t->command)
            .integer(t->max_attempts)
            .text(t->resource_scales)
            .text(t->fallback_queues);
      }
      BoundStatement ins;
      const std::string insert =
          "INSERT INTO task (workflow_id, node_id, task_args_hash, array_id, task_resources_id, "
          "name, command, max_attempts, status, resource_scales, fallback_queues, num_attempts, "
          "status_date) " +
          rows.sql(ins);
      if (mysql) {  // no INSERT ... RETURNING
        ins.execute(sql, insert);
        existing.clear();
        load();
      } else {
        // Binders of one workflow take turns (lock_key): the new rows are all there is to add.
        ins.rows<TaskKeyRow>(sql, insert + kReturningTasks, remember);
      }
    }
    for (const auto& t : tasks) {
      const Existing& e = existing.at({t.node_id, t.task_args_hash});
      out.push_back({t.key, e.id, e.status});
    }
    if (mark_created) {
      sql << "UPDATE workflow SET created_date = " + detail::now_sql(tx.backend()) +
                 " WHERE id = " + wf + " AND created_date IS NULL";
    }
    return out;
  });
}

void add_task_args(WriteTx& tx, const std::vector<TaskArg>& args) {
  if (args.empty()) return;
  guarded([&] {
    Rows rows(tx.backend(), {Rows::integer_column(), Rows::integer_column(), Rows::text_column()});
    for (const auto& a : args) rows.integer(a.task_id).integer(a.arg_id).text(a.value);
    BoundStatement ins;
    ins.execute(
        session_of(tx),
        detail::insert_ignore(tx.backend(), "task_arg (task_id, arg_id, val)", rows.sql(ins)));
    return 0;
  });
}

void upsert_task_attributes(WriteTx& tx, const std::vector<TaskAttribute>& attributes) {
  if (attributes.empty()) return;
  guarded([&] {
    std::set<std::string> names;
    for (const auto& a : attributes) names.insert(a.name);
    auto ids = type_ids(tx, "task_attribute_type", names);
    Rows rows(tx.backend(), {Rows::integer_column(), Rows::integer_column(), Rows::text_column()});
    for (const auto& a : attributes) rows.integer(a.task_id).integer(ids.at(a.name)).text(a.value);
    BoundStatement ins;
    ins.execute(session_of(tx),
                upsert(tx.backend(), "task_attribute (task_id, task_attribute_type_id, value)",
                       rows.sql(ins), "task_id, task_attribute_type_id", "value"));
    return 0;
  });
}

int set_array_max_concurrently_running(WriteTx& tx, std::int64_t workflow_id, std::int64_t ttv_id,
                                       std::int64_t max_tasks) {
  return guarded([&] {
    std::string where = " WHERE workflow_id = " + std::to_string(workflow_id) +
                        " AND task_template_version_id = " + std::to_string(ttv_id);
    int n = 0;
    session_of(tx) << "SELECT count(*) FROM \"array\"" + where, soci::into(n);
    if (n > 0) {
      session_of(tx) << "UPDATE \"array\" SET max_concurrently_running = " +
                            std::to_string(max_tasks) + where;
    }
    return n;
  });
}

namespace {
// A node's edge row as stored; workflow_template_edges reads its list (edges.h).
struct StoredTemplateEdge {
  std::int64_t node_id = 0;
  std::string template_name;
  std::optional<std::string> downstream_node_ids;
  static constexpr auto columns() {
    return std::tuple{column("e.node_id", &StoredTemplateEdge::node_id),
                      column("tt.name", &StoredTemplateEdge::template_name),
                      column("e.downstream_node_ids", &StoredTemplateEdge::downstream_node_ids)};
  }
};
constexpr auto kTemplateEdgesOfDag = select_from<StoredTemplateEdge>(
    " FROM edge e JOIN node n ON e.node_id = n.id JOIN task_template_version ttv ON "
    "n.task_template_version_id = ttv.id JOIN task_template tt ON ttv.task_template_id = tt.id "
    "WHERE e.dag_id = ");
}  // namespace

std::optional<std::vector<TemplateEdge>> workflow_template_edges(ReadTx& tx,
                                                                 std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<std::vector<TemplateEdge>> {
    const long long wf = workflow_id;  // a named local: see bind_array
    long long dag_id = 0;
    session_of(tx) << "SELECT dag_id FROM workflow WHERE id = :id", soci::use(wf),
        soci::into(dag_id);
    if (!session_of(tx).got_data()) return std::nullopt;
    std::vector<TemplateEdge> out;
    BoundStatement q;
    q.rows<StoredTemplateEdge>(
        session_of(tx), kTemplateEdgesOfDag + std::to_string(dag_id) + " ORDER BY e.node_id",
        [&](StoredTemplateEdge row) {
          TemplateEdge e{row.node_id, std::move(row.template_name), {}};
          e.downstream_node_ids =
              node_ids_or_warn(row.downstream_node_ids, "edge of dag " + std::to_string(dag_id) +
                                                            ", node " + std::to_string(e.node_id))
                  .value_or(std::vector<std::int64_t>{});
          out.push_back(std::move(e));
        });
    return out;
  });
}

}  // namespace jobmon::orm::queries
