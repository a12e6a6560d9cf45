#include "test_databases.h"

namespace jobmon::testing {

std::unique_ptr<orm::Database> open_fresh_database(const std::string& backend,
                                                   std::size_t pool_size) {
  // Kept until exit: the orm Database the caller gets must be able to outlive any scope here.
  static std::vector<std::unique_ptr<TestDatabase>> keep;
  keep.push_back(std::make_unique<TestDatabase>(backend));
  orm::DatabaseConfig config;
  config.uri = keep.back()->uri();
  config.pool_size = pool_size;
  return orm::Database::open(config);
}

}  // namespace jobmon::testing
