#include <gtest/gtest.h>

#include "jobmon/orm/database.h"

namespace jobmon::orm {
namespace {

TEST(DatabaseUriTest, SqliteAbsoluteRelativeAndMemory) {
  auto abs = parse_database_uri("sqlite:////var/lib/jobmon/jobmon.sqlite");
  EXPECT_EQ(abs.backend, Backend::kSqlite);
  EXPECT_EQ(abs.soci_connect, "db=/var/lib/jobmon/jobmon.sqlite timeout=10");
  EXPECT_EQ(parse_database_uri("sqlite:///jobmon.sqlite").soci_connect,
            "db=jobmon.sqlite timeout=10");
  EXPECT_EQ(parse_database_uri("sqlite:///:memory:").soci_connect, "db=:memory: timeout=10");
}

TEST(DatabaseUriTest, PostgresqlWithPasswordPortAndSocket) {
  auto pg = parse_database_uri("postgresql+psycopg2://svc:s%40cret@db.example:5433/jobmon");
  EXPECT_EQ(pg.backend, Backend::kPostgresql);
  EXPECT_EQ(pg.soci_connect,
            "dbname=jobmon user=svc password=s@cret host=db.example port=5433 connect_timeout=5 "
            "application_name=jobmond");
  EXPECT_EQ(pg.redacted, "postgresql+psycopg2://svc:***@db.example:5433/jobmon");
  auto sock = parse_database_uri("postgresql://jobmond@/jobmon_test?host=/tmp/pg");
  EXPECT_EQ(sock.soci_connect,
            "dbname=jobmon_test user=jobmond host=/tmp/pg connect_timeout=5 "
            "application_name=jobmond");
}

TEST(DatabaseUriTest, MysqlPymysqlForm) {
  auto my = parse_database_uri("mysql+pymysql://jobmon:pw@127.0.0.1:3306/docker");
  EXPECT_EQ(my.backend, Backend::kMysql);
  EXPECT_EQ(my.soci_connect,
            "db=docker user=jobmon password=pw host=127.0.0.1 port=3306 charset=utf8mb4");
  EXPECT_EQ(my.redacted, "mysql+pymysql://jobmon:***@127.0.0.1:3306/docker");
}

TEST(DatabaseUriTest, UnsupportedSchemeIsAClearConfigError) {
  try {
    parse_database_uri("oracle://scott:tiger@host/db");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("unsupported database URI scheme 'oracle'"), std::string::npos) << what;
    EXPECT_EQ(what.find("tiger"), std::string::npos) << "password leaked: " << what;
  }
  EXPECT_THROW(parse_database_uri("jobmon.sqlite"), ConfigError);
}

}  // namespace
}  // namespace jobmon::orm
