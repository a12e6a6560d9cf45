#pragma once
// Every row of every table as text, for asserting that a refused request changed nothing.
#include <string>

namespace soci {
class session;
}

namespace jobmon::testing {

// One line per row, tables in name order, rows in primary-key order. Works on SQLite and
// PostgreSQL.
std::string database_snapshot(soci::session& sql);

}  // namespace jobmon::testing
