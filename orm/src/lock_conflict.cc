#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <string>

#include "jobmon/orm/errors.h"
#include "jobmon/orm/transaction.h"
#include "sql_errors.h"

namespace jobmon::orm::detail {

namespace {

bool contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

SqlErrorKind classify(const std::exception& e) {
  if (dynamic_cast<const LockConflict*>(&e) != nullptr) return SqlErrorKind::kLockConflict;
  if (dynamic_cast<const DatabaseUnavailable*>(&e) != nullptr) return SqlErrorKind::kConnection;
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    if (state == "40P01" || state == "40001" || state == "55P03")
      return SqlErrorKind::kLockConflict;
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03") {
      return SqlErrorKind::kConnection;
    }
    if (state.rfind("22", 0) == 0) return SqlErrorKind::kInvalidValue;  // data exception
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    int code = lite->result() & 0xFF;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return SqlErrorKind::kLockConflict;
  }
  std::string what = e.what();
  // MySQL reports through a backend type we do not link at build time; match its texts
  // (1213 deadlock, 1205 lock wait timeout), and libpq's and MariaDB Connector/C's texts for a
  // dropped connection (2006 "MySQL server has gone away" or "Server has gone away", 2013 "Lost
  // connection to ...", 2002 "Can't connect to ...").
  if (contains(what, "Deadlock found") || contains(what, "Lock wait timeout exceeded") ||
      contains(what, "database is locked") || contains(what, "database table is locked")) {
    return SqlErrorKind::kLockConflict;
  }
  // MySQL 1406, 1264, 1366, 1292 in strict mode.
  if (contains(what, "Data too long for column") || contains(what, "Out of range value") ||
      contains(what, "Incorrect string value") || contains(what, "Incorrect datetime value")) {
    return SqlErrorKind::kInvalidValue;
  }
  if (contains(what, "Cannot establish connection") ||
      contains(what, "server closed the connection") ||
      contains(what, "no connection to the server") ||
      contains(what, "could not connect to server") || contains(what, "Connection refused") ||
      contains(what, "connection to server") || contains(what, "erver has gone away") ||
      contains(what, "Lost connection to") || contains(what, "Can't connect to")) {
    return SqlErrorKind::kConnection;
  }
  return SqlErrorKind::kOther;
}

void rethrow_as_orm_error() {
  try {
    throw;
  } catch (const DatabaseError&) {
    throw;
  } catch (const soci::soci_error& e) {
    switch (classify(e)) {
      case SqlErrorKind::kLockConflict:
        throw LockConflict(e.what());
      case SqlErrorKind::kConnection:
        throw DatabaseUnavailable(e.what());
      case SqlErrorKind::kInvalidValue:
        throw InvalidValue(e.what());
      case SqlErrorKind::kOther:
        throw DatabaseError(e.what());
    }
    throw DatabaseError(e.what());
  }
}

}  // namespace jobmon::orm::detail

namespace jobmon::orm {

bool is_lock_conflict(const std::exception& e) {
  return detail::classify(e) == detail::SqlErrorKind::kLockConflict;
}

}  // namespace jobmon::orm
