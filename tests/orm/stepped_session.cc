#include "stepped_session.h"

#include <chrono>
#include <stdexcept>

#include "jobmon/orm/errors.h"
#include "jobmon/orm/fsm.h"
#include "session_of.h"

namespace jobmon::testing {

namespace {

// Generous: a settle that takes this long means a hang, not a slow machine.
constexpr auto kSettleLimit = std::chrono::seconds(60);

}  // namespace

SteppedSession::SteppedSession(const std::string& uri, orm::Backend backend) : backend_(backend) {
  orm::DatabaseConfig config;
  config.uri = uri;
  config.pool_size = 1;
  config.recycle_after = std::chrono::milliseconds(0);  // the hook lives on this one session
  config.create_schema = false;
  db_ = orm::Database::open(config);
  auto lease = db_->lease();
  session_of(lease) << (backend == orm::Backend::kMysql ? "SELECT CONNECTION_ID()"
                                                        : "SELECT pg_backend_pid()"),
      soci::into(connection_id_);
  session_of(lease).set_query_transformation(
      [this](const std::string& sql) { return before_statement(sql); });
}

SteppedSession::~SteppedSession() { join(); }

std::string SteppedSession::before_statement(const std::string& sql) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!stepped_ || state_ == State::kIdle) return sql;
  // Session settings (lock timeouts) touch no rows: not a step, or they would only multiply
  // the schedules without adding a distinct one.
  if (sql.rfind("SET ", 0) == 0) return sql;
  state_ = State::kPaused;
  pending_ = sql;
  changed_.notify_all();
  changed_.wait(lock, [this] { return grants_ > 0; });
  --grants_;
  state_ = State::kRunning;
  executed_.push_back(sql);
  changed_.notify_all();
  return sql;
}

void SteppedSession::start(std::function<std::string(orm::Database&)> op, bool stepped) {
  join();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stepped_ = stepped;
    state_ = State::kRunning;
    grants_ = 0;
    executed_.clear();
    outcome_.clear();
  }
  thread_ = std::jthread([this, op = std::move(op)] {
    std::string outcome;
    try {
      outcome = "ok " + op(*db_);
    } catch (const orm::InvalidTransition&) {
      outcome = "InvalidTransition";
    } catch (const orm::NotFound&) {
      outcome = "NotFound";
    } catch (const orm::LockConflict&) {
      outcome = "LockConflict";
    } catch (const std::exception& e) {
      outcome = std::string("error ") + e.what();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    outcome_ = outcome;
    state_ = State::kDone;
    changed_.notify_all();
  });
}

void SteppedSession::step() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (state_ != State::kPaused) throw std::logic_error("step() on a session that is not paused");
  const std::size_t before = executed_.size();
  ++grants_;
  changed_.notify_all();
  changed_.wait(lock, [&] { return executed_.size() > before; });
}

SteppedSession::State SteppedSession::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

std::string SteppedSession::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_;
}

std::vector<std::string> SteppedSession::executed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return executed_;
}

std::string SteppedSession::outcome() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return outcome_;
}

void SteppedSession::join() {
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ == State::kDone) state_ = State::kIdle;
}

bool waits_on_lock(soci::session& observer, orm::Backend backend, long long connection_id) {
  int waiting = 0;
  if (backend == orm::Backend::kMysql) {
    // Not information_schema.innodb_trx: InnoDB refreshes that cache only when nobody has read
    // it for 100 ms, so concurrent readers (other suites) keep it stale. The monitor output is
    // made on each call; a transaction's block names its thread and says LOCK WAIT.
    std::string type, name, status;
    observer << "SHOW ENGINE INNODB STATUS", soci::into(type), soci::into(name), soci::into(status);
    const std::string thread = "thread id " + std::to_string(connection_id) + ",";
    for (std::size_t at = status.find("---TRANSACTION"); at != std::string::npos;) {
      const std::size_t next = status.find("---TRANSACTION", at + 1);
      const std::string block = status.substr(at, next == std::string::npos ? next : next - at);
      if (block.find(thread) != std::string::npos) {
        return block.find("LOCK WAIT") != std::string::npos;
      }
      at = next;
    }
    return false;
  }
  observer << "SELECT count(*) FROM pg_stat_activity WHERE pid = :id AND "
              "wait_event_type = 'Lock'",
      soci::use(connection_id), soci::into(waiting);
  return waiting > 0;
}

Schedule run_interleaved(SteppedSession& a, SteppedSession& b, soci::session& observer,
                         orm::Backend backend, const std::vector<int>& choices) {
  SteppedSession* sessions[2] = {&a, &b};
  Schedule out;
  // Settled: every session is paused, finished, or seen waiting on a lock; and something can
  // move (a paused session) unless both are done. Decided from states, never from elapsed time.
  auto settle = [&]() -> std::vector<int> {
    const auto deadline = std::chrono::steady_clock::now() + kSettleLimit;
    std::chrono::steady_clock::time_point running_since[2] = {};
    for (;;) {
      std::vector<int> runnable;
      bool unsettled = false;
      int done = 0;
      for (int i = 0; i < 2; ++i) {
        switch (sessions[i]->state()) {
          case SteppedSession::State::kPaused:
            runnable.push_back(i);
            break;
          case SteppedSession::State::kDone:
          case SteppedSession::State::kIdle:
            ++done;
            break;
          case SteppedSession::State::kRunning:
            // Most statements finish within milliseconds: look again before asking the
            // server's lock tables (a round trip, and on MariaDB a whole monitor report).
            if (running_since[i] == std::chrono::steady_clock::time_point{}) {
              running_since[i] = std::chrono::steady_clock::now();
              unsettled = true;
            } else if (std::chrono::steady_clock::now() - running_since[i] <
                       std::chrono::milliseconds(20)) {
              unsettled = true;
            } else if (!waits_on_lock(observer, backend, sessions[i]->connection_id())) {
              unsettled = true;
            }
            break;
        }
      }
      if (!unsettled && (!runnable.empty() || done == 2)) return runnable;
      if (std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("stepped sessions did not settle; trace so far:\n" + out.trace);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
  };
  for (;;) {
    std::vector<int> runnable = settle();
    if (runnable.empty()) break;
    int pick = runnable.front();
    if (runnable.size() == 2) {
      const std::size_t decision = out.choices.size();
      pick = decision < choices.size() ? choices[decision] : 0;
      out.choices.push_back(pick);
      out.options.push_back(2);
    }
    out.trace += std::string(pick == 0 ? "A: " : "B: ") + sessions[pick]->pending() + "\n";
    sessions[pick]->step();
  }
  a.join();
  b.join();
  return out;
}

}  // namespace jobmon::testing
