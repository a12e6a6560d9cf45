#pragma once
// A fixed set of threads that run submitted jobs in submission order.
//
// Why: Pistache runs its handlers on its network (reactor) threads, so a handler that waits on the
// database (another writer's SQLite lock, a slow query) stalls every connection of its thread,
// health checks and /metrics included. jobmond's route handlers run on a pool of these instead;
// the network thread keeps reading, and answers what needs no handler (/livez, /metrics) itself
// (http_server.h, docs/deployment.md).
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jobmon::host {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `job` on a pool thread, after the jobs submitted before it. A job must not throw.
  // After stop() the job is dropped.
  void submit(std::function<void()> job);

  // Lets the pool's threads finish every job submitted so far, then joins them. Idempotent.
  void stop();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;  // guarded by mutex_
  bool stopping_ = false;                   // guarded by mutex_
  std::vector<std::thread> threads_;
};

}  // namespace jobmon::host
