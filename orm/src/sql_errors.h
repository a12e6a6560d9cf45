#pragma once
// Classifies SOCI exceptions by backend error code. Internal to liborm.
#include <exception>

namespace jobmon::orm::detail {

enum class SqlErrorKind {
  kLockConflict,  // deadlock, lock timeout, serialization failure, SQLITE_BUSY/LOCKED
  kConnection,    // the database cannot be reached or the connection broke
  kInvalidValue,  // a value refused as data (too long, out of range, bad encoding)
  kOther,
};

SqlErrorKind classify(const std::exception& e);

// Start of the DatabaseUnavailable message for "every pooled connection stayed busy": waiting
// again would only double the wait, unlike after a dead connection.
inline constexpr const char* kPoolExhausted = "no database connection free within ";

// Rethrows the exception being handled as the orm error the host maps to a status:
// LockConflict (423), DatabaseUnavailable (503), InvalidValue (400) or DatabaseError (500). Orm
// errors pass unchanged.
[[noreturn]] void rethrow_as_orm_error();

}  // namespace jobmon::orm::detail
