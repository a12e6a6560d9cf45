#include "admin/tables.h"

#include <string>

namespace jobmon::admin {

namespace {

// One row per changed field of one row: a status (field "status") or an admin's concurrency
// limit. `id` is each backend's auto-increment key; `in_table` is what MySQL declares inside the
// table (it has no CREATE INDEX IF NOT EXISTS).
std::string history_table(const char* id, const char* date_type, const char* in_table) {
  return std::string("CREATE TABLE IF NOT EXISTS jobmond_admin_status_history (\n  id ") + id +
         ",\n  entity VARCHAR(32) NOT NULL,\n  entity_id BIGINT NOT NULL,\n"
         "  field VARCHAR(32) NOT NULL,\n  from_value VARCHAR(64),\n  to_value VARCHAR(64),\n"
         "  changed_date " +
         date_type +
         " NOT NULL,\n  route VARCHAR(255),\n  plugin VARCHAR(64),\n  username VARCHAR(255),\n"
         "  reason TEXT" +
         in_table + "\n);\n";
}

// Indexed for the history's filters: an entity's rows, a time range, a user's.
constexpr const char* kIndexes =
    "CREATE INDEX IF NOT EXISTS ix_jobmond_admin_status_history_entity "
    "ON jobmond_admin_status_history (entity, entity_id);\n"
    "CREATE INDEX IF NOT EXISTS ix_jobmond_admin_status_history_date "
    "ON jobmond_admin_status_history (changed_date);\n"
    "CREATE INDEX IF NOT EXISTS ix_jobmond_admin_status_history_user "
    "ON jobmond_admin_status_history (username);\n";
constexpr const char* kMysqlIndexes =
    ",\n  INDEX ix_jobmond_admin_status_history_entity (entity, entity_id),\n"
    "  INDEX ix_jobmond_admin_status_history_date (changed_date),\n"
    "  INDEX ix_jobmond_admin_status_history_user (username)";

}  // namespace

const std::vector<orm::PluginTablesMigration>& admin_tables() {
  static const std::vector<orm::PluginTablesMigration> migrations = {
      {1, history_table("INTEGER PRIMARY KEY AUTOINCREMENT", "DATETIME", "") + kIndexes,
       history_table("BIGSERIAL PRIMARY KEY", "TIMESTAMP", "") + kIndexes,
       history_table("BIGINT AUTO_INCREMENT PRIMARY KEY", "DATETIME", kMysqlIndexes)}};
  return migrations;
}

}  // namespace jobmon::admin
