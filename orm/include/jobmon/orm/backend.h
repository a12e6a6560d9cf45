#pragma once
// The database engines jobmond runs on. Its own header so that the orm's SQL helpers (dialect,
// schema, insert_rows) name an engine without depending on the connection pool in database.h.
#include "jobmon/orm/errors.h"

namespace jobmon::orm {

enum class Backend { kSqlite, kPostgresql, kMysql };
JOBMON_ORM_EXPORT const char* backend_name(Backend b);

}  // namespace jobmon::orm
