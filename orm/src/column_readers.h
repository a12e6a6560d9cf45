#pragma once
// Reading and writing one column of a soci::values whatever type the backend reports for it.
// SOCI's typed reads demand the exact type (docs/dependencies.md §4.3): SQLite reports INTEGER
// columns as dt_integer, PostgreSQL SERIAL/INTEGER as dt_integer but BIGINT, BIGSERIAL and
// aggregates as dt_long_long, and timestamps as text on SQLite but as std::tm (dt_date) on
// PostgreSQL and MySQL. Internal to liborm.
#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "jobmon/orm/errors.h"  // JOBMON_ORM_EXPORT

namespace jobmon::orm::detail {

JOBMON_ORM_EXPORT std::optional<std::int64_t> read_optional_int(const soci::values& v,
                                                                const std::string& col);
JOBMON_ORM_EXPORT std::optional<std::string> read_optional_text(const soci::values& v,
                                                                const std::string& col);
// Timestamps as "YYYY-MM-DD HH:MM:SS" on every backend.
JOBMON_ORM_EXPORT std::optional<std::string> read_optional_time(const soci::values& v,
                                                                const std::string& col);

// NOT NULL columns; a NULL there is a corrupt row (DatabaseError).
JOBMON_ORM_EXPORT std::int64_t read_int(const soci::values& v, const std::string& col);
JOBMON_ORM_EXPORT std::string read_text(const soci::values& v, const std::string& col);
JOBMON_ORM_EXPORT std::string read_time(const soci::values& v, const std::string& col);

JOBMON_ORM_EXPORT void write_column(soci::values& v, const std::string& col, std::int64_t value);
JOBMON_ORM_EXPORT void write_column(soci::values& v, const std::string& col,
                                    const std::string& value);
JOBMON_ORM_EXPORT void write_column(soci::values& v, const std::string& col,
                                    const std::optional<std::int64_t>& value);
JOBMON_ORM_EXPORT void write_column(soci::values& v, const std::string& col,
                                    const std::optional<std::string>& value);

}  // namespace jobmon::orm::detail
