#pragma once
// A fresh, empty database per test, named by URI so that a jobmond child process can use it.
//   "sqlite":     a file in a private temp dir;
//   "postgresql": a new database on the throwaway cluster named by $JOBMON_TEST_POSTGRES_URI,
//                 dropped when the TestDatabase dies (each ctest test is its own process, so
//                 names carry the pid);
//   "mysql":      likewise, on the throwaway MariaDB named by $JOBMON_TEST_MYSQL_URI.
// The schema is created by whoever opens it first (jobmond at start-up, or open()).
#include <memory>
#include <string>
#include <vector>

#include "jobmon/orm/database.h"

namespace soci {
class session;
}

namespace jobmon::testing {

// {"sqlite"} plus "postgresql" when JOBMON_TEST_POSTGRES_URI is set, "mysql" when
// JOBMON_TEST_MYSQL_URI is set.
std::vector<std::string> http_test_backends();

class TestDatabase {
 public:
  explicit TestDatabase(const std::string& backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& uri() const { return uri_; }
  const std::string& backend() const { return backend_; }
  // A direct SOCI session on the database, for arranging rows and asserting on them.
  soci::session& sql();

 private:
  std::string backend_;
  std::string uri_;
  std::string admin_uri_;  // PostgreSQL: the database we connect to for CREATE/DROP
  std::string name_;
  std::string dir_;
  std::unique_ptr<soci::session> session_;
};

}  // namespace jobmon::testing
