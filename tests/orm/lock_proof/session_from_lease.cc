// Must NOT compile: code outside liborm reaching the SOCI session of a leased connection through
// the public headers (with SOCI's own headers at hand).
#include <soci/soci.h>

#include "jobmon/orm/database.h"

void run(jobmon::orm::Database& db) {
  auto lease = db.lease();
  lease.session() << "DELETE FROM task";
}
