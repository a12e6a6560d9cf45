#pragma once
// Backend-parameterised database suites (the SOCI way: one suite, run on every backend).
// INSTANTIATE_TEST_SUITE_P(..., ::testing::ValuesIn(jobmon::testing::test_backends())).
#include <memory>
#include <string>
#include <vector>

#include "jobmon/orm/database.h"
#include "test_database.h"

namespace jobmon::testing {

// {"sqlite"} plus "postgresql" when JOBMON_TEST_POSTGRES_URI is set, "mysql" when
// JOBMON_TEST_MYSQL_URI is set.
inline std::vector<std::string> test_backends() { return http_test_backends(); }

// A fresh database with the schema applied, opened through the orm with a pool of `pool_size`.
// The underlying TestDatabase lives until the process exits (then a PostgreSQL one is dropped).
std::unique_ptr<orm::Database> open_fresh_database(const std::string& backend,
                                                   std::size_t pool_size = 4);

}  // namespace jobmon::testing
