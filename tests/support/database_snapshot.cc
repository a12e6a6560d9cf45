#include "database_snapshot.h"

#include <soci/soci.h>

#include <sstream>
#include <vector>

namespace jobmon::testing {

namespace {

std::string cell(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return "NULL";
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string:
      return r.get<std::string>(i);
    case soci::dt_integer:
      return std::to_string(r.get<int>(i));
    case soci::dt_long_long:
      return std::to_string(r.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return std::to_string(r.get<unsigned long long>(i));
    case soci::dt_double: {
      std::ostringstream s;
      s.precision(17);
      s << r.get<double>(i);
      return s.str();
    }
    case soci::dt_date: {
      std::tm t = r.get<std::tm>(i);
      char buf[32];
      std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &t);
      return buf;
    }
    default:
      return "?";
  }
}

}  // namespace

std::string database_snapshot(soci::session& sql) {
  const std::string backend = sql.get_backend_name();
  const bool mysql = backend == "mysql";
  std::vector<std::string> tables;
  const char* list_tables =
      backend == "postgresql"
          ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
      : mysql ? "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                "ORDER BY table_name"
              : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name";
  soci::rowset<std::string> names = sql.prepare << list_tables;
  for (const std::string& t : names) tables.push_back(t);
  std::ostringstream out;
  for (const std::string& t : tables) {
    out << "== " << t << "\n";
    const std::string quoted = mysql ? "`" + t + "`" : "\"" + t + "\"";
    soci::rowset<soci::row> rows = sql.prepare << "SELECT * FROM " + quoted + " ORDER BY 1";
    for (const soci::row& r : rows) {
      for (std::size_t i = 0; i < r.size(); ++i) out << (i ? " | " : "") << cell(r, i);
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace jobmon::testing
