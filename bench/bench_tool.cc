// The benchmark's helper (scripts/bench): seeds a database with running work, and measures the
// database ceiling of a scenario: the same orm calls the route handlers make, from N threads
// for a fixed time, with no HTTP in between.
//
//   bench_tool seed DB_URI INSTANCES STATUS        (STATUS: R running, O launched)
//   bench_tool ceiling DB_URI SCENARIO THREADS SECONDS INSTANCES
//     SCENARIO: heartbeat (log_report_by), batch (log_report_by/batch, 500 ids), running
//     (log_running over launched instances), bare (SQLite: one-row UPDATE, no orm)
// Prints one JSON object: {"ops": N, "seconds": S, "per_second": R}.
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "jobmon/orm/database.h"
#include "jobmon/orm/queries/run.h"
#include "jobmon/orm/transaction.h"

namespace {

using namespace jobmon;
using Clock = std::chrono::steady_clock;

void seed(orm::Database& db, long long n, const std::string& status) {
  orm::with_write_tx(db, [&](orm::WriteTx& tx) {
    soci::session& s = tx.sql();
    s << "INSERT INTO workflow (id, dag_id, workflow_args_hash, task_hash, "
         "max_concurrently_running, status) VALUES (1, 1, '1', '1', 100000, 'R')";
    s << "INSERT INTO workflow_run (id, workflow_id, \"user\", status) VALUES (1, 1, 'bench', 'R')";
    const std::string task_status = status == "O" ? "O" : "R";
    for (long long start = 1; start <= n; start += 500) {
      std::string tasks, instances;
      for (long long i = start; i < start + 500 && i <= n; ++i) {
        const std::string id = std::to_string(i);
        tasks += std::string(tasks.empty() ? "" : ",") + "(" + id + ",1," + id +
                 ",'h','t','c',1,3,'" + task_status + "')";
        instances += std::string(instances.empty() ? "" : ",") + "(" + id + ",1,1," + id + ",1,1," +
                     id + ",'" + status + "')";
      }
      s << "INSERT INTO task (id, workflow_id, node_id, task_args_hash, name, command, "
           "num_attempts, max_attempts, status) VALUES " +
               tasks;
      s << "INSERT INTO task_instance (id, workflow_run_id, array_id, task_id, "
           "task_resources_id, array_batch_num, array_step_id, status) VALUES " +
               instances;
    }
  });
}

long long ceiling(orm::Database& db, const std::string& scenario, int threads, double seconds,
                  long long n) {
  std::atomic<long long> ops{0}, next{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      orm::queries::OptionalFields none;
      none.process_group_id = "1";
      long long i = t;
      while (!stop) {
        const long long id = scenario == "running" ? next.fetch_add(1) % n + 1 : i++ % n + 1;
        try {
          if (scenario == "heartbeat") {
            orm::with_write_tx(
                db, [&](orm::WriteTx& tx) { orm::queries::log_report_by(tx, id, {}, 90); });
          } else if (scenario == "batch") {
            std::vector<std::int64_t> ids;
            for (long long k = 0; k < 500; ++k) ids.push_back((id + k) % n + 1);
            orm::with_write_tx(
                db, [&](orm::WriteTx& tx) { orm::queries::log_report_by_batch(tx, ids, 90); });
          } else if (scenario == "running") {
            orm::with_write_tx(
                db, [&](orm::WriteTx& tx) { orm::queries::log_running(tx, id, none, 90); });
          } else if (scenario == "bare") {
            orm::WriteTx tx(db);
            const long long bound = id;
            tx.sql()
                << "UPDATE task_instance SET report_by_date = CURRENT_TIMESTAMP WHERE id = :id",
                soci::use(bound);
            tx.commit();
          }
          ++ops;
        } catch (const std::exception&) {
          // refused transitions (instances used up) still count as work done by the database
          ++ops;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  return ops.load();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_tool seed|ceiling DB_URI ...\n");
    return 2;
  }
  const std::string command = argv[1];
  orm::DatabaseConfig config;
  config.uri = argv[2];
  config.pool_size = 16;
  auto db = orm::Database::open(config);
  if (command == "seed" && argc == 5) {
    seed(*db, std::atoll(argv[3]), argv[4]);
    return 0;
  }
  if (command == "ceiling" && argc == 7) {
    const double seconds = std::atof(argv[5]);
    const auto start = Clock::now();
    const long long ops = ceiling(*db, argv[3], std::atoi(argv[4]), seconds, std::atoll(argv[6]));
    const double took = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("{\"ops\": %lld, \"seconds\": %.3f, \"per_second\": %.1f}\n", ops, took,
                ops / took);
    return 0;
  }
  std::fprintf(stderr, "bad arguments\n");
  return 2;
}
