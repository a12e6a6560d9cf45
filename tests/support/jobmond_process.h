#pragma once
// Runs the real jobmond binary as a child process for HTTP-level tests: on an ephemeral port,
// with its own temporary working directory (so its SQLite file is private to the test), and
// stops it (SIGTERM, then SIGKILL) when destroyed.
#include <sys/types.h>

#include <string>
#include <vector>

namespace jobmon::testing {

class JobmondProcess {
 public:
  // Starts `JOBMOND_BINARY --port 0 --plugin-dir JOBMOND_PLUGIN_DIR <args>` and waits for its
  // "jobmond listening on http://ADDR:PORT" line. Unless args contain --db, the database is
  // the test's backend: sqlite in the temp dir, or the PostgreSQL database `db_uri` names.
  // `wrapper`, when given, runs the binary (e.g. setpriv ... to run it as another user); the
  // working directory is then open to every user.
  explicit JobmondProcess(std::vector<std::string> args = {}, std::string db_uri = "",
                          std::vector<std::string> wrapper = {});
  ~JobmondProcess();
  JobmondProcess(const JobmondProcess&) = delete;
  JobmondProcess& operator=(const JobmondProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& work_dir() const { return work_dir_; }
  const std::string& db_uri() const { return db_uri_; }
  // Everything the server wrote to stdout and stderr so far (for diagnostics).
  std::string output() const;
  // Sends SIGTERM and waits; returns the exit status as from waitpid (or -1 on timeout).
  int terminate(int timeout_ms = 15000);

 private:
  // Fetches the server's OpenAPI document so that every answer from it is checked (contract.h).
  void register_own_contract();
  std::string work_dir_;
  std::string log_path_;
  std::string db_uri_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace jobmon::testing
