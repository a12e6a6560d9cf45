#include "new_database_file.h"

#include <filesystem>

#include "jobmon/orm/database.h"
#include "jobmon/orm/sqlite_file_removal.h"

namespace jobmon::host {

NewDatabaseFile::NewDatabaseFile(const std::string& db_uri) {
  std::string file;
  try {
    file = orm::parse_database_uri(db_uri).sqlite_file;
  } catch (const std::exception&) {
    return;  // opening the database refuses the URI, with the reason
  }
  std::error_code ec;
  if (!file.empty() && !std::filesystem::exists(file, ec) && !ec) uri_ = db_uri;
}

NewDatabaseFile::~NewDatabaseFile() {
  if (uri_.empty()) return;
  try {
    orm::remove_unused_sqlite_file(uri_, schema_is_ours_);
  } catch (const std::exception&) {
    // Leaving the file is the safe side.
  }
}

}  // namespace jobmon::host
