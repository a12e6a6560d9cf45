#pragma once
// The SQLite file a start (or an operator command) is about to create. Unless kept, it is removed
// again with its -wal and -shm, so that a start refused for a bad plugin or a taken port, or a
// check-config, leaves no database file behind. Existing files, in-memory databases and database
// servers are never touched, and neither is a new file that another process has opened meanwhile
// or given a schema this process did not create: two processes may open one new file at once
// (docs/reliability.md, "A start that cannot work is refused").
#include <string>

namespace jobmon::host {

class NewDatabaseFile {
 public:
  // Notes whether the database `db_uri` names is a SQLite file that does not exist yet.
  explicit NewDatabaseFile(const std::string& db_uri);
  // Removes the files unless keep() was called, or they are no longer this process's alone
  // (orm/sqlite_file_removal.h). Every connection to them must be closed by then.
  ~NewDatabaseFile();
  NewDatabaseFile(const NewDatabaseFile&) = delete;
  NewDatabaseFile& operator=(const NewDatabaseFile&) = delete;

  void keep() { uri_.clear(); }
  // This process created the schema in it: the tables are no reason to keep the file.
  void schema_is_ours() { schema_is_ours_ = true; }

 private:
  std::string uri_;  // empty: nothing to remove
  bool schema_is_ours_ = false;
};

}  // namespace jobmon::host
