#pragma once
// Removing a SQLite database file this process created, only while it is still this process's
// alone (host/src/new_database_file.h): a start that failed, or a check-config, must never remove
// a file another process has meanwhile opened, or filled with a schema, and now serves from.
#include <string>

#include "jobmon/orm/database.h"

namespace jobmon::orm {

// Removes the SQLite database `db_uri` names, with its -wal and -shm, unless another process has
// it open, or it holds tables and `schema_is_ours` is false (or its tables cannot be counted).
// Every connection of this process to it must be closed. Returns whether the files went.
JOBMON_ORM_EXPORT bool remove_unused_sqlite_file(const std::string& db_uri, bool schema_is_ours);

}  // namespace jobmon::orm
