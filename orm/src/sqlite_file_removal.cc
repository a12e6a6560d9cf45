#include "jobmon/orm/sqlite_file_removal.h"

#include <fcntl.h>
#include <soci/soci.h>
#include <unistd.h>

#include <filesystem>

namespace jobmon::orm {

namespace {

// SQLite's lock layout (os_unix.c): every connection to a WAL database holds a shared lock on
// the "DMS" byte of the -shm file (WALINDEX_LOCK_OFFSET 120 + 8) from its open to its close, and
// a connection reading the database file's header holds a lock in the SHARED range of that
// file (PENDING_BYTE 0x40000000, then the RESERVED byte and 510 SHARED bytes).
constexpr off_t kShmDmsByte = 128;
constexpr off_t kDbLockBytes = 0x40000000;
constexpr off_t kDbLockLength = 512;

// A file descriptor closed on every way out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Whether a process other than this one holds a lock on [start, start + length) of `fd`.
bool locked_elsewhere(int fd, off_t start, off_t length) {
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = start;
  lock.l_len = length;
  if (::fcntl(fd, F_GETLK, &lock) != 0) return true;  // cannot tell: assume so
  return lock.l_type != F_UNLCK;
}

// The tables in the file, through a short connection of its own (-1: cannot tell).
int count_tables(const std::string& soci_connect) {
  try {
    soci::session s("sqlite3", soci_connect);
    int n = 0;
    s << "SELECT count(*) FROM sqlite_master WHERE type = 'table'", soci::into(n);
    return n;
  } catch (const soci::soci_error&) {
    return -1;
  }
}

}  // namespace

bool remove_unused_sqlite_file(const std::string& db_uri, bool schema_is_ours) {
  const ParsedUri uri = parse_database_uri(db_uri);
  const std::string& path = uri.sqlite_file;
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) return false;
  // Counted first: the connection counting them must be closed before the locks are looked at
  // (closing any descriptor of a file drops all of this process's fcntl locks on it).
  if (!schema_is_ours && count_tables(uri.soci_connect) != 0) return false;
  Fd db{::open(path.c_str(), O_RDWR | O_CLOEXEC)};
  if (db.fd >= 0 && locked_elsewhere(db.fd, kDbLockBytes, kDbLockLength)) return false;
  // Taken, not only looked at: it stays held until the files are gone, so that no connection
  // opening meanwhile initialises the -shm as the first one.
  Fd shm{::open((path + "-shm").c_str(), O_RDWR | O_CLOEXEC)};
  if (shm.fd >= 0) {
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = kShmDmsByte;
    lock.l_len = 1;
    if (::fcntl(shm.fd, F_SETLK, &lock) != 0) return false;  // EAGAIN/EACCES: open elsewhere
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;  // a file that was never made is fine
    std::filesystem::remove(path + suffix, ignored);
  }
  return true;
}

}  // namespace jobmon::orm
