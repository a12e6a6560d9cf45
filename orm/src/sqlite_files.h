#pragma once
// Whether this process can use a SQLite database file, checked before it is opened. Internal to
// liborm. SQLite opens a file it may not write read-only without a word, and a WAL database also
// needs the -wal and -shm files beside it: without these checks such a database serves every read
// and answers every write 500 ("attempt to write a readonly database"). Its own "unable to open
// database file" does not say why either.
#include <string>

namespace jobmon::orm::detail {

// Throws ConfigError naming the file (or directory), the problem and the process's user when the
// database at `path` (as the URI names it) cannot be created, or once opened could not be written:
// a missing directory, a directory where the file should be, a file, -wal or -shm the user cannot
// write, or a directory where a missing one cannot be created.
void check_sqlite_files(const std::string& path);

}  // namespace jobmon::orm::detail
