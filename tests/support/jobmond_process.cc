#include "jobmond_process.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <stdexcept>
#include <thread>

#include "child_process.h"
#include "contract.h"
#include "http_client.h"

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

  pid_ = spawn_logged(argv_s, work_dir_, log_path_);
  const std::regex listening(R"(jobmond listening on http://[^:]+:(\d+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    std::string out = read_whole_file(log_path_);  // the line is on stdout, written at once
    if (std::regex_search(out, m, listening)) {
      port_ = std::stoi(m[1]);
      register_own_contract();
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
  // jobmond writes its info lines from a thread of their own, a moment after the request they
  // describe was answered: the log once it has stopped growing.
  std::string out = read_whole_file(log_path_);
  for (int i = 0; i < 40; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::string again = read_whole_file(log_path_);
    if (again == out) break;
    out = std::move(again);
  }
  return out;
}

void JobmondProcess::register_own_contract() {
  try {
    HttpClient client(port_);
    HttpResponse doc = client.get("/api/openapi.json");
    if (doc.status == 200) register_contract(port_, std::make_shared<Contract>(doc.body));
  } catch (const std::exception&) {
    // A server that serves no document (or is already gone) has no contract to check against.
  }
}

int JobmondProcess::terminate(int timeout_ms) {
  if (pid_ > 0) forget_contract(port_);
  return stop_child(pid_, timeout_ms);
}

}  // namespace jobmon::testing
