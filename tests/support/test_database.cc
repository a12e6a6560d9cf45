#include "test_database.h"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace jobmon::testing {

namespace {

const char* env_uri(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}
const char* postgres_uri() { return env_uri("JOBMON_TEST_POSTGRES_URI"); }
const char* mysql_uri() { return env_uri("JOBMON_TEST_MYSQL_URI"); }

// Replaces the database name of a postgresql:// URI: the path segment after the authority.
std::string with_database(const std::string& uri, const std::string& db) {
  auto scheme_end = uri.find("://");
  auto path_start = uri.find('/', scheme_end + 3);
  auto query_start = uri.find('?', scheme_end + 3);
  if (path_start == std::string::npos ||
      (query_start != std::string::npos && path_start > query_start)) {
    path_start = query_start == std::string::npos ? uri.size() : query_start;
    return uri.substr(0, path_start) + "/" + db + uri.substr(path_start);
  }
  auto path_end = query_start == std::string::npos ? uri.size() : query_start;
  return uri.substr(0, path_start + 1) + db + uri.substr(path_end);
}

std::unique_ptr<soci::session> connect(const std::string& uri) {
  auto parsed = orm::parse_database_uri(uri);
  auto s = std::make_unique<soci::session>(orm::backend_name(parsed.backend), parsed.soci_connect);
  // Tests quote identifiers the standard way, as jobmond's own sessions do.
  if (parsed.backend == orm::Backend::kMysql) {
    *s << "SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES,PIPES_AS_CONCAT')";
  }
  return s;
}

}  // namespace

std::vector<std::string> http_test_backends() {
  std::vector<std::string> b = {"sqlite"};
  if (postgres_uri() != nullptr) b.push_back("postgresql");
  if (mysql_uri() != nullptr) b.push_back("mysql");
  return b;
}

TestDatabase::TestDatabase(const std::string& backend) : backend_(backend) {
  static std::atomic<int> counter{0};
  if (backend == "sqlite") {
    char tmpl[] = "/tmp/jobmond-db.XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    uri_ = "sqlite:///" + dir_ + "/jobmon.sqlite";
  } else if (backend == "postgresql" || backend == "mysql") {
    const bool mysql = backend == "mysql";
    const char* server = mysql ? mysql_uri() : postgres_uri();
    if (server == nullptr) {
      throw std::runtime_error(mysql ? "JOBMON_TEST_MYSQL_URI not set"
                                     : "JOBMON_TEST_POSTGRES_URI not set");
    }
    admin_uri_ = server;
    name_ = "jobmond_t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    auto admin = connect(admin_uri_);
    *admin << "DROP DATABASE IF EXISTS " + name_;
    *admin << "CREATE DATABASE " + name_ + (mysql ? " CHARACTER SET utf8mb4" : "");
    uri_ = with_database(admin_uri_, name_);
  } else {
    throw std::runtime_error("unknown test backend " + backend);
  }
}

TestDatabase::~TestDatabase() {
  session_.reset();
  try {
    if (!name_.empty()) {
      auto admin = connect(admin_uri_);
      // Sessions of a jobmond that was SIGKILLed may linger briefly.
      if (backend_ == "postgresql") {
        *admin << "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                      name_ + "' AND pid <> pg_backend_pid()";
      }
      *admin << "DROP DATABASE IF EXISTS " + name_;
    }
  } catch (...) {
    // A leftover test database on a throwaway cluster is harmless.
  }
  if (!dir_.empty()) {
    std::string cmd = "rm -rf '" + dir_ + "'";
    if (std::system(cmd.c_str()) != 0) {
      // Harmless leftover temp dir.
    }
  }
}

soci::session& TestDatabase::sql() {
  if (!session_) session_ = connect(uri_);
  return *session_;
}

}  // namespace jobmon::testing
