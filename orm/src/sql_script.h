#pragma once
// Splitting a DDL/seed script into single statements: SOCI runs one statement per call on SQLite
// and PostgreSQL. Internal to liborm (also compiled into its test).
#include <string>
#include <string_view>
#include <vector>

namespace jobmon::orm::detail {

// The statements of `script`, in order, without their terminating ';', trimmed, without comments
// ("-- ..." to the end of the line, "/* ... */") and without empty statements. A ';' inside a
// quoted string ('...' with '' escapes), a quoted identifier ("..." or `...`) or a comment does
// not end a statement. Transaction control (BEGIN, COMMIT, START TRANSACTION) is dropped: the
// caller owns the transaction.
std::vector<std::string> split_sql_script(std::string_view script);

}  // namespace jobmon::orm::detail
