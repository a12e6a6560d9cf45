// `jobmond reaper` as operators run it, against real databases (SQLite, and PostgreSQL and
// MariaDB when the test servers are up): a run whose heartbeat stops is reaped within one poll
// and announced with the reference's text to a webhook; two reapers never reap a run twice;
// killing the active reaper hands the work over to the standby; SIGTERM stops it promptly, in a
// sweep's pause too.
#include <gtest/gtest.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <regex>
#include <set>
#include <thread>

#include "child_process.h"
#include "jobmon/orm/queries/run.h"
#include "test_database.h"
#include "webhook_sink.h"

namespace jobmon::testing {
namespace {

using namespace std::chrono_literals;

// Polls `done` every 50 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

// `jobmond reaper` polling every 1.2 s, a standby retrying every 0.2 s, in a temp directory.
class ReaperProcess {
 public:
  // `extra` flags come last, and a flag given twice takes its last value.
  ReaperProcess(const std::string& db_uri, std::vector<std::string> extra = {}) {
    char tmpl[] = "/tmp/jobmond-reaper.XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    std::vector<std::string> argv = {JOBMOND_BINARY,
                                     "reaper",
                                     "--db",
                                     db_uri,
                                     "--poll-interval-minutes",
                                     "0.02",
                                     "--reaper-lock-retry",
                                     "0.2",
                                     "--reaper-sweep-pause",
                                     "0",
                                     "--reaper-metrics-file",
                                     metrics_path()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    pid_ = spawn_logged(argv, dir_, dir_ + "/reaper.log");
  }
  ~ReaperProcess() {
    stop_child(pid_, 5000);
    std::string cmd = "rm -rf '" + dir_ + "'";
    if (std::system(cmd.c_str()) != 0) {
      // A temp dir left behind is harmless.
    }
  }
  std::string metrics_path() const { return dir_ + "/reaper.prom"; }
  std::string log() const { return read_whole_file(dir_ + "/reaper.log"); }
  // A sample's value from the metrics file, -1 while the file or the sample is missing.
  long long metric(const std::string& sample) const {
    const std::string text = read_whole_file(metrics_path());
    const std::size_t at = text.find("\n" + sample + " ");
    return at == std::string::npos ? -1 : std::stoll(text.substr(at + sample.size() + 2));
  }
  bool active() const { return metric("jobmond_reaper_active") == 1; }
  bool standing_by() const { return metric("jobmond_reaper_active") == 0; }
  long long reaped() const {
    long long n = 0;
    for (const char* s : {"A", "E", "T"}) {
      n += std::max(0LL,
                    metric(std::string("jobmond_reaper_runs_reaped_total{status=\"") + s + "\"}"));
    }
    return n;
  }
  void kill_hard() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  int terminate() { return stop_child(pid_, 5000); }

 private:
  std::string dir_;
  pid_t pid_ = -1;
};

class ReaperProcessTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    fresh_ = std::make_unique<TestDatabase>(GetParam());
    orm::DatabaseConfig config;
    config.uri = fresh_->uri();
    db_ = orm::Database::open(config);  // the schema, as the server would create it
  }
  soci::session& sql() { return fresh_->sql(); }
  // A workflow named `name` with one run in `status`; overdue or heartbeating far ahead.
  long long add_run(const std::string& name, const std::string& status, bool overdue) {
    sql() << "INSERT INTO workflow (dag_id, workflow_args_hash, task_hash, workflow_args, name, "
             "max_concurrently_running, status) VALUES (1, '1', '1', 'args', :n, 10, 'R')",
        soci::use(name);
    long long wf = 0, run = 0;
    sql() << "SELECT max(id) FROM workflow", soci::into(wf);
    const std::string heartbeat = overdue ? "2000-01-01 00:00:00" : "2999-01-01 00:00:00";
    sql() << "INSERT INTO workflow_run (workflow_id, status, jobmon_server_version, "
             "heartbeat_date) VALUES (:w, :s, '3.4.0', '" +
                 heartbeat + "')",
        soci::use(wf), soci::use(status);
    sql() << "SELECT max(id) FROM workflow_run", soci::into(run);
    return run;
  }
  std::string run_status(long long run) {
    std::string s;
    sql() << "SELECT status FROM workflow_run WHERE id = :id", soci::use(run), soci::into(s);
    return s;
  }
  // The swarm's heartbeat, through the query the server's route runs.
  void heartbeat(long long run, double seconds) {
    orm::with_write_tx(*db_, [&](orm::WriteTx& tx) {
      orm::queries::log_workflow_run_heartbeat(tx, run, "R", seconds);
    });
  }
  std::unique_ptr<TestDatabase> fresh_;
  std::unique_ptr<orm::Database> db_;
};

TEST_P(ReaperProcessTest, RunWhoseHeartbeatStopsIsReapedWithinOnePoll) {
  WebhookSink webhook;
  long long run = add_run("wf", "R", false);
  ReaperProcess reaper(fresh_->uri(),
                       {"--slack-api-url", webhook.url(), "--slack-token", "tok", "--slack-channel",
                        "#jobmon", "--jobmon-server-version", "3.4.0"});
  ASSERT_TRUE(eventually(
      [&] { return reaper.metric("jobmond_reaper_passes_total{result=\"ok\"}") >= 1; }, 20s))
      << reaper.log();
  EXPECT_EQ(run_status(run), "R");  // heartbeating: left alone
  heartbeat(run, 1);                // the last heartbeat: due again in one second
  const auto overdue_at = std::chrono::steady_clock::now() + 1s;
  ASSERT_TRUE(eventually([&] { return run_status(run) == "E"; }, 20s)) << reaper.log();
  // One poll is 1.2 s; allow for the database clock's whole seconds and a slow machine.
  EXPECT_LT(std::chrono::steady_clock::now() - overdue_at, 1200ms + 3s) << reaper.log();
  std::string wf_status;
  sql() << "SELECT status FROM workflow WHERE id = 1", soci::into(wf_status);
  EXPECT_EQ(wf_status, "F");

  ASSERT_TRUE(eventually([&] { return webhook.received().size() >= 2; }, 10s)) << reaper.log();
  auto got = webhook.received();
  EXPECT_EQ(got[0].request_line, "POST /hook HTTP/1.1");
  EXPECT_EQ(got[0].headers["authorization"], "Bearer tok");
  EXPECT_EQ(got[0].headers["content-type"], "application/json");
  EXPECT_EQ(got[0].body, R"({"channel":"#jobmon","text":"Workflow Reaper v3.4.0 is alive"})");
  EXPECT_EQ(got[1].body,
            R"({"channel":"#jobmon","text":"3.4.0 Workflow Reaper transitioned a Workflow to )"
            R"(FAILED state and associated Workflow Run to ERROR state.\nWorkflow ID: 1\n)"
            R"(Workflow Name: wf\nWorkflow Args: args\nWorkflowRun ID: )" +
                std::to_string(run) + R"("})");
  EXPECT_TRUE(eventually(
      [&] { return reaper.metric("jobmond_reaper_runs_reaped_total{status=\"E\"}") == 1; }, 5s));
  EXPECT_GE(reaper.metric("jobmond_reaper_last_success_timestamp_seconds"), 1);
  EXPECT_EQ(reaper.terminate(), 0) << reaper.log();  // SIGTERM: a clean exit
}

TEST_P(ReaperProcessTest, EachLostStatusWithTheReferencesMessage) {
  WebhookSink webhook;
  long long linking = add_run("linking", "L", true);
  long long resumed = add_run("resumed", "C", true);
  ReaperProcess reaper(fresh_->uri(), {"--once", "--slack-api-url", webhook.url()});
  ASSERT_TRUE(eventually([&] { return webhook.received().size() == 2; }, 20s)) << reaper.log();
  EXPECT_EQ(reaper.terminate(), 0);
  EXPECT_EQ(run_status(linking), "A");
  EXPECT_EQ(run_status(resumed), "T");
  auto got = webhook.received();
  // Resumed runs first, as the reference's pass goes; no "alive" message for a single pass.
  const std::string version = "jobmond-" + std::string(JOBMOND_VERSION);
  EXPECT_EQ(got[0].body,
            R"({"channel":"","text":")" + version +
                R"( Workflow Reaper transitioned a Workflow to HALTED state and associated )"
                R"(Workflow Run to TERMINATED state.\nWorkflow ID: 2\nWorkflow Name: resumed\n)"
                R"(Workflow Args: args\nWorkflowRun ID: 2"})");
  EXPECT_NE(got[1].body.find("transitioned a Workflow to ABORTED state and associated Workflow "
                             "Run to ABORTED state.\\nWorkflow ID: 1\\nWorkflow Name: linking"),
            std::string::npos)
      << got[1].body;
}

TEST_P(ReaperProcessTest, WebhookFailureIsLoggedAndTheReaperCarriesOn) {
  WebhookSink webhook(500);
  long long run = add_run("wf", "R", true);
  ReaperProcess reaper(fresh_->uri(), {"--once", "--slack-api-url", webhook.url()});
  ASSERT_TRUE(eventually(
      [&] { return reaper.metric("jobmond_reaper_notifications_total{result=\"failed\"}") == 1; },
      20s))
      << reaper.log();
  EXPECT_EQ(run_status(run), "E");
  EXPECT_EQ(reaper.terminate(), 0);
  EXPECT_NE(reaper.log().find("Could not send the reaper's message to http://127.0.0.1:"),
            std::string::npos)
      << reaper.log();
}

TEST_P(ReaperProcessTest, TwoReapersNeverReapTheSameRunTwice) {
  WebhookSink webhook;
  std::set<long long> runs;
  for (int i = 0; i < 20; ++i) runs.insert(add_run("wf" + std::to_string(i), "R", true));
  ReaperProcess a(fresh_->uri(), {"--slack-api-url", webhook.url()});
  ReaperProcess b(fresh_->uri(), {"--slack-api-url", webhook.url()});
  ASSERT_TRUE(eventually([&] { return a.reaped() + b.reaped() == 20; }, 30s)) << a.log() << b.log();
  std::this_thread::sleep_for(2500ms);  // two more polls: nothing reaped again
  EXPECT_EQ(a.reaped() + b.reaped(), 20);
  EXPECT_TRUE(a.active() != b.active()) << a.log() << b.log();  // exactly one active
  std::multiset<std::string> messages;
  for (const auto& r : webhook.received()) {
    if (r.body.find("is alive") == std::string::npos) messages.insert(r.body);
  }
  EXPECT_EQ(messages.size(), 20u);
  for (long long run : runs) {
    const std::string tail = "WorkflowRun ID: " + std::to_string(run) + "\"}";
    EXPECT_EQ(std::count_if(messages.begin(), messages.end(),
                            [&](const std::string& m) {
                              return m.size() >= tail.size() &&
                                     m.compare(m.size() - tail.size(), tail.size(), tail) == 0;
                            }),
              1)
        << run;
  }
}

TEST_P(ReaperProcessTest, KillingTheActiveReaperHandsOverToTheStandby) {
  ReaperProcess first(fresh_->uri());
  ASSERT_TRUE(eventually([&] { return first.active(); }, 20s)) << first.log();
  ReaperProcess second(fresh_->uri());
  ASSERT_TRUE(eventually([&] { return second.standing_by(); }, 20s)) << second.log();
  first.kill_hard();
  ASSERT_TRUE(eventually([&] { return second.active(); }, 20s)) << second.log();
  long long run = add_run("after", "R", true);
  EXPECT_TRUE(eventually([&] { return run_status(run) == "E"; }, 20s)) << second.log();
  EXPECT_NE(second.log().find("reaper: active"), std::string::npos);
}

TEST_P(ReaperProcessTest, OnceWithAnotherReaperActiveDoesNothing) {
  ReaperProcess daemon(fresh_->uri());
  ASSERT_TRUE(eventually([&] { return daemon.active(); }, 20s)) << daemon.log();
  ReaperProcess once(fresh_->uri(), {"--once"});
  ASSERT_TRUE(eventually([&] { return once.standing_by(); }, 20s)) << once.log();
  EXPECT_EQ(once.terminate(), 0);
  EXPECT_NE(once.log().find("another reaper is active"), std::string::npos) << once.log();
}

// Between the sweep's chunks the reaper waits --reaper-sweep-pause (default 2 s); a SIGTERM
// there ends the process as one between passes does (docs/deployment.md), not a failed pass
// and on to the next.
TEST_P(ReaperProcessTest, SigtermDuringTheSweepsPauseExitsZero) {
  for (int i = 0; i < 3; ++i) add_run("wf" + std::to_string(i), "R", false);
  ReaperProcess reaper(fresh_->uri(), {"--reaper-sweep-pause", "2"});
  ASSERT_TRUE(
      eventually([&] { return reaper.log().find("reaper: active") != std::string::npos; }, 20s))
      << reaper.log();
  // The lost runs take milliseconds; the sweep's five chunks then take 4 pauses, 8 s.
  std::this_thread::sleep_for(1s);
  ASSERT_EQ(reaper.metric("jobmond_reaper_passes_total{result=\"ok\"}"), -1) << reaper.log();
  const auto sent = std::chrono::steady_clock::now();
  EXPECT_EQ(reaper.terminate(), 0) << reaper.log();
  EXPECT_LT(std::chrono::steady_clock::now() - sent, 3s) << reaper.log();
  EXPECT_NE(reaper.log().find("received SIGTERM"), std::string::npos) << reaper.log();
  EXPECT_LE(reaper.metric("jobmond_reaper_passes_total{result=\"failed\"}"), 0) << reaper.log();
}

INSTANTIATE_TEST_SUITE_P(Backends, ReaperProcessTest, ::testing::ValuesIn(http_test_backends()));

}  // namespace
}  // namespace jobmon::testing
