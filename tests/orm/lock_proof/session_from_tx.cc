// Must NOT compile: code outside liborm reaching the SOCI session of a transaction through the
// public headers (with SOCI's own headers at hand).
#include <soci/soci.h>

#include "jobmon/orm/transaction.h"

soci::session& session(jobmon::orm::WriteTx& tx) { return tx.sql(); }
