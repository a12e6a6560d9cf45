#pragma once
// Creating the schema of an empty database, and recognising an existing Jobmon database.
#include <soci/soci.h>

#include <string>

#include "jobmon/orm/backend.h"

namespace jobmon::orm::detail {

// The alembic revision a jobmond database is at (docs/data-model.md §1).
inline constexpr const char* kAlembicHead = "4762c850f79c";

// Creates tables and seed rows if the database has no tables; accepts a database whose
// alembic_version is kAlembicHead; otherwise throws ConfigError saying what it found.
// Safe when several processes start on the same empty database at once. True when it created.
bool ensure_schema(soci::session& sql, Backend backend);

// Whether the database (its current schema) has a table named `name`.
bool table_exists(soci::session& sql, Backend backend, const std::string& name);

}  // namespace jobmon::orm::detail
