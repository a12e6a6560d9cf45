// The operator commands of the jobmond binary: routes, check-config, init-db.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace jobmon::host {
namespace {

struct CommandRun {
  int status = -1;
  std::string out;  // stdout and stderr
};

CommandRun jobmond(const std::string& args) {
  const std::string command = std::string(JOBMOND_TEST_BINARY) + " " + args +
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
  EXPECT_NE(v3.out.find(" compat "), std::string::npos);
  EXPECT_EQ(v3.out.find("/api/v2/"), std::string::npos);

  CommandRun bad = jobmond("routes --plugins nosuch");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.out.find("nosuch"), std::string::npos) << bad.out;
}

TEST(CommandsTest, InitDbThenCheckConfig) {
  const std::string db = temp_db("init.sqlite");
  CommandRun init = jobmond("init-db --db " + db);
  ASSERT_EQ(init.status, 0) << init.out;
  EXPECT_NE(init.out.find("schema ready"), std::string::npos);
  CommandRun again = jobmond("init-db --db " + db);  // verifying an existing schema
  EXPECT_EQ(again.status, 0) << again.out;

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
      EXPECT_NE(out.find("schema ready"), std::string::npos) << out;
    }
    CommandRun check = jobmond("check-config --db " + db);
    EXPECT_EQ(check.status, 0) << check.out;
  }
}

}  // namespace
}  // namespace jobmon::host
