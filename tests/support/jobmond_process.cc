#include "jobmond_process.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace jobmon::testing {

JobmondProcess::JobmondProcess(std::vector<std::string> args, std::string db_uri,
                               std::vector<std::string> wrapper)
    : db_uri_(std::move(db_uri)) {
  char tmpl[] = "/tmp/jobmond-test.XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  work_dir_ = tmpl;
  if (!wrapper.empty() && ::chmod(work_dir_.c_str(), 0777) != 0) {
    throw std::runtime_error("chmod failed");
  }
  log_path_ = work_dir_ + "/jobmond.log";
  bool has_db = false;
  for (const auto& a : args) has_db = has_db || a == "--db";
  if (!has_db) {
    if (db_uri_.empty()) db_uri_ = "sqlite:///" + work_dir_ + "/jobmon.sqlite";
    args.insert(args.begin(), {"--db", db_uri_});
  }
  std::vector<std::string> argv_s = {JOBMOND_BINARY, "--port", "0", "--plugin-dir",
                                     JOBMOND_PLUGIN_DIR};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  argv_s.insert(argv_s.begin(), wrapper.begin(), wrapper.end());

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (::chdir(work_dir_.c_str()) != 0) ::_exit(127);
    FILE* log = std::fopen(log_path_.c_str(), "w");
    if (log == nullptr) ::_exit(127);
    ::dup2(fileno(log), 1);
    ::dup2(fileno(log), 2);
    std::vector<char*> argv;
    for (auto& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const std::regex listening(R"(jobmond listening on http://[^:]+:(\d+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    std::string out = output();
    if (std::regex_search(out, m, listening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("jobmond exited during start-up:\n" + out);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string out = output();
  terminate(1000);
  throw std::runtime_error("jobmond did not start within 30 s:\n" + out);
}

JobmondProcess::~JobmondProcess() {
  terminate();
  std::string cmd = "rm -rf '" + work_dir_ + "'";
  if (std::system(cmd.c_str()) != 0) {
    // Leaving a temp dir behind is harmless; nothing to do.
  }
}

std::string JobmondProcess::output() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int JobmondProcess::terminate(int timeout_ms) {
  if (pid_ <= 0) return 0;
  ::kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

}  // namespace jobmon::testing
