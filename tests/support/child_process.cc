#include "child_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace jobmon::testing {

pid_t spawn_logged(const std::vector<std::string>& argv_s, const std::string& work_dir,
                   const std::string& log_path) {
  std::vector<std::string> args = argv_s;  // execv wants writable strings
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (::chdir(work_dir.c_str()) != 0) ::_exit(127);
    FILE* log = std::fopen(log_path.c_str(), "w");
    if (log == nullptr) ::_exit(127);
    ::dup2(fileno(log), 1);
    ::dup2(fileno(log), 2);
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int stop_child(pid_t& pid, int timeout_ms) {
  if (pid <= 0) return 0;
  ::kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  pid = -1;
  return -1;
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace jobmon::testing
