#pragma once
// Errors raised by the orm layer. Exported from liborm.so (out-of-line key functions) so that
// plugins throw them and the host catches them by type. The host maps them to HTTP:
//   NotFound -> 404, InvalidTransition -> 400 (routes usually catch it first),
//   LockConflict -> 423 (the Jobmon client retries), DatabaseUnavailable -> 503,
//   InvalidValue -> 400,
//   DatabaseError and anything else -> 500 without the text (it may hold SQL and bound values).
#include <stdexcept>
#include <string>

#define JOBMON_ORM_EXPORT __attribute__((visibility("default")))

namespace jobmon::orm {

class JOBMON_ORM_EXPORT DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  ~DatabaseError() override;
};

// A row that must exist does not. The message is safe to show to a client.
class JOBMON_ORM_EXPORT NotFound : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
  ~NotFound() override;
};

// Deadlock, lock timeout, serialization failure or SQLITE_BUSY that survived the bounded retries.
class JOBMON_ORM_EXPORT LockConflict : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
  ~LockConflict() override;
};

// No connection to the database could be had (server down, pool exhausted past its timeout).
class JOBMON_ORM_EXPORT DatabaseUnavailable : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
  ~DatabaseUnavailable() override;
};

// A state-machine transition that is neither valid nor untimely. The message is the reference's
// "Cannot transition Task id: 7 from R to R" form.
class JOBMON_ORM_EXPORT InvalidTransition : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
  ~InvalidTransition() override;
};

// A value the database refused as data: too long for its column, out of range, not valid
// text (PostgreSQL SQLSTATE class 22, MySQL's "Data too long" and kin). Values come from
// requests, so the host answers 400; the message (which can quote the value) is only logged.
class JOBMON_ORM_EXPORT InvalidValue : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
  ~InvalidValue() override;
};

// Configuration that cannot work (unsupported URI scheme, schema from another revision, ...).
// Fatal at start-up; the message names the problem.
class JOBMON_ORM_EXPORT ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  ~ConfigError() override;
};

}  // namespace jobmon::orm
