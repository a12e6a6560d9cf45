#include "new_database_file.h"

#include <filesystem>

#include "jobmon/orm/database.h"

namespace jobmon::host {

NewDatabaseFile::NewDatabaseFile(const std::string& db_uri) {
  std::string file;
  try {
    file = orm::parse_database_uri(db_uri).sqlite_file;
  } catch (const std::exception&) {
    return;  // opening the database refuses the URI, with the reason
  }
  std::error_code ec;
  if (!file.empty() && !std::filesystem::exists(file, ec) && !ec) path_ = file;
}

NewDatabaseFile::~NewDatabaseFile() {
  if (path_.empty()) return;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;  // a file that was never made is fine
    std::filesystem::remove(path_ + suffix, ignored);
  }
}

}  // namespace jobmon::host
