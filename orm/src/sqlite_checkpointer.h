#pragma once
// Checkpoints a SQLite database's write-ahead log from a thread of its own. Internal to liborm.
//
// SQLite's automatic checkpoint runs inside the commit that crosses the WAL's size threshold, in
// the writer's thread: while it copies up to a thousand pages into the database file, every
// other writer of the process waits behind it at the writer gate. That cost ~40% of the
// transition throughput and most of the heartbeat latency tail. Here a PASSIVE checkpoint (the
// kind the automatic one is: it neither waits for nor blocks readers and writers) runs beside
// the writers on a connection of its own. The pool's connections keep an automatic checkpoint at
// a much larger size as a backstop.
//
// Under sustained writes this thread never quite catches up (frames arrive while it copies), and
// SQLite starts the WAL file over only when a writer finds every frame copied: the WAL then grows
// to the backstop (~64 MB), where one writer's checkpoint copies the few frames left and the WAL
// starts over. Measured (docs/performance.md): that cycle beats both SQLite's default (a
// checkpoint every 1000 frames inside a commit) and the backstop alone, and finishing the copy
// under the writer gate to restart the WAL sooner cost a quarter of the throughput.
#include <soci/soci.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace jobmon::orm::detail {

// Pool connections checkpoint inline only past this many WAL pages (SQLite's default: 1000).
inline constexpr int kBackstopCheckpointPages = 16000;

class SqliteCheckpointer {
 public:
  // Opens its own connection with `soci_connect` and starts the thread.
  explicit SqliteCheckpointer(const std::string& soci_connect);
  ~SqliteCheckpointer();  // stops and joins the thread
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

 private:
  void run();
  soci::session session_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int last_wal_frames_ = 0, last_checkpointed_ = 0;  // the previous round's answer
  std::thread thread_;
};

}  // namespace jobmon::orm::detail
