#include "jobmon/orm/status_history.h"

#include <algorithm>
#include <string>

#include "bound_statement.h"
#include "dialect.h"
#include "insert_rows.h"
#include "session_of.h"
#include "status_history_rows.h"

namespace jobmon::orm {

namespace {
thread_local const ChangeAttribution* current_attribution = nullptr;
}  // namespace

AttributionScope::AttributionScope(const ChangeAttribution& attribution)
    : mine_(attribution), outer_(current_attribution) {
  current_attribution = &mine_;
}

AttributionScope::~AttributionScope() { current_attribution = outer_; }

const ChangeAttribution* AttributionScope::current() { return current_attribution; }

namespace detail {

namespace {
// Rows per INSERT: the statement's text and PostgreSQL's arrays stay small for a bulk change.
constexpr std::size_t kRowsPerInsert = 500;

std::string bound_or_null(BoundStatement& st, std::string_view value) {
  return value.empty() ? st.bind_null() : st.bind(std::string(value));
}
}  // namespace

// The attribution of this thread's changes: its innermost scope's, or none.
const ChangeAttribution& attribution() {
  static const ChangeAttribution none{};
  const ChangeAttribution* current = AttributionScope::current();
  return current ? *current : none;
}

constexpr const char* kColumns =
    " (entity, entity_id, field, from_value, to_value, changed_date, route, plugin, username, "
    "reason) ";

void write_status_history(WriteTx& tx, const std::vector<NotedTransition>& transitions) {
  const ChangeAttribution& who = attribution();
  for (const NotedTransition& t : transitions) {
    for (std::size_t first = 0; first < t.ids.size(); first += kRowsPerInsert) {
      BoundStatement st;
      // Everything but the row id is the same for the whole chunk: bound once, as constants.
      InsertRows rows(tx.backend(),
                      {InsertRows::constant_column(st.bind(t.entity)), InsertRows::integer_column(),
                       InsertRows::constant_column("'status'"),
                       InsertRows::constant_column(st.bind(std::string(1, t.from))),
                       InsertRows::constant_column(st.bind(std::string(1, t.to))),
                       InsertRows::constant_column(now_sql(tx.backend())),
                       InsertRows::constant_column(bound_or_null(st, who.route)),
                       InsertRows::constant_column(bound_or_null(st, who.plugin)),
                       InsertRows::constant_column(bound_or_null(st, who.user)),
                       InsertRows::constant_column(bound_or_null(st, who.reason))});
      const std::size_t end = std::min(t.ids.size(), first + kRowsPerInsert);
      for (std::size_t i = first; i < end; ++i) rows.integer(t.ids[i]);
      st.execute(session_of(tx),
                 std::string("INSERT INTO ") + kStatusHistoryTable + kColumns + rows.sql(st));
    }
  }
}

void write_history_row(WriteTx& tx, const std::string& entity, std::int64_t id,
                       const std::string& field, const std::string& from, const std::string& to) {
  const ChangeAttribution& who = attribution();
  BoundStatement st;
  const std::string values = st.bind(entity) + ", " + std::to_string(id) + ", " + st.bind(field) +
                             ", " + st.bind(from) + ", " + st.bind(to) + ", " +
                             now_sql(tx.backend()) + ", " + bound_or_null(st, who.route) + ", " +
                             bound_or_null(st, who.plugin) + ", " + bound_or_null(st, who.user) +
                             ", " + bound_or_null(st, who.reason);
  st.execute(session_of(tx), std::string("INSERT INTO ") + kStatusHistoryTable + kColumns +
                                 "VALUES (" + values + ")");
}

}  // namespace detail

}  // namespace jobmon::orm
