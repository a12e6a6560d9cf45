#include "schema.h"

#include <string>
#include <vector>

#include "embedded_schema.h"
#include "jobmon/orm/errors.h"

namespace jobmon::orm::detail {

namespace {

// Splits the schema file into statements: one per ";" at the end of a line, without comment
// lines and without the file's own BEGIN/COMMIT (the caller owns the transaction).
std::vector<std::string> statements(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto eol = text.find('\n', pos);
    std::string line = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    pos = eol == std::string::npos ? text.size() : eol + 1;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line + "\n";
    auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      std::string stmt = current.substr(0, current.find_last_of(';'));
      current.clear();
      if (stmt == "BEGIN" || stmt == "COMMIT" || stmt == "START TRANSACTION") continue;
      // PostgreSQL's Alembic output returns the inserted version; we need no result.
      auto ret = stmt.find(" RETURNING ");
      if (ret != std::string::npos) stmt = stmt.substr(0, ret);
      out.push_back(stmt);
    }
  }
  return out;
}

int count_tables(soci::session& sql, Backend backend) {
  int n = 0;
  switch (backend) {
    case Backend::kSqlite:
      sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
          soci::into(n);
      break;
    case Backend::kPostgresql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
             "current_schema() AND table_type = 'BASE TABLE'",
          soci::into(n);
      break;
    case Backend::kMysql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE()",
          soci::into(n);
      break;
  }
  return n;
}

bool has_alembic_table(soci::session& sql, Backend backend) {
  int n = 0;
  switch (backend) {
    case Backend::kSqlite:
      sql << "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
             "'alembic_version'",
          soci::into(n);
      break;
    case Backend::kPostgresql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
             "current_schema() AND table_name = 'alembic_version'",
          soci::into(n);
      break;
    case Backend::kMysql:
      sql << "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
             "AND table_name = 'alembic_version'",
          soci::into(n);
      break;
  }
  return n > 0;
}

void check_existing(soci::session& sql, Backend backend, int tables) {
  if (!has_alembic_table(sql, backend)) {
    throw ConfigError("the database has " + std::to_string(tables) +
                      " tables but no alembic_version table: it is not a Jobmon database");
  }
  std::vector<std::string> versions(8);
  sql << "SELECT version_num FROM alembic_version", soci::into(versions);
  if (!sql.got_data()) versions.clear();  // SOCI keeps the initial size when no row came
  if (versions.size() != 1 || versions[0] != kAlembicHead) {
    std::string found = versions.empty() ? "none" : versions[0];
    throw ConfigError("the database is at alembic revision " + found +
                      "; jobmond supports revision " + kAlembicHead +
                      " (run `jobmon_server upgrade_db` or use an empty database)");
  }
}

}  // namespace

void ensure_schema(soci::session& sql, Backend backend) {
  // The write lock makes concurrent first starts safe: the loser waits, then sees the tables.
  if (backend == Backend::kSqlite) {
    sql << "BEGIN IMMEDIATE";
  } else {
    sql.begin();
  }
  try {
    if (backend == Backend::kPostgresql) sql << "SELECT pg_advisory_xact_lock(4762850)";
    int tables = count_tables(sql, backend);
    if (tables == 0) {
      for (const std::string& stmt : statements(schema_sql(backend))) sql << stmt;
    } else {
      check_existing(sql, backend, tables);
    }
    sql.commit();
  } catch (...) {
    try {
      sql.rollback();
    } catch (...) {
      // The original error says more than a failed rollback.
    }
    throw;
  }
}

}  // namespace jobmon::orm::detail
