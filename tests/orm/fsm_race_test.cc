// Concurrent transitions on the instances of one Task end, every time, in a state that some
// serial order of the same operations produces (the locking rule at work: the parent Task is
// locked first, so transitions of one Task's instances serialise). Serial outcomes come from
// the pure planner, so the test needs no hand-written oracle.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <set>
#include <thread>
#include <vector>

#include "db_fixture.h"
#include "jobmon/orm/fsm.h"
#include "test_databases.h"

namespace jobmon::testing {
namespace {

using orm::TaskInstanceStatus;
using orm::TaskStatus;
using TI = TaskInstanceStatus;

// One operation: move instance `ti` (0 or 1) to `to`; refused transitions are no-ops.
struct Op {
  int ti;
  TI to;
};

// (ti0, ti1, task, attempts) after applying ops serially from the initial state.
using Outcome = std::array<char, 4>;

Outcome serial(const std::vector<Op>& ops, std::array<TI, 2> tis, orm::TaskState task) {
  for (const Op& op : ops) {
    try {
      auto plan = orm::plan_task_instance_transition(op.ti, tis[op.ti], op.to, task);
      if (plan.untimely) continue;
      tis[op.ti] = plan.to;
      if (plan.task) {
        task.status = plan.task->to;
        task.num_attempts = plan.task->num_attempts;
      }
    } catch (const orm::InvalidTransition&) {
    }
  }
  return {orm::letter(tis[0]), orm::letter(tis[1]), orm::letter(task.status),
          static_cast<char>('0' + task.num_attempts)};
}

class FsmRace : public DbTest {};

TEST_P(FsmRace, ConcurrentDoneErrorAndKillEndInASerialOutcome) {
  const std::vector<Op> ops = {{0, TI::kDone},      {0, TI::kError},    {0, TI::kKillSelf},
                               {1, TI::kError},     {1, TI::kKillSelf}, {0, TI::kErrorFatal},
                               {1, TI::kErrorFatal}};
  const std::array<TI, 2> start = {TI::kRunning, TI::kRunning};
  const orm::TaskState start_task{0, TaskStatus::kRunning, 1, 2};

  std::set<Outcome> serial_outcomes;
  std::vector<int> order(ops.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  do {
    std::vector<Op> ordered;
    for (int i : order) ordered.push_back(ops[static_cast<std::size_t>(i)]);
    serial_outcomes.insert(serial(ordered, start, start_task));
  } while (std::next_permutation(order.begin(), order.end()));

  // Several different endings are possible, so a wrong interleaving has room to show.
  ASSERT_GE(serial_outcomes.size(), 3u);

  const int iterations = is_server() ? 40 : 60;
  for (int iter = 0; iter < iterations; ++iter) {
    long long task = insert_tasks(1, "R");
    raw() << "UPDATE task SET num_attempts = 1, max_attempts = 2 WHERE id = :id", soci::use(task);
    std::array<long long, 2> ti{};
    for (long long& id : ti) {
      raw() << "INSERT INTO task_instance (workflow_run_id, array_id, task_id, "
               "task_resources_id, array_batch_num, array_step_id, status) "
               "VALUES (1, 1, :t, 1, 1, 0, 'R')",
          soci::use(task);
      raw() << "SELECT max(id) FROM task_instance", soci::into(id);
    }
    std::vector<std::jthread> threads;
    for (const Op& op : ops) {
      threads.emplace_back([&, op] {
        orm::with_write_tx(*db_, [&](orm::WriteTx& tx) {
          auto locked = tx.lock_task(task);
          try {
            orm::transition_task_instance(
                tx.lock_task_instance(locked, ti[static_cast<std::size_t>(op.ti)]), op.to);
          } catch (const orm::InvalidTransition&) {
            // Refused in this order: the serial model treats it as a no-op too.
          }
        });
      });
    }
    for (auto& th : threads) th.join();

    Outcome seen{};
    std::string s0, s1, st;
    int attempts = 0;
    raw() << "SELECT status FROM task_instance WHERE id = :id", soci::use(ti[0]), soci::into(s0);
    raw() << "SELECT status FROM task_instance WHERE id = :id", soci::use(ti[1]), soci::into(s1);
    raw() << "SELECT status, num_attempts FROM task WHERE id = :id", soci::use(task),
        soci::into(st), soci::into(attempts);
    seen = {s0[0], s1[0], st[0], static_cast<char>('0' + attempts)};
    ASSERT_TRUE(serial_outcomes.count(seen))
        << "iteration " << iter << ": TI0=" << s0 << " TI1=" << s1 << " task=" << st
        << " attempts=" << attempts << " is not the result of any serial order";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, FsmRace, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace jobmon::testing
