#include "jobmon/orm/transaction.h"

#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "bound_statement.h"
#include "counters.h"
#include "query_support.h"
#include "session_of.h"
#include "sql_errors.h"
#include "status_history_rows.h"

namespace jobmon::orm {

namespace {

using detail::id_list;

// "FOR UPDATE" where the backend has row locks; SQLite's BEGIN IMMEDIATE already holds the
// database write lock, which covers every row.
const char* for_update(Backend backend) { return backend == Backend::kSqlite ? "" : " FOR UPDATE"; }

void begin(soci::session& sql, Backend backend, bool write) {
  if (backend == Backend::kSqlite) {
    sql << (write ? "BEGIN IMMEDIATE" : "BEGIN");
    return;
  }
  sql.begin();  // row-lock waits are bounded per connection (database.cc, configure_session)
}

// MySQL's named locks belong to the session, not the transaction: give them back as soon as the
// transaction ends, before the session returns to the pool.
void release_named_locks(soci::session& sql) {
  try {
    sql << "DO RELEASE_ALL_LOCKS()";
  } catch (...) {
    // The connection broke: the server released its locks with it.
  }
}

void rollback_quietly(soci::session& sql) {
  try {
    sql.rollback();
  } catch (...) {
    // A failed rollback (e.g. the connection broke) leaves nothing to undo on our side; the
    // server discards the transaction with the connection.
  }
}

}  // namespace

ReadTx::ReadTx(Database& db) : lease_(db.lease()), backend_(db.backend()) {
  try {
    begin(session_of(*this), backend_, false);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  active_ = true;
}

ReadTx::~ReadTx() {
  if (active_) rollback_quietly(session_of(*this));
}

namespace {
// The thread's SQLite writer gate, while it holds one: a second WriteTx on the same thread
// would wait for itself forever, so it is refused as the programming error it is.
thread_local const std::mutex* held_writer_gate = nullptr;

// Takes the SQLite writer gate (a plain mutex: a writer holds it for one transaction, so the
// wait is bounded by the transactions queued ahead).
std::unique_lock<std::mutex> enter_writer_gate(Database& db) {
  if (db.backend() != Backend::kSqlite) return {};
  if (held_writer_gate == &db.sqlite_writer_gate()) {
    throw std::logic_error("a second WriteTx on one thread (SQLite has one writer)");
  }
  return std::unique_lock<std::mutex>(db.sqlite_writer_gate());
}
}  // namespace

WriteTx::WriteTx(Database& db)
    : writer_gate_(enter_writer_gate(db)), db_(&db), lease_(db.lease()), backend_(db.backend()) {
  try {
    begin(session_of(*this), backend_, true);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  active_ = true;
  if (writer_gate_.owns_lock()) held_writer_gate = writer_gate_.mutex();
}

WriteTx::~WriteTx() {
  if (active_) rollback_quietly(session_of(*this));
  if (holds_named_locks_) release_named_locks(session_of(*this));
  if (writer_gate_.owns_lock()) held_writer_gate = nullptr;  // released with the member
}

void WriteTx::commit() {
  if (!active_) throw std::logic_error("WriteTx::commit on a finished transaction");
  active_ = false;
  try {
    if (!transitions_.empty() && db_->records_status_history()) {
      detail::write_status_history(*this, transitions_);
    }
    session_of(*this).commit();
  } catch (...) {
    rollback_quietly(session_of(*this));
    detail::rethrow_as_orm_error();
  }
  if (holds_named_locks_) {
    holds_named_locks_ = false;
    release_named_locks(session_of(*this));
  }
  if (!transitions_.empty()) detail::publish_transitions(transitions_);
}

void WriteTx::lock_key(const std::string& key) {
  if (level_ != LockLevel::kNone) {
    throw std::logic_error("lock_key after a row lock: named locks come first");
  }
  try {
    if (backend_ == Backend::kPostgresql) {
      // The function returns void, which SOCI cannot describe as a result: run it as a
      // statement. hashtext() folds the key to the advisory lock's integer.
      detail::BoundStatement lock;
      lock.execute(session_of(*this),
                   "SELECT pg_advisory_xact_lock(hashtext(" + lock.bind(key) + "))");
    } else if (backend_ == Backend::kMysql) {
      // GET_LOCK names are at most 64 characters: a stable 64-bit digest of the key.
      std::uint64_t h = 14695981039346656037ull;  // FNV-1a
      for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
      const std::string name = "jobmond:" + std::to_string(h);
      int got = 0;
      soci::indicator ind = soci::i_ok;
      session_of(*this) << "SELECT GET_LOCK(:n, 10)", soci::use(name), soci::into(got, ind);
      holds_named_locks_ = true;
      if (ind == soci::i_null || got != 1) {
        throw LockConflict("waited 10 s for the lock on " + key);
      }
    }
  } catch (const LockConflict&) {
    throw;
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
}

void WriteTx::note_transition(const char* entity, char from, char to, std::int64_t id) {
  if (from == to) return;
  // Consecutive notes of one kind (a loop over rows) share an entry.
  if (!transitions_.empty()) {
    NotedTransition& last = transitions_.back();
    if (std::string_view(last.entity) == entity && last.from == from && last.to == to) {
      last.ids.push_back(id);
      return;
    }
  }
  transitions_.push_back(NotedTransition{entity, from, to, {id}});
}

void WriteTx::note_transitions(const char* entity, char from, char to,
                               std::vector<std::int64_t> ids) {
  if (from != to && !ids.empty()) {
    transitions_.push_back(NotedTransition{entity, from, to, std::move(ids)});
  }
}

void WriteTx::require_order(LockLevel level) {
  if (level < level_) {
    throw std::logic_error(
        "lock order violated: workflow rows, then task rows, then task_instance rows");
  }
  level_ = level;
}

LockedWorkflow WriteTx::lock_workflow(std::int64_t workflow_id) {
  require_order(LockLevel::kWorkflow);
  long long found = 0;
  soci::indicator ind = soci::i_null;
  try {
    session_of(*this) << "SELECT id FROM workflow WHERE id = :id"
                      << std::string(for_update(backend_)),
        soci::use(static_cast<long long>(workflow_id)), soci::into(found, ind);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (!session_of(*this).got_data() || ind == soci::i_null) {
    throw NotFound("Workflow " + std::to_string(workflow_id) + " not found");
  }
  return LockedWorkflow(*this, workflow_id);
}

LockedTask WriteTx::lock_task(std::int64_t task_id) {
  auto locked = lock_tasks({task_id});
  if (locked.empty()) throw NotFound("Task " + std::to_string(task_id) + " not found");
  return locked.front();
}

std::vector<LockedTask> WriteTx::lock_tasks(std::vector<std::int64_t> task_ids) {
  require_order(LockLevel::kTask);
  std::sort(task_ids.begin(), task_ids.end());
  task_ids.erase(std::unique(task_ids.begin(), task_ids.end()), task_ids.end());
  std::vector<LockedTask> out;
  if (task_ids.empty()) return out;
  std::vector<long long> found(task_ids.size());
  try {
    // ORDER BY id: PostgreSQL and InnoDB take the row locks in output order, which makes the
    // global lock order ascending ids.
    session_of(*this) << "SELECT id FROM task WHERE id IN (" + id_list(task_ids) + ") ORDER BY id" +
                             for_update(backend_),
        soci::into(found);
    // SOCI leaves a vector at its initial size when no row came back.
    if (!session_of(*this).got_data()) found.clear();
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  out.reserve(found.size());
  for (long long id : found) out.push_back(LockedTask(*this, id));
  return out;
}

LockedTaskInstance WriteTx::lock_task_instance(const LockedTask& task,
                                               std::int64_t task_instance_id) {
  if (&task.tx() != this) throw std::logic_error("LockedTask of another transaction");
  require_order(LockLevel::kTaskInstance);
  long long found = 0;
  soci::indicator ind = soci::i_null;
  try {
    session_of(*this) << "SELECT id FROM task_instance WHERE id = :id AND task_id = :task_id" +
                             std::string(for_update(backend_)),
        soci::use(static_cast<long long>(task_instance_id)),
        soci::use(static_cast<long long>(task.id())), soci::into(found, ind);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (!session_of(*this).got_data() || ind == soci::i_null) {
    throw NotFound("TaskInstance " + std::to_string(task_instance_id) + " of Task " +
                   std::to_string(task.id()) + " not found");
  }
  return LockedTaskInstance(*this, task_instance_id, task.id());
}

std::vector<LockedTaskInstance> WriteTx::lock_task_instances(const std::vector<LockedTask>& tasks,
                                                             const std::string& statuses) {
  require_order(LockLevel::kTaskInstance);
  std::vector<LockedTaskInstance> out;
  if (tasks.empty()) return out;
  std::vector<std::int64_t> task_ids;
  for (const LockedTask& t : tasks) {
    if (&t.tx() != this) throw std::logic_error("LockedTask of another transaction");
    task_ids.push_back(t.id());
  }
  std::string status_filter;
  for (char c : statuses) {
    if (c < 'A' || c > 'Z') throw std::invalid_argument("status letters must be A-Z");
    status_filter += std::string(status_filter.empty() ? "" : ",") + "'" + c + "'";
  }
  std::string query = "SELECT id, task_id FROM task_instance WHERE task_id IN (" +
                      id_list(task_ids) + ")" +
                      (status_filter.empty() ? "" : " AND status IN (" + status_filter + ")") +
                      " ORDER BY id" + for_update(backend_);
  // Explicit long long targets read INTEGER (SQLite) and INTEGER/BIGINT (PostgreSQL) alike.
  constexpr std::size_t kBatch = 1000;
  std::vector<long long> ids(kBatch), parents(kBatch);
  try {
    detail::Statement st(session_of(*this));
    st.alloc();
    st.exchange(soci::into(ids));
    st.exchange(soci::into(parents));
    detail::prepare_once(st, session_of(*this), query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < ids.size(); ++i) {
        out.push_back(LockedTaskInstance(*this, ids[i], parents[i]));
      }
      ids.resize(kBatch);
      parents.resize(kBatch);
    }
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  return out;
}

std::int64_t WriteTx::parent_task_of(std::int64_t task_instance_id) {
  long long task_id = 0;
  soci::indicator ind = soci::i_null;
  try {
    session_of(*this) << "SELECT task_id FROM task_instance WHERE id = :id",
        soci::use(static_cast<long long>(task_instance_id)), soci::into(task_id, ind);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (!session_of(*this).got_data() || ind == soci::i_null) {
    throw NotFound("TaskInstance " + std::to_string(task_instance_id) + " not found");
  }
  return task_id;
}

LockedTask WriteTx::lock_parent_task(std::int64_t task_instance_id) {
  require_order(LockLevel::kTask);
  long long found = 0;
  soci::indicator ind = soci::i_null;
  try {
    // The subquery's read of task_instance takes no lock on any backend: only the Task row is
    // locked, as lock_task would.
    session_of(*this)
        << "SELECT id FROM task WHERE id = (SELECT task_id FROM task_instance WHERE id = :id)" +
               std::string(for_update(backend_)),
        soci::use(static_cast<long long>(task_instance_id)), soci::into(found, ind);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
  if (session_of(*this).got_data() && ind != soci::i_null) return LockedTask(*this, found);
  // No such instance, or an instance whose Task is gone: the two-step path names which.
  return lock_task(parent_task_of(task_instance_id));
}

LockedTaskInstance WriteTx::lock_task_instance_and_parent(std::int64_t task_instance_id) {
  if (backend_ == Backend::kPostgresql) {
    require_order(LockLevel::kTask);
    long long instance = 0, task = 0;
    const long long id = task_instance_id;
    soci::indicator ind = soci::i_null;
    bool got = false;
    try {
      // The Task is locked by the subquery's own FOR UPDATE, which runs below the join; the
      // instance by the outer FOR UPDATE OF ti, which locks the rows the join has produced. So
      // the Task lock is always held before the instance's is asked for, whatever the plan:
      // the global lock order, in one round trip instead of two. (A subquery with FOR UPDATE is
      // never pulled up into its parent query.)
      got = detail::run_kept_statement(
          session_of(*this),
          "SELECT ti.id, t.id FROM task_instance ti JOIN (SELECT id FROM task WHERE id = "
          "(SELECT task_id FROM task_instance WHERE id = :parent_of) FOR UPDATE) t "
          "ON t.id = ti.task_id WHERE ti.id = :id FOR UPDATE OF ti",
          soci::use(id), soci::use(id), soci::into(instance, ind), soci::into(task));
    } catch (...) {
      detail::rethrow_as_orm_error();
    }
    if (got && ind != soci::i_null) {
      require_order(LockLevel::kTaskInstance);
      return LockedTaskInstance(*this, instance, task);
    }
    // No such instance, or one whose Task is gone: the two-step path names which.
  }
  return lock_task_instance(lock_parent_task(task_instance_id), task_instance_id);
}

void with_write_tx(Database& db, const std::function<void(WriteTx&)>& work,
                   const RetryPolicy& policy) {
  thread_local std::mt19937 rng{std::random_device{}()};
  bool reconnected = false;
  for (int attempt = 1;; ++attempt) {
    std::optional<WriteTx> tx;
    try {
      tx.emplace(db);
      work(*tx);
      tx->commit();
      return;
    } catch (const DatabaseUnavailable& e) {
      // The leased connection died before anything ran (e.g. the server restarted); the pool
      // now checks every slot at its next lease, so one more try is safe and cheap.
      if (tx.has_value() || reconnected ||
          std::string(e.what()).rfind(detail::kPoolExhausted, 0) == 0) {
        throw;
      }
      reconnected = true;
      --attempt;
    } catch (const std::exception& e) {
      tx.reset();  // roll back before sleeping: other writers need the locks
      if (!is_lock_conflict(e)) {
        try {
          throw;
        } catch (const soci::soci_error&) {
          detail::rethrow_as_orm_error();
        }
      }
      if (attempt >= policy.max_attempts) {
        detail::count_lock_conflict();
        throw LockConflict("lock conflict persisted after " + std::to_string(attempt) +
                           " attempts: " + e.what());
      }
      detail::count_lock_retry();
      // Full jitter: sleep uniformly in [0, base * 2^attempt) so contenders spread out.
      int cap = policy.base_backoff_ms << std::min(attempt, 10);
      std::uniform_int_distribution<int> pause(0, std::max(cap, 1));
      std::this_thread::sleep_for(std::chrono::milliseconds(pause(rng)));
    }
  }
}

}  // namespace jobmon::orm
