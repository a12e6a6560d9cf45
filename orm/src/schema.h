#pragma once
// Creating the schema of an empty database, and recognising an existing Jobmon database.
#include <soci/soci.h>

#include "jobmon/orm/database.h"

namespace jobmon::orm::detail {

// The alembic revision a jobmond database is at (MODEL.md section 1).
inline constexpr const char* kAlembicHead = "4762c850f79c";

// Creates tables and seed rows if the database has no tables; accepts a database whose
// alembic_version is kAlembicHead; otherwise throws ConfigError saying what it found.
// Safe when several processes start on the same empty database at once. True when it created.
bool ensure_schema(soci::session& sql, Backend backend);

}  // namespace jobmon::orm::detail
