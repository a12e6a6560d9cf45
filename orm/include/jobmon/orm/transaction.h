#pragma once
// Transactions and the locking rule (docs/data-model.md §7; the locking rule: §7.2).
//
// Every write goes through a WriteTx. Every TaskInstance status change needs a LockedTask (or a
// LockedTaskInstance made from one): values only WriteTx can construct, proving that the parent
// Task row is locked in this transaction. Code that tries to change a TaskInstance without that
// proof does not compile (tests/orm/lock_proof/ checks it).
//
// Lock order, one global order so our own routes cannot deadlock each other:
//   Workflow rows (ascending id) -> Task rows (ascending id) -> TaskInstance rows (ascending id).
// WriteTx enforces it: asking for a lock earlier in that order after a later one throws
// std::logic_error (a programming error, answered 500).
//
// Backends: SQLite takes the database write lock at BEGIN IMMEDIATE, which serialises writers,
// so the row locks are implied; PostgreSQL and MySQL use SELECT ... FOR UPDATE.
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jobmon/orm/database.h"

namespace jobmon::orm {

class WriteTx;

// Rows of one table that a write transaction moved from one status to another, by id. Published
// to the process counters (metrics.h) and, when the database records it, to the status history
// (status_history.h) when the transaction commits.
struct NotedTransition {
  const char* entity;  // "task", "task_instance", "workflow" or "workflow_run"
  char from;
  char to;
  std::vector<std::int64_t> ids;
};

// A read-only unit of work on one leased session (no explicit locks). Rolls back on destruction.
class JOBMON_ORM_EXPORT ReadTx {
 public:
  explicit ReadTx(Database& db);
  ~ReadTx();
  ReadTx(const ReadTx&) = delete;
  ReadTx& operator=(const ReadTx&) = delete;
  Backend backend() const { return backend_; }

 private:
  friend struct detail::SessionAccess;  // liborm's own statements (orm/src/session_of.h)
  Database::Lease lease_;
  Backend backend_;
  bool active_ = false;
};

// Proof that the Task row `id` is locked by `tx`. Only WriteTx makes these.
class JOBMON_ORM_EXPORT LockedTask {
 public:
  std::int64_t id() const { return id_; }
  WriteTx& tx() const { return *tx_; }

 private:
  friend class WriteTx;
  LockedTask(WriteTx& tx, std::int64_t id) : tx_(&tx), id_(id) {}
  WriteTx* tx_;
  std::int64_t id_;
};

// Proof that a TaskInstance row is locked, after its parent Task. Only WriteTx makes these.
class JOBMON_ORM_EXPORT LockedTaskInstance {
 public:
  std::int64_t id() const { return id_; }
  std::int64_t task_id() const { return task_id_; }
  WriteTx& tx() const { return *tx_; }

 private:
  friend class WriteTx;
  LockedTaskInstance(WriteTx& tx, std::int64_t id, std::int64_t task_id)
      : tx_(&tx), id_(id), task_id_(task_id) {}
  WriteTx* tx_;
  std::int64_t id_;
  std::int64_t task_id_;
};

// Proof that a Workflow row is locked (WorkflowRun transitions cascade into it).
class JOBMON_ORM_EXPORT LockedWorkflow {
 public:
  std::int64_t id() const { return id_; }
  WriteTx& tx() const { return *tx_; }

 private:
  friend class WriteTx;
  LockedWorkflow(WriteTx& tx, std::int64_t id) : tx_(&tx), id_(id) {}
  WriteTx* tx_;
  std::int64_t id_;
};

// A write transaction: SQLite BEGIN IMMEDIATE; PostgreSQL/MySQL BEGIN plus row locks.
// Rolls back on destruction unless commit() was called. Not thread-safe (one per request).
class JOBMON_ORM_EXPORT WriteTx {
 public:
  explicit WriteTx(Database& db);
  ~WriteTx();
  WriteTx(const WriteTx&) = delete;
  WriteTx& operator=(const WriteTx&) = delete;

  void commit();
  Backend backend() const { return backend_; }

  // Serialises the writers that name the same `key` until this transaction ends, where no row
  // exists yet to lock (two first binds of one workflow). PostgreSQL: a transaction-scoped
  // advisory lock; MySQL: GET_LOCK, released right after commit or rollback; SQLite: nothing
  // (its write lock covers it). Taken before any row lock. A wait past 10 s is a LockConflict.
  void lock_key(const std::string& key);
  // SELECT ... FOR UPDATE on the workflow row. Throws NotFound if it does not exist.
  LockedWorkflow lock_workflow(std::int64_t workflow_id);
  // SELECT ... FOR UPDATE on one Task row. Throws NotFound if it does not exist.
  LockedTask lock_task(std::int64_t task_id);
  // Locks the given Task rows in ascending id order (duplicates removed). Missing ids are left
  // out of the result. One statement per call, not one per id.
  std::vector<LockedTask> lock_tasks(std::vector<std::int64_t> task_ids);
  // Locks the TaskInstance (after its Task, which `task` proves). Throws NotFound if the
  // instance does not exist or does not belong to that task.
  LockedTaskInstance lock_task_instance(const LockedTask& task, std::int64_t task_instance_id);
  // Locks the instances of a set of locked Tasks, ascending TaskInstance id, optionally only
  // those with one of `statuses` (status letters). One statement per call.
  std::vector<LockedTaskInstance> lock_task_instances(const std::vector<LockedTask>& tasks,
                                                      const std::string& statuses = "");
  // Parent task id of an instance, read without a lock: how a route finds which Task to lock.
  // Throws NotFound.
  std::int64_t parent_task_of(std::int64_t task_instance_id);
  // lock_task(parent_task_of(id)) in one statement (an instance never changes its Task).
  LockedTask lock_parent_task(std::int64_t task_instance_id);
  // lock_task_instance(lock_parent_task(id), id): the instance's Task, then the instance. On
  // PostgreSQL one statement takes both locks, in that order. Throws NotFound.
  LockedTaskInstance lock_task_instance_and_parent(std::int64_t task_instance_id);

  // Records that the row `id` (or the rows `ids`) of `entity` moved from one status to another.
  // Every status UPDATE of the orm notes its rows here: the metrics count them and the status
  // history (status_history.h) records them, when, and only if, this transaction commits.
  void note_transition(const char* entity, char from, char to, std::int64_t id);
  void note_transitions(const char* entity, char from, char to, std::vector<std::int64_t> ids);

 private:
  friend struct detail::SessionAccess;  // liborm's own statements (orm/src/session_of.h)
  enum class LockLevel { kNone, kWorkflow, kTask, kTaskInstance };
  void require_order(LockLevel level);
  // SQLite: the process's writer gate (Database::sqlite_writer_gate), taken before the lease
  // and released after it, so that queued writers hold no session.
  std::unique_lock<std::mutex> writer_gate_;
  Database* db_;
  Database::Lease lease_;
  Backend backend_;
  bool active_ = false;
  bool holds_named_locks_ = false;  // MySQL GET_LOCK, to release when the transaction ends
  LockLevel level_ = LockLevel::kNone;
  std::vector<NotedTransition> transitions_;
};

// Retry policy for lock conflicts (deadlock, lock timeout, serialization failure, SQLITE_BUSY).
struct RetryPolicy {
  int max_attempts = 5;
  int base_backoff_ms = 5;  // doubled per attempt, with full jitter
};

// True when e is a transient lock conflict worth retrying (PostgreSQL 40P01/40001/55P03,
// MySQL 1213/1205, SQLite BUSY/LOCKED). Exposed for tests.
JOBMON_ORM_EXPORT bool is_lock_conflict(const std::exception& e);

// Runs `work` in a fresh WriteTx, committing if it returns normally. On a lock conflict the
// transaction is rolled back and `work` runs again (bounded, jittered back-off); when the
// attempts are used up, throws LockConflict (answered 423, which the Jobmon client retries).
// Other exceptions roll back and propagate unchanged. `work` must be safe to run again.
JOBMON_ORM_EXPORT void with_write_tx(Database& db, const std::function<void(WriteTx&)>& work,
                                     const RetryPolicy& policy = {});

}  // namespace jobmon::orm
