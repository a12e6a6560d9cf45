#include "kept_statements.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace jobmon::orm::detail {

namespace {

// Texts remembered as run once, until one runs again; forgotten all at once past this many.
constexpr std::size_t kMaxSeenTexts = 1024;

// What one server connection keeps. Touched only by the thread that holds the connection's
// lease; the registry below only finds it.
struct KeptStatements {
  explicit KeptStatements(PGconn* c) : conn(c), server_pid(PQbackendPID(c)) {}
  // The connection the names live on. Its server process too: a reconnect frees the old PGconn
  // before it allocates the new one, which may well get the same address.
  bool lives_on(PGconn* c) const { return c == conn && PQbackendPID(c) == server_pid; }
  PGconn* conn;
  int server_pid;
  std::unordered_map<std::string, std::string> names;  // text -> prepared statement name
  std::unordered_set<std::string> seen_once;
  std::size_t last_number = 0;
};

// The pool's sessions by address (stable for the pool's life). A shared_ptr, so that a session
// re-registered after a reconnect never frees what a lookup still holds. Never destroyed: a
// Database in a static may close its sessions after this file's statics are gone.
std::mutex registry_mutex;
std::unordered_map<const soci::session*, std::shared_ptr<KeptStatements>>& registry() {
  static auto* map = new std::unordered_map<const soci::session*, std::shared_ptr<KeptStatements>>;
  return *map;
}

// The session's PostgreSQL backend, or null for another backend or a closed session. Its type
// is SOCI's public struct; the backend library exports no type information, hence the name
// check before the static_cast.
soci::postgresql_session_backend* postgresql_backend(soci::session& session) {
  soci::details::session_backend* be = session.get_backend();
  if (be == nullptr || be->get_backend_name() != "postgresql") return nullptr;
  return static_cast<soci::postgresql_session_backend*>(be);
}

std::shared_ptr<KeptStatements> kept_by(soci::session& session) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto it = registry().find(&session);
  return it == registry().end() ? nullptr : it->second;
}

// PQprepare under `name`, with the parameter types left to the server as PQexecParams does.
// Errors are thrown as SOCI's own prepare throws them, so that they are classified alike.
void prepare_on_server(soci::postgresql_session_backend& session, const std::string& name,
                       const std::string& text) {
  PGresult* result = PQprepare(session.conn_, name.c_str(), text.c_str(), 0, nullptr);
  if (result != nullptr && PQresultStatus(result) == PGRES_COMMAND_OK) {
    PQclear(result);
    return;
  }
  // A null result is a lost connection, which libpq names by message only: the empty state
  // leaves it to the message, as for SOCI's own errors.
  std::string message = "Cannot prepare statement. ";
  std::string state;
  if (result == nullptr) {
    message += PQerrorMessage(session.conn_);
  } else {
    message += PQresultErrorMessage(result);
    if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE)) state = s;
    PQclear(result);
  }
  throw soci::postgresql_soci_error(message, state.c_str());
}

}  // namespace

void keep_statements_of(soci::session& session) {
  soci::postgresql_session_backend* be = postgresql_backend(session);
  if (be == nullptr) return;
  std::lock_guard<std::mutex> lock(registry_mutex);
  registry()[&session] = std::make_shared<KeptStatements>(be->conn_);
}

void stop_keeping_statements_of(soci::session& session) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  registry().erase(&session);
}

Statement::~Statement() {
  if (kept_name_ != nullptr) kept_name_->clear();
}

void run_as_kept_statement(Statement& st, soci::session& session) {
  soci::postgresql_session_backend* sb = postgresql_backend(session);
  if (sb == nullptr) return;
  std::shared_ptr<KeptStatements> kept = kept_by(session);
  // A connection replaced behind the pool's back has none of the names: run one-time.
  if (kept == nullptr || !kept->lives_on(sb->conn_)) return;
  auto* be = static_cast<soci::postgresql_statement_backend*>(st.get_backend());
  const std::string& text = be->query_;  // the text as PostgreSQL runs it ($1, $2, ...)
  if (text.size() > kMaxKeptTextSize) return;
  auto it = kept->names.find(text);
  if (it == kept->names.end()) {
    if (kept->names.size() >= kMaxKeptStatements) return;
    if (kept->seen_once.erase(text) == 0) {
      if (kept->seen_once.size() >= kMaxSeenTexts) kept->seen_once.clear();
      kept->seen_once.insert(text);
      return;
    }
    std::string name = "jobmond_" + std::to_string(++kept->last_number);
    prepare_on_server(*sb, name, text);
    it = kept->names.emplace(text, std::move(name)).first;
  }
  be->stType_ = soci::details::st_repeatable_query;
  be->statementName_ = it->second;
  st.kept_name_ = &be->statementName_;
}

}  // namespace jobmon::orm::detail
