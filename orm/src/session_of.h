#pragma once
// The SOCI session under a transaction or a lease: for liborm's own code, and for the in-tree
// tests and tools, which may include orm/src headers. The public headers hand it to no one
// (transaction.h and database.h only name SessionAccess as a friend): a plugin works through the
// typed queries, WriteTx's lock helpers and fsm.h's transitions, which keep the locking rule and
// each backend's dialect, instead of writing SQL of its own on the shared session.
#include <soci/soci.h>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm {

namespace detail {

struct SessionAccess {
  static soci::session& of(Database::Lease& lease) { return lease.session(); }
  static soci::session& of(ReadTx& tx) { return tx.lease_.session(); }
  static soci::session& of(WriteTx& tx) { return tx.lease_.session(); }
};

}  // namespace detail

inline soci::session& session_of(Database::Lease& lease) {
  return detail::SessionAccess::of(lease);
}
inline soci::session& session_of(ReadTx& tx) { return detail::SessionAccess::of(tx); }
inline soci::session& session_of(WriteTx& tx) { return detail::SessionAccess::of(tx); }

}  // namespace jobmon::orm
