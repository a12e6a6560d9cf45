#pragma once
// Tables a plugin owns, beside Jobmon's schema (docs/plugins.md, "Tables of a plugin's own").
// A plugin declares its tables as numbered migrations; jobmond records how far each plugin's
// tables are in a table of its own, jobmond_plugin_tables, and never alters a Jobmon table, so
// the Python server keeps working on the same database.
#include <string>
#include <vector>

#include "jobmon/orm/database.h"

namespace jobmon::orm {

// One version step of the tables a plugin owns: the SQL of each backend (one or more statements
// separated by ';').
struct PluginTablesMigration {
  int version = 0;  // 1, 2, 3, ... ascending, no gaps
  std::string sqlite, postgresql, mysql;
};

// Brings `plugin`'s tables to the newest version in `migrations` and returns it. Each pending
// step runs in a write transaction of its own together with the bookkeeping row, in ascending
// order; processes (replicas) starting at once on one database apply each step once. MySQL
// commits DDL implicitly: a step interrupted there may have left its first tables behind, so
// steps should say CREATE TABLE IF NOT EXISTS.
// A database opened with DatabaseConfig::create_schema false (jobmond check-config) is only
// verified: nothing is created or changed, and tables behind the newest version are refused.
// Throws ConfigError, naming the plugin, for a bad declaration (empty name or one over 64
// characters; versions not 1..N; a step without SQL for the database's backend) and for a
// database whose tables are newer than `migrations` know; a failing step throws the orm error of
// its SQL (DatabaseError, LockConflict, DatabaseUnavailable) after rolling it back.
// Called from a plugin's register(), before it serves; thread-safe like every orm call.
JOBMON_ORM_EXPORT int migrate_plugin_tables(Database& db, const std::string& plugin,
                                            const std::vector<PluginTablesMigration>& migrations);

}  // namespace jobmon::orm
