#pragma once
// The SQLite file a start (or an operator command) is about to create. Unless kept, it is removed
// again with its -wal and -shm, so that a start refused for a bad plugin or a taken port, or a
// check-config, leaves no database file behind. Existing files, in-memory databases and database
// servers are never touched.
#include <string>

namespace jobmon::host {

class NewDatabaseFile {
 public:
  // Notes whether the database `db_uri` names is a SQLite file that does not exist yet.
  explicit NewDatabaseFile(const std::string& db_uri);
  // Removes the files unless keep() was called. Every connection to them must be closed by then.
  ~NewDatabaseFile();
  NewDatabaseFile(const NewDatabaseFile&) = delete;
  NewDatabaseFile& operator=(const NewDatabaseFile&) = delete;

  void keep() { path_.clear(); }

 private:
  std::string path_;  // empty: nothing to remove
};

}  // namespace jobmon::host
