// SQLAlchemy-style database URIs, as operators already have them in
// JOBMON__DB__SQLALCHEMY_DATABASE_URI, translated into SOCI connection strings.
#include <cctype>
#include <map>
#include <string>

#include "jobmon/orm/database.h"

namespace jobmon::orm {

namespace {

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// libpq and the MySQL backend take key=value pairs; values with spaces or quotes are quoted.
std::string conn_value(const std::string& v) {
  if (!v.empty() && v.find_first_of(" '\\") == std::string::npos) return v;
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

struct ServerUri {
  std::string user, password, host, port, database;
  std::map<std::string, std::string> query;
  bool has_password = false;
};

// Parses "user:pass@host:port/db?k=v&k2=v2" (everything after "scheme://").
ServerUri parse_server_part(const std::string& rest) {
  ServerUri u;
  std::string main = rest;
  auto q = rest.find('?');
  if (q != std::string::npos) {
    main = rest.substr(0, q);
    std::string query = rest.substr(q + 1);
    std::size_t pos = 0;
    while (pos <= query.size()) {
      auto amp = query.find('&', pos);
      std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      auto eq = kv.find('=');
      if (!kv.empty()) {
        u.query[percent_decode(kv.substr(0, eq))] =
            eq == std::string::npos ? "" : percent_decode(kv.substr(eq + 1));
      }
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
  }
  auto slash = main.find('/');
  std::string authority = main.substr(0, slash);
  if (slash != std::string::npos) u.database = percent_decode(main.substr(slash + 1));
  auto at = authority.rfind('@');
  std::string hostport = authority;
  if (at != std::string::npos) {
    std::string userinfo = authority.substr(0, at);
    hostport = authority.substr(at + 1);
    auto colon = userinfo.find(':');
    u.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string::npos) {
      u.password = percent_decode(userinfo.substr(colon + 1));
      u.has_password = true;
    }
  }
  if (!hostport.empty() && hostport.front() == '[') {  // [IPv6]:port
    auto close = hostport.find(']');
    u.host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size() && hostport[close + 1] == ':') {
      u.port = hostport.substr(close + 2);
    }
  } else {
    auto colon = hostport.rfind(':');
    u.host = hostport.substr(0, colon);
    if (colon != std::string::npos) u.port = hostport.substr(colon + 1);
  }
  if (u.query.count("host")) u.host = u.query["host"];  // unix socket directory
  if (u.query.count("port")) u.port = u.query["port"];
  return u;
}

std::string redact(const std::string& uri) {
  auto scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) return uri;
  auto at = uri.find('@', scheme_end + 3);
  auto slash = uri.find('/', scheme_end + 3);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return uri;
  auto colon = uri.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon + 1) + "***" + uri.substr(at);
}

}  // namespace

const char* backend_name(Backend b) {
  switch (b) {
    case Backend::kSqlite:
      return "sqlite3";
    case Backend::kPostgresql:
      return "postgresql";
    case Backend::kMysql:
      return "mysql";
  }
  return "?";
}

ParsedUri parse_database_uri(const std::string& uri) {
  auto scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) {
    throw ConfigError("database URI '" + redact(uri) +
                      "' has no scheme; expected sqlite:///path, postgresql://... or "
                      "mysql+pymysql://...");
  }
  std::string scheme = uri.substr(0, scheme_end);
  std::string dialect = scheme.substr(0, scheme.find('+'));
  std::string rest = uri.substr(scheme_end + 3);
  ParsedUri out{Backend::kSqlite, "", redact(uri)};

  if (dialect == "sqlite") {
    // sqlite:///relative/path, sqlite:////absolute/path, sqlite:///:memory: (and sqlite://).
    std::string path = rest.empty() ? ":memory:" : rest.substr(rest.front() == '/' ? 1 : 0);
    auto q = path.find('?');
    if (q != std::string::npos) path = path.substr(0, q);
    if (path.empty()) path = ":memory:";
    out.backend = Backend::kSqlite;
    out.soci_connect = "db=" + conn_value(percent_decode(path)) + " timeout=10";
    return out;
  }
  if (dialect == "postgresql" || dialect == "postgres") {
    ServerUri u = parse_server_part(rest);
    std::string s;
    if (!u.database.empty()) s += "dbname=" + conn_value(u.database) + " ";
    if (!u.user.empty()) s += "user=" + conn_value(u.user) + " ";
    if (u.has_password) s += "password=" + conn_value(u.password) + " ";
    if (!u.host.empty()) s += "host=" + conn_value(u.host) + " ";
    if (!u.port.empty()) s += "port=" + conn_value(u.port) + " ";
    s += "connect_timeout=5 application_name=jobmond";
    out.backend = Backend::kPostgresql;
    out.soci_connect = s;
    return out;
  }
  if (dialect == "mysql" || dialect == "mariadb") {
    ServerUri u = parse_server_part(rest);
    std::string s;
    if (!u.database.empty()) s += "db=" + conn_value(u.database) + " ";
    if (!u.user.empty()) s += "user=" + conn_value(u.user) + " ";
    if (u.has_password) s += "password=" + conn_value(u.password) + " ";
    if (!u.host.empty() && u.host.front() == '/') {
      s += "unix_socket=" + conn_value(u.host) + " ";
    } else if (!u.host.empty()) {
      s += "host=" + conn_value(u.host) + " ";
    }
    if (u.query.count("unix_socket"))
      s += "unix_socket=" + conn_value(u.query["unix_socket"]) + " ";
    if (!u.port.empty()) s += "port=" + conn_value(u.port) + " ";
    s += "charset=utf8mb4";
    out.backend = Backend::kMysql;
    out.soci_connect = s;
    return out;
  }
  throw ConfigError("unsupported database URI scheme '" + scheme + "' in '" + redact(uri) +
                    "'; supported: sqlite, postgresql, mysql (mysql+pymysql)");
}

}  // namespace jobmon::orm
