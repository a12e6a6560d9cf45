// The benchmark's helper (scripts/bench): seeds a database with running work, and measures the
// database ceiling of a scenario: the same orm calls the route handlers make, from N threads
// for a fixed time, with no HTTP in between.
//
//   bench_tool seed DB_URI INSTANCES STATUS
//     STATUS: R running, O launched (one instance per task), hot (every instance launched
//     under task 1)
//   bench_tool ceiling DB_URI SCENARIO THREADS SECONDS INSTANCES
//     SCENARIO: heartbeat (log_report_by), batch (log_report_by/batch, 500 ids), running
//     (log_running over launched instances), transitions (log_running then log_done),
//     errors (log_error_worker_node with retries left), hot (log_running on instances of one
//     task), bare (SQLite: one-row UPDATE, no orm)
//   bench_tool bind DB_URI TASKS     the bulk of a bind (bind_launch.py bind) through the orm,
//                                    one transaction per 500-item chunk, on a fresh database
//   bench_tool launch DB_URI TASKS   the launch path (bind_launch.py launch) through the orm,
//                                    on a copy of a database bound by bind_launch.py
// ceiling prints {"ops": N, "seconds": S, "per_second": R}; bind and launch {"seconds": S}.
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
#include "jobmon/orm/queries/bind.h"
#include "jobmon/orm/queries/run.h"
#include "jobmon/orm/queries/workflow_task.h"
#include "jobmon/orm/transaction.h"
#include "session_of.h"

namespace {

using namespace jobmon;
using Clock = std::chrono::steady_clock;

// What a worker of instance `id` reports, as bench/wrk/client.lua sends it (keep the two alike):
// the seeded rows hold these values, so that a heartbeat resends what the instance already has.
std::string distributor_id(long long id) { return "48213977_" + std::to_string(id); }
std::string nodename(long long id) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "gen-uge-archive-p%03lld.cluster.ihme.washington.edu", id % 100);
  return buf;
}
std::string log_path(long long id, char kind) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "/mnt/share/temp/slurmoutput/bench_user/%s/"
                "model_run_location_%lld_sex_%lld_year_%lld_draw_%lld.%c%s",
                kind == 'o' ? "output" : "errors", 100 + id % 400, 1 + id % 2, 1990 + id % 35,
                id % 1000, kind, distributor_id(id).c_str());
  return buf;
}
std::string process_group_id(long long id) { return std::to_string(20000 + id % 30000); }
std::string repeat(const std::string& line, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += line;
  return out;
}
const std::string kCommandStdout =
    repeat("2025-01-07 10:41:02 INFO model: location 102 year 2020 draw batch done\n", 8);
const std::string kCommandStderr = repeat(
    "/opt/conda/lib/python3.11/site-packages/pandas/core/frame.py: FutureWarning: a future "
    "version will change this\n",
    3);

// The fields each route receives from the worker (plugins/common/run/worker.cc takes them so).
orm::queries::OptionalFields heartbeat_fields(long long id) {
  orm::queries::OptionalFields f;
  f.distributor_id = distributor_id(id);
  f.stdout_text = log_path(id, 'o');
  f.stderr_text = log_path(id, 'e');
  return f;
}
orm::queries::OptionalFields running_fields(long long id) {
  orm::queries::OptionalFields f;
  f.process_group_id = process_group_id(id);
  f.distributor_id = distributor_id(id);
  f.nodename = nodename(id);
  return f;
}
orm::queries::OptionalFields done_fields(long long id) {
  orm::queries::OptionalFields f = heartbeat_fields(id);
  f.nodename = nodename(id);
  f.stdout_log = kCommandStdout;
  f.stderr_log = kCommandStderr;
  return f;
}
std::string quoted(const std::string& s) { return "'" + s + "'"; }

void seed(orm::Database& db, long long n, const std::string& status) {
  orm::with_write_tx(db, [&](orm::WriteTx& tx) {
    soci::session& s = session_of(tx);
    s << "INSERT INTO workflow (id, dag_id, workflow_args_hash, task_hash, "
         "max_concurrently_running, status) VALUES (1, 1, '1', '1', 100000, 'R')";
    s << "INSERT INTO workflow_run (id, workflow_id, \"user\", status) VALUES (1, 1, 'bench', 'R')";
    const bool hot = status == "hot";
    const std::string ti_status = hot ? "O" : status;
    const std::string task_status = ti_status == "O" ? "O" : "R";
    for (long long start = 1; start <= n; start += 500) {
      std::string tasks, instances;
      for (long long i = start; i < start + 500 && i <= n; ++i) {
        const std::string id = std::to_string(i);
        const std::string task = hot ? "1" : id;
        if (!hot || i == 1) {
          tasks += std::string(tasks.empty() ? "" : ",") + "(" + id + ",1," + id +
                   ",'h','t','c',1,3,'" + task_status + "')";
        }
        // Launched: the distributor stored its id; running: the worker's log_running and first
        // heartbeat stored the rest.
        std::string reported = ",NULL,NULL,NULL,NULL,NULL";
        if (ti_status == "O") {
          reported = "," + quoted(distributor_id(i)) + ",NULL,NULL,NULL,NULL";
        } else if (ti_status == "R") {
          reported = "," + quoted(distributor_id(i)) + "," + quoted(nodename(i)) + "," +
                     process_group_id(i) + "," + quoted(log_path(i, 'o')) + "," +
                     quoted(log_path(i, 'e'));
        }
        instances += std::string(instances.empty() ? "" : ",") + "(" + id + ",1,1," + task +
                     ",1,1," + id + ",'" + ti_status + "'" + reported + ")";
      }
      if (!tasks.empty()) {
        s << "INSERT INTO task (id, workflow_id, node_id, task_args_hash, name, command, "
             "num_attempts, max_attempts, status) VALUES " +
                 tasks;
      }
      s << "INSERT INTO task_instance (id, workflow_run_id, array_id, task_id, "
           "task_resources_id, array_batch_num, array_step_id, status, distributor_id, nodename, "
           "process_group_id, stdout, stderr) VALUES " +
               instances;
    }
  });
}

constexpr double kIncrement = 279.0;  // the worker's 90 s interval x 3.1 buffer

long long ceiling(orm::Database& db, const std::string& scenario, int threads, double seconds,
                  long long n) {
  std::atomic<long long> ops{0}, next{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      long long i = t;
      while (!stop) {
        const bool once = scenario != "heartbeat" && scenario != "batch" && scenario != "bare";
        const long long id = once ? next.fetch_add(1) % n + 1 : i++ % n + 1;
        try {
          if (scenario == "heartbeat") {
            orm::queries::log_report_by(db, id, heartbeat_fields(id), kIncrement);  // as the route
          } else if (scenario == "batch") {
            std::vector<std::int64_t> ids;
            for (long long k = 0; k < 500; ++k) ids.push_back((id + k) % n + 1);
            orm::with_write_tx(db, [&](orm::WriteTx& tx) {
              orm::queries::log_report_by_batch(tx, ids, kIncrement);
            });
          } else if (scenario == "running" || scenario == "hot") {
            orm::with_write_tx(db, [&](orm::WriteTx& tx) {
              orm::queries::log_running(tx, id, running_fields(id), kIncrement);
            });
          } else if (scenario == "transitions") {
            orm::with_write_tx(db, [&](orm::WriteTx& tx) {
              orm::queries::log_running(tx, id, running_fields(id), kIncrement);
            });
            ++ops;  // two transitions per instance, as the HTTP scenario makes two requests
            orm::with_write_tx(
                db, [&](orm::WriteTx& tx) { orm::queries::log_done(tx, id, done_fields(id)); });
          } else if (scenario == "errors") {
            orm::with_write_tx(db, [&](orm::WriteTx& tx) {
              orm::queries::log_error_worker_node(tx, id, "E", kCommandStderr, done_fields(id));
            });
          } else if (scenario == "bare") {
            orm::WriteTx tx(db);
            const long long bound = id;
            session_of(tx)
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

constexpr long long kChunk = 500;

// The same rows bind_launch.py binds over HTTP, through the orm calls its routes make.
void bind(orm::Database& db, long long n) {
  namespace q = orm::queries;
  std::int64_t version = 0, task_arg = 0, node_arg = 0, dag = 0, workflow = 0, array = 0,
               resources = 0;
  orm::with_write_tx(db, [&](orm::WriteTx& tx) {
    auto tool = q::get_or_create_tool(tx, "bench_tool");
    auto tool_version = q::create_tool_version(tx, tool.id);
    auto template_id = q::get_or_create_task_template(tx, tool_version->id, "bench");
    auto v =
        q::get_or_create_template_version(tx, *template_id, "echo {i} {a}", "7", {"i"}, {"a"}, {});
    version = v.id;
    for (const auto& [name, id] : v.arg_ids) (name == "i" ? node_arg : task_arg) = id;
  });
  std::vector<std::int64_t> node_of(n + 1);
  for (long long start = 1; start <= n; start += kChunk) {
    std::vector<q::NodeInput> nodes;
    for (long long i = start; i < start + kChunk && i <= n; ++i) {
      nodes.push_back({version, std::to_string(i), {{node_arg, std::to_string(i)}}});
    }
    orm::with_write_tx(db, [&](orm::WriteTx& tx) {
      for (const auto& row : q::bind_nodes(tx, nodes))
        node_of[std::stoll(row.node_args_hash)] = row.id;
    });
  }
  orm::with_write_tx(db, [&](orm::WriteTx& tx) { dag = q::get_or_create_dag(tx, "4242").id; });
  auto list = [&](long long i) {
    return i >= 1 && i <= n ? "[" + std::to_string(node_of[i]) + "]" : std::string("[]");
  };
  for (long long start = 1; start <= n; start += kChunk) {
    std::vector<q::EdgeRow> edges;
    for (long long i = start; i < start + kChunk && i <= n; ++i) {
      edges.push_back({node_of[i], list(i - 1000), list(i + 1000)});
    }
    orm::with_write_tx(db, [&](orm::WriteTx& tx) {
      q::add_edges(tx, dag, edges);
      if (start + kChunk > n) q::mark_dag_created(tx, dag);
    });
  }
  orm::with_write_tx(db, [&](orm::WriteTx& tx) {
    const q::WorkflowBind wf{1, dag, "99", "98", std::nullopt, std::nullopt, std::nullopt, 100000};
    workflow = q::bind_workflow(tx, wf).id;
    array = q::bind_array(tx, workflow, version, 100000, "bench");
    resources = q::add_task_resources(tx, 2, "O", "{'runtime': 60}");
  });
  std::vector<std::int64_t> task_of(n + 1);
  for (long long start = 1; start <= n; start += kChunk) {
    std::vector<q::TaskBind> tasks;
    for (long long i = start; i < start + kChunk && i <= n; ++i) {
      q::TaskBind t;
      t.key = std::to_string(i);
      t.node_id = node_of[i];
      t.task_args_hash = std::to_string(i);
      t.array_id = array;
      t.task_resources_id = resources;
      t.name = "task" + std::to_string(i);
      t.command = "echo " + std::to_string(i) + " a";
      t.max_attempts = 3;
      t.resource_scales = "{'memory': 0.5}";
      t.fallback_queues = "[]";
      tasks.push_back(std::move(t));
    }
    orm::with_write_tx(db, [&](orm::WriteTx& tx) {
      for (const auto& b : q::bind_tasks(tx, workflow, tasks, start + kChunk > n)) {
        task_of[std::stoll(b.key)] = b.id;
      }
    });
  }
  for (long long start = 1; start <= n; start += kChunk) {
    std::vector<q::TaskArg> args;
    for (long long i = start; i < start + kChunk && i <= n; ++i) {
      args.push_back({task_of[i], task_arg, "a"});
    }
    orm::with_write_tx(db, [&](orm::WriteTx& tx) { q::add_task_args(tx, args); });
  }
}

// The launch path of bind_launch.py: array 1, task resources 1, run 1, tasks 1..n.
void launch(orm::Database& db, long long n) {
  namespace q = orm::queries;
  long long next_instance = 1, batch = 0;
  for (long long start = 1; start <= n; start += kChunk) {
    std::vector<std::int64_t> tasks, instances;
    for (long long i = start; i < start + kChunk && i <= n; ++i) {
      tasks.push_back(i);
      instances.push_back(next_instance++);
    }
    ++batch;
    orm::with_write_tx(db, [&](orm::WriteTx& tx) { q::queue_task_batch(tx, 1, tasks, 1, 1); });
    orm::with_write_tx(db, [&](orm::WriteTx& tx) { q::instantiate_task_instances(tx, instances); });
    orm::with_write_tx(db, [&](orm::WriteTx& tx) { q::transition_to_launched(tx, 1, batch, 600); });
  }
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
  if ((command == "bind" || command == "launch") && argc == 4) {
    const auto start = Clock::now();
    (command == "bind" ? bind : launch)(*db, std::atoll(argv[3]));
    std::printf("{\"seconds\": %.3f}\n",
                std::chrono::duration<double>(Clock::now() - start).count());
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
