#pragma once
// Child processes for the process-level suites (jobmond serving, jobmond reaper): started in a
// working directory with stdout and stderr going to a log file, stopped with SIGTERM and, past
// a timeout, SIGKILL.
#include <sys/types.h>

#include <string>
#include <vector>

namespace jobmon::testing {

// Forks and execs argv[0] with `argv` in `work_dir`, output to `log_path`. Throws on failure.
pid_t spawn_logged(const std::vector<std::string>& argv, const std::string& work_dir,
                   const std::string& log_path);
// SIGTERM, then waits up to `timeout_ms`; SIGKILL after that. Sets pid to -1. Returns the
// status as from waitpid, or -1 when it had to be killed; 0 when there was no child.
int stop_child(pid_t& pid, int timeout_ms);
// The whole file ("" when it does not exist).
std::string read_whole_file(const std::string& path);

}  // namespace jobmon::testing
