// The operator commands of the jobmond binary (routes, check-config, init-db), and how a start
// that cannot work is refused: what the message names, and what it leaves behind.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "taken_port.h"

namespace jobmon::host {
namespace {

namespace fs = std::filesystem;

struct CommandRun {
  int status = -1;
  std::string out;  // stdout and stderr
};

// Runs jobmond to its end. `prefix` goes before the binary (e.g. to run it as another user).
CommandRun jobmond(const std::string& args, const std::string& prefix = "") {
  const std::string command = prefix + std::string(JOBMOND_TEST_BINARY) + " " + args +
                              " --plugin-dir " JOBMOND_TEST_PLUGIN_DIR " 2>&1";
  CommandRun r;
  FILE* p = ::popen(command.c_str(), "r");
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) r.out += buf;
  const int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string temp_db(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("jobmond-cmd-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return "sqlite:///" + (dir / name).string();
}

TEST(CommandsTest, RoutesListsWhatThePluginListServes) {
  CommandRun v2 = jobmond("routes --plugins v2");
  ASSERT_EQ(v2.status, 0) << v2.out;
  EXPECT_NE(v2.out.find("POST   /api/v2/task_instance/{task_instance_id:int}/log_running"),
            std::string::npos)
      << v2.out;
  EXPECT_NE(v2.out.find("routes from plugins v2\n"), std::string::npos);
  EXPECT_EQ(v2.out.find("/api/v3/"), std::string::npos);

  CommandRun v3 = jobmond("routes --plugins v3,compat");
  ASSERT_EQ(v3.status, 0) << v3.out;
  EXPECT_NE(v3.out.find("/api/v3/array/{array_id:int}/transition_to_killed"), std::string::npos);
  EXPECT_NE(v3.out.find(" v3 "), std::string::npos);
  EXPECT_EQ(v3.out.find("/api/v2/"), std::string::npos);

  CommandRun bad = jobmond("routes --plugins nosuch");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("nosuch"), std::string::npos) << bad.out;
}

TEST(CommandsTest, InitDbThenCheckConfig) {
  const std::string db = temp_db("init.sqlite");
  // Before init-db: the check opens no file that does not exist (a server may be making it).
  CommandRun before = jobmond("check-config --db " + db);
  ASSERT_EQ(before.status, 0) << before.out;
  EXPECT_NE(before.out.find("not created yet"), std::string::npos) << before.out;
  EXPECT_FALSE(std::filesystem::exists(db.substr(std::string("sqlite:///").size())));
  CommandRun init = jobmond("init-db --db " + db);
  ASSERT_EQ(init.status, 0) << init.out;
  EXPECT_NE(init.out.find("created the Jobmon schema in " + db), std::string::npos) << init.out;
  CommandRun again = jobmond("init-db --db " + db);  // verifying an existing schema
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_NE(again.out.find("verified the existing Jobmon schema in " + db), std::string::npos)
      << again.out;

  CommandRun check = jobmond("check-config --db " + db);
  ASSERT_EQ(check.status, 0) << check.out;
  EXPECT_NE(check.out.find("reachable"), std::string::npos);
  EXPECT_NE(check.out.find("configuration OK"), std::string::npos);
}

TEST(CommandsTest, CheckConfigMasksSecretsAndFails) {
  CommandRun r =
      jobmond("check-config --db postgresql://jobmond:hunter2@/nodb?host=/nonexistent-socket-dir");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("***"), std::string::npos) << r.out;

  CommandRun auth = jobmond("check-config --db " + temp_db("auth.sqlite") +
                            " --auth-mode bearer --auth-jwt-secret-file /nonexistent/secret");
  EXPECT_EQ(auth.status, 2);  // a configuration error
  EXPECT_NE(auth.out.find("/nonexistent/secret"), std::string::npos) << auth.out;

  CommandRun unknown = jobmond("frobnicate");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.out.find("unknown command"), std::string::npos);
}

// Several processes opening one SQLite file that does not exist yet, at once, as two servers,
// or a server and init-db, do on a fresh install: each waits for the others and finds one schema.
// Once a race lost 3 starts in 10 ("database is locked" at the switch to WAL); 20 rounds of 4
// processes make a race of that size certain to show.
TEST(CommandsTest, InitDbFromSeveralProcessesAtOnceOnANewFile) {
  constexpr int kRounds = 20;
  constexpr int kProcesses = 4;
  for (int round = 0; round < kRounds; ++round) {
    const std::string db = temp_db("race-" + std::to_string(round) + ".sqlite");
    std::vector<FILE*> pipes;
    for (int i = 0; i < kProcesses; ++i) {
      const std::string command = std::string(JOBMOND_TEST_BINARY) + " init-db --db " + db +
                                  " --plugin-dir " JOBMOND_TEST_PLUGIN_DIR " 2>&1";
      pipes.push_back(::popen(command.c_str(), "r"));  // each starts at once; read below
      ASSERT_NE(pipes.back(), nullptr);
    }
    for (FILE* p : pipes) {
      std::string out;
      char buf[4096];
      while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
      const int status = ::pclose(p);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "round " << round << ": " << out;
      // Each process either created the schema or verified the one another had created.
      EXPECT_TRUE(out.find("created the Jobmon schema in") != std::string::npos ||
                  out.find("verified the existing Jobmon schema in") != std::string::npos)
          << out;
    }
    CommandRun check = jobmond("check-config --db " + db);
    EXPECT_EQ(check.status, 0) << check.out;
  }
}

// Every flag with its variables and where its value came from; a ?password= masked like the
// user-info form.
TEST(CommandsTest, CheckConfigListsEverySettingAndWhereItCameFrom) {
  const std::string db = temp_db("sources.sqlite");
  CommandRun r =
      jobmond("check-config --threads 3 --db " + db, "JOBMOND_PORT=9123 JOBMON__DB__POOL_SIZE=4 ");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("listen            127.0.0.1:9123"), std::string::npos) << r.out;
  // A row: the flag, where its value came from, its variables.
  auto row = [&r](const std::string& flag) {
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string first, from, variables;
      words >> first >> from;
      std::getline(words, variables);
      if (first == flag) return std::make_pair(from, variables);
    }
    return std::make_pair(std::string("(not listed)"), std::string());
  };
  EXPECT_EQ(row("--port").first, "JOBMOND_PORT");
  EXPECT_EQ(row("--threads").first, "--threads");
  EXPECT_EQ(row("--pool-size").first, "JOBMON__DB__POOL_SIZE");
  EXPECT_EQ(row("--host").first, "default");
  EXPECT_NE(row("--db").second.find("JOBMOND_DB, JOBMON__DB__SQLALCHEMY_DATABASE_URI"),
            std::string::npos);
  for (const char* flag : {"--log-file", "--auth-mode", "--cors-allowed-origins",
                           "--keepalive-timeout", "--drain-timeout", "--auth-jwks-file"}) {
    EXPECT_EQ(row(flag).first, "default") << flag << " not listed:\n" << r.out;
  }

  CommandRun pg = jobmond(
      "check-config --db "
      "'postgresql://jobmond@/nodb?host=/nonexistent-socket-dir&password=hunter2'");
  EXPECT_EQ(pg.status, 1);
  EXPECT_EQ(pg.out.find("hunter2"), std::string::npos) << pg.out;
  EXPECT_NE(pg.out.find("password=***"), std::string::npos) << pg.out;
}

// A private directory for one test, reachable by every user (the tests below run jobmond as
// another user when they run as root, whom no permission stops).
class StartupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/jobmond-start.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Runs jobmond as a user who may not write what the test made read-only: nobody when the
  // test runs as root, else the test's own user.
  CommandRun as_other_user(const std::string& args) {
    return jobmond(args,
                   ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "");
  }
  std::string other_user() const { return ::geteuid() == 0 ? "user nobody" : "user "; }
  // Takes write permission away from `p` for the other user.
  static void make_read_only(const fs::path& p) {
    fs::permissions(p, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
  }
  fs::path dir_;
};

// A database made by root (sudo jobmond init-db) and served by the service's user: refused at
// start with the file and the user named, instead of answering every write 500.
TEST_F(StartupTest, ReadOnlySqliteDatabaseIsRefusedNamingTheFileAndTheUser) {
  const fs::path file = dir_ / "jobmon.sqlite";
  ASSERT_EQ(jobmond("init-db --db sqlite:///" + file.string()).status, 0);
  make_read_only(file);
  CommandRun r = as_other_user("--port 0 --db sqlite:///" + file.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find(file.string() + ": "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(other_user()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot write the database file"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("listening"), std::string::npos) << r.out;

  // The file is writable but the -wal and -shm beside it cannot be created.
  fs::permissions(file, fs::perms::all, fs::perm_options::add);
  make_read_only(dir_);
  r = as_other_user("--port 0 --db sqlite:///" + file.string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("cannot create the write-ahead log jobmon.sqlite-wal"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(other_user()), std::string::npos) << r.out;
}

// SQLite's own "unable to open database file" does not say which of these it is.
TEST_F(StartupTest, UnopenableSqliteDatabaseSaysWhy) {
  CommandRun missing = jobmond("init-db --db sqlite:///" + (dir_ / "no/such/j.sqlite").string());
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find((dir_ / "no/such").string() + ": the directory does not exist"),
            std::string::npos)
      << missing.out;
  CommandRun directory = jobmond("init-db --db sqlite:///" + dir_.string());
  EXPECT_EQ(directory.status, 1);
  EXPECT_NE(directory.out.find(dir_.string() + ": is a directory"), std::string::npos)
      << directory.out;
  make_read_only(dir_);
  CommandRun denied = as_other_user("init-db --db sqlite:///" + (dir_ / "j.sqlite").string());
  EXPECT_EQ(denied.status, 1);
  EXPECT_NE(denied.out.find("Permission denied"), std::string::npos) << denied.out;
  EXPECT_NE(denied.out.find("cannot create the database file j.sqlite"), std::string::npos)
      << denied.out;
  EXPECT_FALSE(fs::exists(dir_ / "j.sqlite"));
}

TEST_F(StartupTest, RefusedPluginLeavesNoNewDatabaseFile) {
  CommandRun r =
      jobmond("--port 0 --plugins v2,nosuch --db sqlite:///" + (dir_ / "new.sqlite").string());
  EXPECT_EQ(r.status, 3) << r.out;
  EXPECT_NE(r.out.find("nosuch"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_empty(dir_)) << "left behind: " << fs::directory_iterator(dir_)->path();
  EXPECT_EQ(r.out.find("draining"), std::string::npos) << r.out;
}

TEST_F(StartupTest, AdminPluginNeedsAuthenticationOrAdminOpen) {
  const std::string db = " --db sqlite:///" + (dir_ / "new.sqlite").string();
  CommandRun r = jobmond("--port 0 --plugins v2,v3,admin" + db);
  EXPECT_EQ(r.status, 3) << r.out;
  EXPECT_NE(r.out.find("plugin 'admin' serves administrative routes, but authentication is "
                       "disabled"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("--admin-open true"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_empty(dir_));
  r = jobmond("--port 0 --plugins v3,admin --auth-mode trusted_header" + db);
  EXPECT_EQ(r.status, 3) << r.out;
  EXPECT_NE(r.out.find("no admin group is configured"), std::string::npos) << r.out;
  // Listing the routes serves nothing, so it lists them whatever the authentication.
  r = jobmond("routes --plugins v3,compat,admin");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("POST   /api/admin/workflow/{workflow_id:int}/kill"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("GET    /api/admin/history"), std::string::npos) << r.out;
}

TEST_F(StartupTest, AddressInUseNamesTheAddress) {
  const jobmon::testing::TakenPort taken;
  const std::string& port = taken.port();
  CommandRun r = jobmond("--host 127.0.0.1 --port " + port + " --db sqlite:///" +
                         (dir_ / "j.sqlite").string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("cannot listen on 127.0.0.1:" + port + ": Address already in use"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("draining"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "j.sqlite"));
}

TEST(CommandsTest, FlagWithoutItsValueSaysSo) {
  for (const char* args : {"--port", "--port --db sqlite:///x.sqlite", "check-config --threads"}) {
    CommandRun r = jobmond(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_NE(r.out.find("needs a value"), std::string::npos) << args << ": " << r.out;
  }
}

}  // namespace
}  // namespace jobmon::host
