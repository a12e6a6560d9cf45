#include "sqlite_checkpointer.h"

#include <chrono>

namespace jobmon::orm::detail {

namespace {
// While writes come in, the WAL is checkpointed every few milliseconds (a few hundred pages a
// time at full load); an idle database is looked at ten times a second.
constexpr std::chrono::milliseconds kBusyInterval{5};
constexpr std::chrono::milliseconds kIdleInterval{100};
}  // namespace

SqliteCheckpointer::SqliteCheckpointer(const std::string& soci_connect)
    : session_("sqlite3", soci_connect) {
  session_ << "PRAGMA busy_timeout=10000";
  thread_ = std::thread([this] { run(); });
}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SqliteCheckpointer::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  std::chrono::milliseconds interval = kIdleInterval;
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    // One row: whether it was blocked, the WAL's frames, and how many are in the database file.
    int blocked = 0, wal_frames = 0, checkpointed = 0;
    try {
      session_ << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(blocked), soci::into(wal_frames),
          soci::into(checkpointed);
    } catch (const soci::soci_error&) {
      // Busy or failing: the next round tries again, and the pool's backstop checkpoint bounds
      // the WAL meanwhile.
    }
    const bool copied_pages = checkpointed > last_checkpointed_ || wal_frames < last_wal_frames_;
    last_wal_frames_ = wal_frames;
    last_checkpointed_ = checkpointed;
    interval = copied_pages ? kBusyInterval : kIdleInterval;
    lock.lock();
  }
}

}  // namespace jobmon::orm::detail
