// Processes that start at once on one SQLite file that does not exist yet (docs/reliability.md,
// "A start that cannot work is refused"; docs/deployment.md, "The workflow reaper"): a check, a
// start that fails or a reaper beside a server starting never take the server's file from it.
// Each race is run for many rounds: the bad interleavings are a few milliseconds wide.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "http_client.h"
#include "jobmond_process.h"
#include "taken_port.h"

namespace jobmon::host {
namespace {

namespace fs = std::filesystem;
using testing::HttpClient;
using testing::JobmondProcess;

constexpr int kRounds = 20;

// A jobmond command started in the background; finish() waits for its end.
class Command {
 public:
  explicit Command(const std::string& args) {
    const std::string command = std::string(JOBMOND_TEST_BINARY) + " " + args +
                                " --plugin-dir " JOBMOND_TEST_PLUGIN_DIR " 2>&1";
    pipe_ = ::popen(command.c_str(), "r");
  }
  ~Command() {
    if (pipe_ != nullptr) finish();
  }
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;

  bool started() const { return pipe_ != nullptr; }
  // The exit status (-1 when killed by a signal); output() then holds stdout and stderr.
  int finish() {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe_) != nullptr) out_ += buf;
    const int status = ::pclose(pipe_);
    pipe_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  const std::string& output() const { return out_; }

 private:
  FILE* pipe_ = nullptr;
  std::string out_;
};

class NewFileRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jobmond-race-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(int round) const {
    return (dir_ / ("round-" + std::to_string(round) + ".sqlite")).string();
  }

  // What is wrong with the server's database file afterwards: it must still be on disk, hold the
  // schema, be the very file the server has open, and the server must answer from it.
  static std::string problems(const JobmondProcess& server, const std::string& path) {
    std::string found;
    if (!fs::exists(path)) found += "the file is gone; ";
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(server.pid()) + "/fd")) {
      std::error_code ec;
      const std::string target = fs::read_symlink(fd.path(), ec).string();
      if (target.rfind(path, 0) == 0 && target.find(" (deleted)") != std::string::npos) {
        found += "the server has a removed file open: " + target + "; ";
        break;
      }
    }
    if (HttpClient(server.port()).get("/api/v2/health").status != 200) {
      found += "the server does not answer /api/v2/health; ";
    }
    Command verify("init-db --db sqlite:///" + path);
    verify.finish();
    if (verify.output().find("verified the existing Jobmon schema") == std::string::npos) {
      found += "no schema in the file: " + verify.output();
    }
    return found;
  }

  fs::path dir_;
};

TEST_F(NewFileRaceTest, CheckConfigBesideAStartingServerLeavesItsFile) {
  for (int round = 0; round < kRounds; ++round) {
    const std::string path = file(round);
    Command check("check-config --db sqlite:///" + path);
    ASSERT_TRUE(check.started());
    JobmondProcess server({"--db", "sqlite:///" + path});
    EXPECT_EQ(check.finish(), 0) << "round " << round << ": " << check.output();
    EXPECT_EQ(problems(server, path), "") << "round " << round;
  }
}

TEST_F(NewFileRaceTest, AStartRefusedForATakenPortBesideAStartingServerLeavesItsFile) {
  const jobmon::testing::TakenPort taken;
  const std::string& port = taken.port();
  for (int round = 0; round < kRounds; ++round) {
    const std::string path = file(round);
    Command refused("--host 127.0.0.1 --port " + port + " --db sqlite:///" + path);
    ASSERT_TRUE(refused.started());
    JobmondProcess server({"--db", "sqlite:///" + path});
    EXPECT_EQ(refused.finish(), 1) << "round " << round << ": " << refused.output();
    EXPECT_NE(refused.output().find("Address already in use"), std::string::npos)
        << refused.output();
    EXPECT_EQ(problems(server, path), "") << "round " << round;
  }
}

TEST_F(NewFileRaceTest, ReaperOnceBesideAStartingServerFindsTheSchema) {
  for (int round = 0; round < kRounds; ++round) {
    const std::string path = file(round);
    Command reaper("reaper --once --reaper-sweep-pause 0 --db sqlite:///" + path);
    ASSERT_TRUE(reaper.started());
    JobmondProcess server({"--db", "sqlite:///" + path});
    EXPECT_EQ(reaper.finish(), 0) << "round " << round << ": " << reaper.output();
    EXPECT_EQ(problems(server, path), "") << "round " << round;
  }
}

}  // namespace
}  // namespace jobmon::host
