#include "sqlite_files.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "jobmon/orm/errors.h"

namespace jobmon::orm::detail {

namespace {

namespace fs = std::filesystem;

// "user jobmond (uid 998)": whom the operator has to give the file to.
std::string process_user() {
  const uid_t uid = ::geteuid();
  std::string name = "?";
  char buffer[1024];
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) == 0 && found != nullptr) {
    name = found->pw_name;
  }
  return "user " + name + " (uid " + std::to_string(uid) + ")";
}

// "owner root, mode 0644" of an existing file or directory.
std::string ownership(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return "";
  std::string owner = std::to_string(st.st_uid);
  char buffer[1024];
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(st.st_uid, &entry, buffer, sizeof buffer, &found) == 0 && found != nullptr) {
    owner = found->pw_name;
  }
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
  return " (owner " + owner + ", mode " + mode + ")";
}

[[noreturn]] void refuse(const fs::path& what, const std::string& problem) {
  throw ConfigError("SQLite database: " + what.string() + ": " + problem);
}

// The file must be writable by us, or, when it does not exist, creatable in its directory.
void check_writable_or_creatable(const fs::path& file, const fs::path& dir, const char* role) {
  if (::access(file.c_str(), F_OK) == 0 || errno != ENOENT) {
    if (::access(file.c_str(), R_OK | W_OK) != 0) {
      const int err = errno;
      refuse(file, std::string(std::strerror(err)) + ": " + process_user() + " cannot write " +
                       role + ownership(file));
    }
    return;
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    const int err = errno;
    refuse(dir, std::string(std::strerror(err)) + ": " + process_user() + " cannot create " + role +
                    " " + file.filename().string() + " in this directory" + ownership(dir));
  }
}

}  // namespace

void check_sqlite_files(const std::string& path) {
  const fs::path file(path);
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    const int err = errno;
    refuse(dir, err == ENOENT ? std::string("the directory does not exist")
                              : std::string(std::strerror(err)) + " (" + process_user() + ")");
  }
  if (!S_ISDIR(st.st_mode)) refuse(dir, "not a directory");
  if (::stat(file.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) refuse(file, "is a directory, not a database file");
    if (!S_ISREG(st.st_mode)) refuse(file, "not a regular file");
  }
  check_writable_or_creatable(file, dir, "the database file");
  // A WAL database writes these two beside it (and readers need -shm too).
  check_writable_or_creatable(path + "-wal", dir, "the write-ahead log");
  check_writable_or_creatable(path + "-shm", dir, "the shared-memory index");
}

}  // namespace jobmon::orm::detail
