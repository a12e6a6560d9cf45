#include "jobmon/orm/queries/bind.h"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <set>

#include "bound_statement.h"
#include "dialect.h"
#include "insert_rows.h"
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
using detail::pg_text_array_literal;
using detail::select_from;
using detail::select_list;
using detail::sql_text;

constexpr int kNodeArg = 1, kTaskArg = 2, kOpArg = 3;  // arg_type ids (seed rows)

// Rows per multi-row statement: the client's chunk size, so a client chunk costs one statement.
constexpr std::size_t kChunk = 500;
// node_arg rows carry one bound value each; SQLite allows 32766 per statement.
constexpr std::size_t kArgRowsPerStatement = 10000;
}  // namespace

ToolRow get_or_create_tool(WriteTx& tx, const std::string& name) {
  return guarded([&] {
    long long id = 0;
    session_of(tx) << "SELECT id FROM tool WHERE name = :n", soci::use(name), soci::into(id);
    if (session_of(tx).got_data()) return ToolRow{id, name};
    BoundStatement ins;
    ins.execute(session_of(tx), detail::insert_ignore(tx.backend(), "tool (name)",
                                                      "VALUES (" + ins.bind(name) + ")"));
    session_of(tx) << "SELECT id FROM tool WHERE name = :n", soci::use(name), soci::into(id);
    return ToolRow{id, name};
  });
}

namespace {
struct ToolVersionColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &IdPair::id), column("tool_id", &IdPair::parent_id)};
  }
};
constexpr auto kVersionsOfTool =
    select_from<ToolVersionColumns>(" FROM tool_version WHERE tool_id = ");
}  // namespace

std::vector<IdPair> tool_versions_of(ReadTx& tx, std::int64_t tool_id) {
  return guarded([&] {
    BoundStatement q;
    return q.all<ToolVersionColumns>(session_of(tx),
                                     kVersionsOfTool + std::to_string(tool_id) + " ORDER BY id");
  });
}

std::optional<IdPair> create_tool_version(WriteTx& tx, std::int64_t tool_id) {
  return guarded([&]() -> std::optional<IdPair> {
    // Bound values are named locals: SOCI runs a one-off query when the full expression ends,
    // after temporaries made inside it are gone.
    const long long tool = tool_id;
    long long tools = 0;
    session_of(tx) << "SELECT count(*) FROM tool WHERE id = :id", soci::use(tool),
        soci::into(tools);
    if (tools == 0) return std::nullopt;
    // The id of this transaction's own row: a SELECT max(id) could see another binder's
    // version committed in between (PostgreSQL's READ COMMITTED).
    std::string insert =
        "INSERT INTO tool_version (tool_id) VALUES (" + std::to_string(tool_id) + ")";
    long long id = 0;
    switch (tx.backend()) {
      case Backend::kPostgresql:
        session_of(tx) << insert + " RETURNING id", soci::into(id);
        break;
      case Backend::kSqlite:
        session_of(tx) << insert;
        session_of(tx) << "SELECT last_insert_rowid()", soci::into(id);
        break;
      case Backend::kMysql:
        session_of(tx) << insert;
        session_of(tx) << "SELECT LAST_INSERT_ID()", soci::into(id);
        break;
    }
    return IdPair{id, tool_id};
  });
}

namespace {
struct TaskTemplateColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &TaskTemplateRow::id),
                      column("tool_version_id", &TaskTemplateRow::tool_version_id),
                      column("name", &TaskTemplateRow::name)};
  }
};
constexpr auto kTemplatesOfVersion =
    select_from<TaskTemplateColumns>(" FROM task_template WHERE tool_version_id = ");
}  // namespace

std::vector<TaskTemplateRow> task_templates_of(ReadTx& tx, std::int64_t tool_version_id) {
  return guarded([&] {
    BoundStatement q;
    return q.all<TaskTemplateColumns>(
        session_of(tx), kTemplatesOfVersion + std::to_string(tool_version_id) + " ORDER BY id");
  });
}

std::optional<std::int64_t> get_or_create_task_template(WriteTx& tx, std::int64_t tool_version_id,
                                                        const std::string& name) {
  return guarded([&]() -> std::optional<std::int64_t> {
    const long long version = tool_version_id;
    long long versions = 0;
    session_of(tx) << "SELECT count(*) FROM tool_version WHERE id = :id", soci::use(version),
        soci::into(versions);
    if (versions == 0) return std::nullopt;
    long long id = 0;
    auto find = [&] {
      session_of(tx) << "SELECT id FROM task_template WHERE tool_version_id = :tv AND name = :n",
          soci::use(version), soci::use(name), soci::into(id);
      return session_of(tx).got_data();
    };
    if (find()) return id;
    BoundStatement ins;
    std::string values = "VALUES (" + std::to_string(tool_version_id) + ", " + ins.bind(name) + ")";
    ins.execute(session_of(tx), detail::insert_ignore(
                                    tx.backend(), "task_template (tool_version_id, name)", values));
    find();
    return id;
  });
}

namespace {
struct ClusterColumns {
  static constexpr auto columns() {
    return std::tuple{column("cluster.id", &ClusterRow::id),
                      column("cluster.name", &ClusterRow::name),
                      column("cluster_type.name", &ClusterRow::cluster_type_name),
                      column("cluster.connection_parameters", &ClusterRow::connection_parameters)};
  }
};
constexpr auto kClusterNamed = select_from<ClusterColumns>(
    " FROM cluster JOIN cluster_type ON cluster.cluster_type_id = cluster_type.id WHERE "
    "cluster.name = ");
}  // namespace

std::optional<ClusterRow> find_cluster(ReadTx& tx, const std::string& name) {
  return guarded([&]() -> std::optional<ClusterRow> {
    std::optional<ClusterRow> out;
    BoundStatement q;
    std::string p = q.bind(name);
    q.rows<ClusterColumns>(session_of(tx), kClusterNamed + p, [&](ClusterRow row) {
      if (!out) out = std::move(row);
    });
    return out;
  });
}

namespace {
struct QueueColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &QueueRow::id), column("name", &QueueRow::name),
                      column("parameters", &QueueRow::parameters)};
  }
};
constexpr auto kQueuesOfCluster = select_from<QueueColumns>(" FROM queue WHERE cluster_id = ");
}  // namespace

std::optional<QueueRow> find_queue(ReadTx& tx, std::int64_t cluster_id, const std::string& name) {
  return guarded([&]() -> std::optional<QueueRow> {
    std::optional<QueueRow> out;
    BoundStatement q;
    std::string p = q.bind(name);
    q.rows<QueueColumns>(session_of(tx),
                         kQueuesOfCluster + std::to_string(cluster_id) + " AND name = " + p,
                         [&](QueueRow row) {
                           if (!out) out = std::move(row);
                         });
    return out;
  });
}

namespace {

namespace {
// An argument of a template version, with its type.
struct VersionArg {
  std::int64_t version_id = 0, arg_type_id = 0, arg_id = 0;
  std::string name;
  static constexpr auto columns() {
    return std::tuple{column("m.task_template_version_id", &VersionArg::version_id),
                      column("m.arg_type_id", &VersionArg::arg_type_id),
                      column("arg.id", &VersionArg::arg_id), column("arg.name", &VersionArg::name)};
  }
};
constexpr auto kArgsOfVersions = select_from<VersionArg>(
    " FROM template_arg_map m JOIN arg ON arg.id = m.arg_id WHERE m.task_template_version_id IN (");
}  // namespace

// Fills names and ids of the given versions from template_arg_map (ordered by arg id).
void load_version_args(soci::session& sql, std::vector<TemplateVersion>& versions) {
  if (versions.empty()) return;
  std::map<std::int64_t, TemplateVersion*> by_id;
  std::vector<std::int64_t> ids;
  for (auto& v : versions) {
    by_id[v.id] = &v;
    ids.push_back(v.id);
  }
  BoundStatement q;
  q.rows<VersionArg>(sql,
                     kArgsOfVersions + id_list(ids) +
                         ") ORDER BY m.task_template_version_id, m.arg_id, m.arg_type_id",
                     [&](const VersionArg& arg) {
                       TemplateVersion& v = *by_id[arg.version_id];
                       const std::string& name = arg.name;
                       bool known = false;
                       for (auto& [n, id] : v.arg_ids) known = known || n == name;
                       if (!known) v.arg_ids.emplace_back(name, arg.arg_id);
                       if (arg.arg_type_id == kNodeArg) v.node_args.push_back(name);
                       if (arg.arg_type_id == kTaskArg) v.task_args.push_back(name);
                       if (arg.arg_type_id == kOpArg) v.op_args.push_back(name);
                     });
}

namespace {
// A version's own row; load_version_args fills in its arguments.
struct TemplateVersionColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &TemplateVersion::id),
                      column("command_template", &TemplateVersion::command_template),
                      column("task_template_id", &TemplateVersion::task_template_id)};
  }
};
constexpr auto kVersionsWhere =
    select_from<TemplateVersionColumns>(" FROM task_template_version WHERE ");
}  // namespace

std::vector<TemplateVersion> load_versions(soci::session& sql, const std::string& where) {
  std::vector<TemplateVersion> out;
  BoundStatement q;
  q.rows<TemplateVersionColumns>(sql, kVersionsWhere + where + " ORDER BY id",
                                 [&](TemplateVersion v) { out.push_back(std::move(v)); });
  load_version_args(sql, out);
  return out;
}

}  // namespace

std::vector<TemplateVersion> template_versions_of(ReadTx& tx, std::int64_t task_template_id,
                                                  bool newest_only) {
  return guarded([&] {
    std::string where = "task_template_id = " + std::to_string(task_template_id);
    if (newest_only) {
      where = "id = (SELECT max(id) FROM task_template_version WHERE " + where + ")";
    }
    return load_versions(session_of(tx), where);
  });
}

std::optional<std::int64_t> template_of_version(ReadTx& tx, std::int64_t version_id) {
  return guarded([&]() -> std::optional<std::int64_t> {
    long long tt = 0;
    soci::indicator ind = soci::i_ok;
    const long long version = version_id;
    session_of(tx) << "SELECT task_template_id FROM task_template_version WHERE id = :id",
        soci::use(version), soci::into(tt, ind);
    if (!session_of(tx).got_data() || ind == soci::i_null) return std::nullopt;
    return tt;
  });
}

bool task_template_exists(WriteTx& tx, std::int64_t task_template_id) {
  return guarded([&] {
    const long long id = task_template_id;
    long long n = 0;
    session_of(tx) << "SELECT count(*) FROM task_template WHERE id = :id", soci::use(id),
        soci::into(n);
    return n > 0;
  });
}

namespace {
constexpr auto kArgsNamed = select_from<detail::IdAndName>(" FROM arg WHERE name IN (");
}  // namespace

TemplateVersion get_or_create_template_version(WriteTx& tx, std::int64_t task_template_id,
                                               const std::string& command_template,
                                               const std::string& arg_mapping_hash,
                                               const std::vector<std::string>& node_args,
                                               const std::vector<std::string>& task_args,
                                               const std::vector<std::string>& op_args) {
  return guarded([&] {
    soci::session& sql = session_of(tx);
    // Arguments by name: insert the missing ones, then read every id back (one statement each).
    std::vector<std::string> names;
    for (const auto* list : {&node_args, &task_args, &op_args}) {
      for (const auto& n : *list) names.push_back(n);
    }
    std::map<std::string, std::int64_t> arg_id;
    const std::set<std::string> unique(names.begin(), names.end());
    auto load_ids = [&] {
      BoundStatement q;
      std::string in;
      for (const auto& n : unique) in += (in.empty() ? "" : ", ") + q.bind(n);
      q.rows<detail::IdAndName>(sql, kArgsNamed + in + ")",
                                [&](const detail::IdAndName& arg) { arg_id[arg.name] = arg.id; });
    };
    if (!unique.empty()) {
      load_ids();
      BoundStatement ins;
      std::string values;
      for (const auto& n : unique) {
        if (!arg_id.count(n)) values += (values.empty() ? "VALUES (" : ", (") + ins.bind(n) + ")";
      }
      if (!values.empty()) {
        ins.execute(sql, detail::insert_ignore(tx.backend(), "arg (name)", values));
        load_ids();
      }
    }

    BoundStatement find;
    std::string where = "task_template_id = " + std::to_string(task_template_id) +
                        " AND command_template = " + find.bind(command_template) +
                        " AND arg_mapping_hash = " + find.bind(arg_mapping_hash);
    std::optional<long long> existing;
    find.values<std::int64_t>(
        sql, "SELECT id FROM task_template_version WHERE " + where + " ORDER BY id",
        [&](std::int64_t id) {
          if (!existing) existing = id;
        });
    if (!existing) {
      BoundStatement ins;
      std::string values = "VALUES (" + std::to_string(task_template_id) + ", " +
                           ins.bind(command_template) + ", " + ins.bind(arg_mapping_hash) + ")";
      ins.execute(sql, detail::insert_ignore(tx.backend(),
                                             "task_template_version (task_template_id, "
                                             "command_template, arg_mapping_hash)",
                                             values));
      BoundStatement again;
      std::string where2 = "task_template_id = " + std::to_string(task_template_id) +
                           " AND command_template = " + again.bind(command_template) +
                           " AND arg_mapping_hash = " + again.bind(arg_mapping_hash);
      again.values<std::int64_t>(
          sql, "SELECT id FROM task_template_version WHERE " + where2 + " ORDER BY id",
          [&](std::int64_t id) {
            if (!existing) existing = id;
          });
      // Skipped, yet not found by its exact text: another row holds the unique key (MySQL's
      // index covers a prefix of command_template only).
      if (!existing) {
        throw DatabaseError("task_template_version conflicts with one of another command template");
      }
      // Map the arguments; a version created concurrently by another binder has the same
      // mapping, and the primary key keeps the rows single.
      std::string maps;
      auto add = [&](const std::vector<std::string>& list, int type) {
        for (const auto& n : list) {
          maps += (maps.empty() ? "VALUES (" : ", (") + std::to_string(*existing) + ", " +
                  std::to_string(arg_id[n]) + ", " + std::to_string(type) + ")";
        }
      };
      add(node_args, kNodeArg);
      add(task_args, kTaskArg);
      add(op_args, kOpArg);
      if (!maps.empty()) {
        BoundStatement map_ins;
        map_ins.execute(
            sql, detail::insert_ignore(
                     tx.backend(),
                     "template_arg_map (task_template_version_id, arg_id, arg_type_id)", maps));
      }
    }
    auto versions = load_versions(sql, "id = " + std::to_string(*existing));
    return versions.at(0);
  });
}

namespace {
struct ResourcesWithQueueColumns {
  static constexpr auto columns() {
    return std::tuple{
        column("task_resources.requested_resources", &ResourcesWithQueue::requested_resources),
        column("queue.name", &ResourcesWithQueue::queue_name)};
  }
};
constexpr auto kResourcesWithQueue = select_from<ResourcesWithQueueColumns>(
    " FROM task_resources JOIN queue ON queue.id = task_resources.queue_id WHERE "
    "task_resources.id = ");
}  // namespace

std::optional<ResourcesWithQueue> task_resources_with_queue(ReadTx& tx, std::int64_t id) {
  return guarded([&]() -> std::optional<ResourcesWithQueue> {
    std::optional<ResourcesWithQueue> out;
    BoundStatement q;
    q.rows<ResourcesWithQueueColumns>(session_of(tx), kResourcesWithQueue + std::to_string(id),
                                      [&](ResourcesWithQueue row) {
                                        if (!out) out = std::move(row);
                                      });
    return out;
  });
}

namespace {
struct DagColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &DagRow::id),
                      column("created_date", &DagRow::created_date).timestamp()};
  }
};
constexpr auto kDagWithHash = select_from<DagColumns>(" FROM dag WHERE hash = ");
}  // namespace

DagRow get_or_create_dag(WriteTx& tx, const std::string& hash) {
  return guarded([&] {
    DagRow dag;
    auto find = [&] {
      BoundStatement q;
      std::string p = q.bind(hash);
      q.rows<DagColumns>(session_of(tx), kDagWithHash + p,
                         [&](DagRow row) { dag = std::move(row); });
      return dag.id != 0;
    };
    if (find()) return dag;
    BoundStatement ins;
    ins.execute(session_of(tx), detail::insert_ignore(tx.backend(), "dag (hash)",
                                                      "VALUES (" + ins.bind(hash) + ")"));
    find();
    return dag;
  });
}

void add_edges(WriteTx& tx, std::int64_t dag_id, const std::vector<EdgeRow>& unsorted) {
  // Node order: concurrent binders of one DAG take row locks in one order (no deadlock).
  std::vector<EdgeRow> edges = unsorted;
  std::stable_sort(edges.begin(), edges.end(),
                   [](const EdgeRow& a, const EdgeRow& b) { return a.node_id < b.node_id; });
  guarded([&] {
    // One statement per kChunk edges (the client sends chunks of 500: one statement a call).
    for (std::size_t first = 0; first < edges.size(); first += kChunk) {
      Rows rows(tx.backend(),
                {Rows::constant_column(std::to_string(dag_id)), Rows::integer_column(),
                 Rows::text_column("json"), Rows::text_column("json")});
      for (std::size_t i = first; i < std::min(edges.size(), first + kChunk); ++i) {
        const EdgeRow& e = edges[i];
        rows.integer(e.node_id).text(e.upstream_node_ids).text(e.downstream_node_ids);
      }
      BoundStatement ins;
      ins.execute(session_of(tx), detail::insert_ignore(tx.backend(),
                                                        "edge (dag_id, node_id, upstream_node_ids, "
                                                        "downstream_node_ids)",
                                                        rows.sql(ins)));
    }
    return 0;
  });
}

void mark_dag_created(WriteTx& tx, std::int64_t dag_id) {
  guarded([&] {
    const long long id = dag_id;
    session_of(tx) << "UPDATE dag SET created_date = " + detail::now_sql(tx.backend()) +
                          " WHERE id = :id AND created_date IS NULL",
        soci::use(id);
    return 0;
  });
}

namespace {

using NodeKey = std::pair<std::int64_t, std::string>;  // (task_template_version_id, hash)

namespace {
struct NodeColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &NodeRow::id),
                      column("task_template_version_id", &NodeRow::task_template_version_id),
                      column("node_args_hash", &NodeRow::node_args_hash)};
  }
};
// PostgreSQL's select of nodes by hash (bind_node_chunk), around the hashes and the versions.
constexpr auto kNodesOfHashes =
    sql_text("SELECT ", select_list<NodeColumns>("n."), " FROM unnest(CAST(");
constexpr auto kNodesOfHashesLateral =
    sql_text(" AS text[])) AS k(hash) CROSS JOIN LATERAL (SELECT ", select_list<NodeColumns>(),
             " FROM node WHERE task_template_version_id IN (");
constexpr auto kNodesOfVersions =
    select_from<NodeColumns>(" FROM node WHERE task_template_version_id IN (");
constexpr auto kReturningNodes = sql_text(" RETURNING ", select_list<NodeColumns>());
}  // namespace

// Appends to `out` every node matching any listed version and any listed hash (extra
// combinations included, as the reference answers), inserting the missing ones first. Looking
// before inserting makes a re-bind one SELECT and spends no PostgreSQL sequence values. At most
// 3 statements whatever the chunk's size; 2 where the INSERT returns the new rows (not MySQL),
// unless a concurrent binder inserted some of them first.
void bind_node_chunk(WriteTx& tx, const std::vector<const NodeKey*>& keys,
                     std::vector<NodeRow>& out) {
  std::set<std::int64_t> ttvs;
  std::set<std::string> hashes;
  for (const NodeKey* k : keys) {
    ttvs.insert(k->first);
    hashes.insert(k->second);
  }
  std::vector<NodeRow> found;
  auto on_row = [&](NodeRow row) { found.push_back(std::move(row)); };
  auto select = [&] {
    found.clear();
    BoundStatement q;
    const std::string versions = id_list(std::vector<std::int64_t>(ttvs.begin(), ttvs.end()));
    if (tx.backend() == Backend::kPostgresql) {
      // Autovacuum has not analyzed the nodes a bind is adding: as IN lists, PostgreSQL then
      // reads every node of the version through its one-column index, per chunk (quadratic).
      // A lateral subquery per hash is one unique-index probe each, whatever the statistics.
      q.rows<NodeColumns>(session_of(tx),
                          kNodesOfHashes + q.bind(pg_text_array_literal(hashes)) +
                              kNodesOfHashesLateral + versions +
                              ") AND node_args_hash = k.hash OFFSET 0) AS n ORDER BY n.id",
                          on_row);
      return;
    }
    std::string hash_list;
    for (const auto& h : hashes) hash_list += (hash_list.empty() ? "" : ", ") + q.bind(h);
    // SQLite without statistics would read every node of the template version through the
    // one-column index (quadratic over a large bind); the same pairs as row values make it seek
    // each (version, hash) in the unique index instead.
    std::string pairs;
    if (tx.backend() == Backend::kSqlite) {
      for (auto ttv : ttvs) {
        for (const auto& h : hashes) {
          pairs += std::string(pairs.empty() ? "" : ",") + "(" + std::to_string(ttv) + "," +
                   q.bind(h) + ")";
        }
      }
      pairs = " AND (task_template_version_id, node_args_hash) IN (VALUES " + pairs + ")";
    }
    q.rows<NodeColumns>(session_of(tx),
                        kNodesOfVersions + versions + ") AND node_args_hash IN (" + hash_list +
                            ")" + pairs + " ORDER BY id",
                        on_row);
  };
  select();
  std::set<NodeKey> present;
  for (const NodeRow& n : found) present.emplace(n.task_template_version_id, n.node_args_hash);
  Rows rows(tx.backend(), {Rows::integer_column(), Rows::text_column()});
  for (const NodeKey* k : keys) {
    if (!present.count(*k)) rows.integer(k->first).text(k->second);
  }
  if (!rows.empty()) {
    // A concurrent binder may insert some of them first: its rows win, ours are skipped.
    BoundStatement ins;
    const std::string insert = detail::insert_ignore(
        tx.backend(), "node (task_template_version_id, node_args_hash)", rows.sql(ins));
    if (tx.backend() == Backend::kMysql) {  // no INSERT ... RETURNING
      ins.execute(session_of(tx), insert);
      select();
    } else {
      std::size_t inserted = 0;
      ins.rows<NodeColumns>(session_of(tx), insert + kReturningNodes, [&](NodeRow row) {
        on_row(std::move(row));
        ++inserted;
      });
      if (inserted < rows.rows()) select();
    }
  }
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

std::vector<NodeRow> bind_nodes(WriteTx& tx, const std::vector<NodeInput>& nodes) {
  // One entry per node key, its args by arg id; a repeated node or arg takes the last value, as
  // the reference's dicts do. Sorted keys make concurrent binders of overlapping chunks take row
  // locks in one order (no deadlock on PostgreSQL).
  std::map<NodeKey, std::map<std::int64_t, std::string>> wanted;
  for (const NodeInput& n : nodes) {
    auto& args = wanted[{n.task_template_version_id, n.node_args_hash}];
    for (const auto& [arg, val] : n.args) args.insert_or_assign(arg, val);
  }
  return guarded([&] {
    std::vector<NodeRow> out;
    std::vector<const NodeKey*> chunk;
    for (const auto& entry : wanted) {
      chunk.push_back(&entry.first);
      if (chunk.size() == kChunk) {
        bind_node_chunk(tx, chunk, out);
        chunk.clear();
      }
    }
    if (!chunk.empty()) bind_node_chunk(tx, chunk, out);

    // Args of the listed nodes, in (node id, arg id) order; existing values are kept.
    std::map<NodeKey, std::int64_t> id_of;
    for (const NodeRow& n : out)
      id_of.emplace(NodeKey{n.task_template_version_id, n.node_args_hash}, n.id);
    std::map<std::pair<std::int64_t, std::int64_t>, const std::string*> args;
    for (const auto& [key, vals] : wanted) {
      std::int64_t node_id = id_of.at(key);
      for (const auto& [arg, val] : vals) args.emplace(std::pair{node_id, arg}, &val);
    }
    const std::vector<Rows::Column> columns{Rows::integer_column(), Rows::integer_column(),
                                            Rows::text_column()};
    Rows rows(tx.backend(), columns);
    auto flush = [&] {
      if (rows.empty()) return;
      BoundStatement ins;
      ins.execute(
          session_of(tx),
          detail::insert_ignore(tx.backend(), "node_arg (node_id, arg_id, val)", rows.sql(ins)));
      rows = Rows(tx.backend(), columns);
    };
    for (const auto& [key, val] : args) {
      rows.integer(key.first).integer(key.second).text(*val);
      if (rows.rows() == kArgRowsPerStatement) flush();
    }
    flush();
    // A node listed twice in `out` (two chunks matched it) is answered once.
    std::sort(out.begin(), out.end(),
              [](const NodeRow& a, const NodeRow& b) { return a.id < b.id; });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const NodeRow& a, const NodeRow& b) { return a.id == b.id; }),
              out.end());
    return out;
  });
}

namespace {
struct ResourceUsageColumns {
  static constexpr auto columns() {
    return std::tuple{column("ti.id", &ResourceUsageRow::task_instance_id),
                      column("ti.wallclock", &ResourceUsageRow::wallclock),
                      column("ti.maxrss", &ResourceUsageRow::maxrss),
                      column("na.val", &ResourceUsageRow::node_arg_val),
                      column("tr.requested_resources", &ResourceUsageRow::requested_resources)};
  }
};
constexpr auto kResourceUsageOfTool = select_from<ResourceUsageColumns>(
    " FROM task_instance ti JOIN task t ON ti.task_id = t.id JOIN workflow w ON t.workflow_id = "
    "w.id JOIN tool_version tv ON w.tool_version_id = tv.id JOIN tool ON tv.tool_id = tool.id "
    "JOIN node_arg na ON t.node_id = na.node_id JOIN task_resources tr ON t.task_resources_id = "
    "tr.id WHERE tool.name = ");
}  // namespace

std::vector<ResourceUsageRow> tool_resource_usage(ReadTx& tx, const std::string& tool_name,
                                                  const std::string& start_date,
                                                  const std::string& end_date) {
  return guarded([&] {
    std::vector<ResourceUsageRow> out;
    BoundStatement q;
    std::string name = q.bind(tool_name);
    std::string start = q.bind(start_date), end = q.bind(end_date);
    if (tx.backend() == Backend::kPostgresql) {
      start = "CAST(" + start + " AS TIMESTAMP)";
      end = "CAST(" + end + " AS TIMESTAMP)";
    }
    out = q.all<ResourceUsageColumns>(
        session_of(tx), kResourceUsageOfTool + name + " AND w.created_date BETWEEN " + start +
                            " AND " + end +
                            " AND t.status = 'D' AND ti.status = 'D' ORDER BY ti.id, "
                            "na.arg_id");
    return out;
  });
}

}  // namespace jobmon::orm::queries
