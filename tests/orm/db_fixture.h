#pragma once
// A fresh database per test, on each backend of test_backends(), plus a raw SOCI session on it
// for arranging rows and checking results.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <string>

#include "jobmon/orm/database.h"
#include "test_database.h"

namespace jobmon::testing {

class DbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<TestDatabase>(GetParam());
    orm::DatabaseConfig config;
    config.uri = fresh_->uri();
    config.pool_size = 4;
    db_ = orm::Database::open(config);
  }
  void TearDown() override {
    db_.reset();
    fresh_.reset();
  }
  soci::session& raw() { return fresh_->sql(); }
  bool is_postgres() const { return GetParam() == "postgresql"; }
  bool is_mysql() const { return GetParam() == "mysql"; }
  // A database server (PostgreSQL, MariaDB): connections that can drop, row locks that wait.
  bool is_server() const { return GetParam() != "sqlite"; }

  // A workflow row and `n` task rows in status `status`; returns the first task id.
  long long insert_tasks(int n, const std::string& status = "R") {
    raw() << "INSERT INTO workflow (dag_id, workflow_args_hash, task_hash, "
             "max_concurrently_running, status) VALUES (1, '1', '1', 10, 'R')";
    long long first = 0;
    for (int i = 0; i < n; ++i) {
      raw() << "INSERT INTO task (workflow_id, task_args_hash, name, command, num_attempts, "
               "max_attempts, status) VALUES (1, 'h', 't', 'true', 1, 3, :s)",
          soci::use(status);
      long long id = 0;
      raw() << "SELECT max(id) FROM task", soci::into(id);
      if (i == 0) first = id;
    }
    return first;
  }

  std::unique_ptr<TestDatabase> fresh_;
  std::unique_ptr<orm::Database> db_;
};

}  // namespace jobmon::testing
