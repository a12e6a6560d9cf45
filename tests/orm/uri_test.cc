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

TEST(DatabaseUriTest, SqliteEmptyPathIsMemoryAndServerPartIsRefused) {
  EXPECT_EQ(parse_database_uri("sqlite://").soci_connect, "db=:memory: timeout=10");
  EXPECT_EQ(parse_database_uri("sqlite:///dir with space/j.db").soci_connect,
            "db='dir with space/j.db' timeout=10");
  EXPECT_THROW(parse_database_uri("sqlite://host/j.db"), ConfigError);
}

TEST(DatabaseUriTest, PasswordRunsToTheFirstAtAndIsPercentDecoded) {
  // SQLAlchemy's grammar: ':' and '/' may appear in a password; '@' must be written %40.
  auto pg = parse_database_uri("postgresql://u:p/a:ss%40x@db:5432/jobmon");
  EXPECT_EQ(pg.soci_connect,
            "dbname=jobmon user=u password=p/a:ss@x host=db port=5432 connect_timeout=5 "
            "application_name=jobmond");
  EXPECT_EQ(pg.redacted, "postgresql://u:***@db:5432/jobmon");
  auto quoted = parse_database_uri("postgresql://u:it%27s%20me@db/jobmon");
  EXPECT_NE(quoted.soci_connect.find("password='it\\'s me'"), std::string::npos)
      << quoted.soci_connect;
}

TEST(DatabaseUriTest, NoPasswordMeansNothingToRedact) {
  EXPECT_EQ(parse_database_uri("postgresql://jobmond@/t?host=/tmp/x").redacted,
            "postgresql://jobmond@/t?host=/tmp/x");
  auto plain = parse_database_uri("postgresql://db.example/jobmon");
  EXPECT_EQ(plain.soci_connect,
            "dbname=jobmon host=db.example connect_timeout=5 application_name=jobmond");
}

TEST(DatabaseUriTest, Ipv6HostAndPortFromQuery) {
  auto v6 = parse_database_uri("postgresql://u@[::1]:6543/j");
  EXPECT_EQ(v6.soci_connect,
            "dbname=j user=u host=::1 port=6543 connect_timeout=5 application_name=jobmond");
  auto q = parse_database_uri("postgresql:///j?host=/run/pg&port=5444");
  EXPECT_EQ(q.soci_connect,
            "dbname=j host=/run/pg port=5444 connect_timeout=5 application_name=jobmond");
}

TEST(DatabaseUriTest, MysqlPlainAndUnixSocket) {
  EXPECT_EQ(parse_database_uri("mysql://root@localhost/jobmon").soci_connect,
            "db=jobmon user=root host=localhost charset=utf8mb4");
  EXPECT_EQ(parse_database_uri("mysql+pymysql://j:pw@/jobmon?unix_socket=/run/mysqld/s.sock")
                .soci_connect,
            "db=jobmon user=j password=pw unix_socket=/run/mysqld/s.sock charset=utf8mb4");
}

TEST(DatabaseUriTest, BadPortIsAConfigErrorWithoutThePassword) {
  try {
    parse_database_uri("postgresql://u:secret@db:54x2/j");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("port"), std::string::npos) << what;
    EXPECT_EQ(what.find("secret"), std::string::npos) << what;
  }
}

TEST(DatabaseUriTest, PostgresqlPreparedStatementsCanBeTurnedOff) {
  EXPECT_TRUE(orm::parse_database_uri("postgresql://u@h/db").keep_prepared_statements);
  for (const char* off : {"off", "false", "0"}) {
    orm::ParsedUri p =
        orm::parse_database_uri(std::string("postgresql://u@h/db?prepared_statements=") + off);
    EXPECT_FALSE(p.keep_prepared_statements) << off;
    EXPECT_EQ(p.soci_connect.find("prepared"), std::string::npos) << "not a libpq option";
  }
  EXPECT_TRUE(orm::parse_database_uri("postgresql://u@h/db?prepared_statements=on")
                  .keep_prepared_statements);
  EXPECT_THROW(orm::parse_database_uri("postgresql://u:secret@h/db?prepared_statements=maybe"),
               orm::ConfigError);
}

// A parameter a backend does not take is refused with the list of those it takes: a typo such as
// prepared_statement=off would otherwise change nothing, silently.
TEST(DatabaseUriTest, UnknownParametersAreRefusedNamingTheKnownOnes) {
  const std::pair<const char*, const char*> cases[] = {
      {"postgresql://u:secret@h/db?prepared_statement=off", "prepared_statements, sslmode"},
      {"mysql+pymysql://u:secret@h/db?ssl=true", "unix_socket, user, password, charset, ssl_ca"},
      {"sqlite:////tmp/j.sqlite?mode=ro", "take none"},
  };
  for (const auto& [uri, known] : cases) {
    try {
      parse_database_uri(uri);
      ADD_FAILURE() << "accepted " << uri;
    } catch (const ConfigError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("unknown parameter"), std::string::npos) << what;
      EXPECT_NE(what.find(known), std::string::npos) << what;
      EXPECT_EQ(what.find("secret"), std::string::npos) << what;
    }
  }
}

TEST(DatabaseUriTest, PostgresqlLibpqParametersArePassedOn) {
  auto pg = parse_database_uri(
      "postgresql://u@db/j?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/etc/c.pem"
      "&sslkey=/etc/k.pem&connect_timeout=2&application_name=replica-1"
      "&options=-c%20statement_timeout%3D5s");
  EXPECT_EQ(pg.soci_connect,
            "dbname=j user=u host=db application_name=replica-1 connect_timeout=2 "
            "options='-c statement_timeout=5s' sslcert=/etc/c.pem sslkey=/etc/k.pem "
            "sslmode=verify-full sslrootcert=/etc/ca.pem");
}

TEST(DatabaseUriTest, MysqlTlsAndTimeoutsUnderPymysqlNames) {
  auto my = parse_database_uri(
      "mysql+pymysql://u@db/j?charset=utf8mb4&ssl_ca=/etc/ca.pem&ssl_cert=/etc/c.pem"
      "&ssl_key=/etc/k.pem&connect_timeout=3&read_timeout=30&write_timeout=30");
  EXPECT_EQ(my.soci_connect,
            "db=j user=u host=db connect_timeout=3 read_timeout=30 sslca=/etc/ca.pem "
            "sslcert=/etc/c.pem sslkey=/etc/k.pem write_timeout=30 charset=utf8mb4");
  EXPECT_THROW(parse_database_uri("mysql://u@db/j?charset=latin1"), ConfigError);
  EXPECT_THROW(parse_database_uri("mysql://u@db/j?ssl_cert=/etc/c.pem"), ConfigError);
}

TEST(DatabaseUriTest, PasswordParameterIsRedactedAndNotGivenTwice) {
  auto pg = parse_database_uri("postgresql://u@db/j?sslmode=require&password=s3cret&port=5433");
  EXPECT_EQ(pg.redacted, "postgresql://u@db/j?sslmode=require&password=***&port=5433");
  EXPECT_NE(pg.soci_connect.find("password=s3cret"), std::string::npos);
  try {
    parse_database_uri("mysql://u:first@db/j?pass%77ord=second");
    ADD_FAILURE() << "a password given twice was accepted";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("twice"), std::string::npos) << what;
    EXPECT_EQ(what.find("first"), std::string::npos) << what;
    EXPECT_EQ(what.find("second"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace jobmon::orm
