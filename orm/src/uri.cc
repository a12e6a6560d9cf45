// SQLAlchemy-style database URIs, as operators already have them in
// JOBMON__DB__SQLALCHEMY_DATABASE_URI, translated into SOCI connection strings. The grammar is
// SQLAlchemy's own (sqlalchemy.engine.url._parse_url), so a URI means here what it meant to the
// Python server: the password runs to the first '@' and may hold ':' or '/'; user name and
// password are percent-decoded, the database name is not; query values are.
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <string>

#include "jobmon/orm/database.h"

namespace jobmon::orm {

namespace {

// urllib's unquote(): "%XX" becomes that byte; '+' stays '+'; a stray '%' stays as it is.
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

struct UriParts {
  std::string scheme, user, password, host, port, database;
  bool has_user = false, has_password = false;
  std::map<std::string, std::string> query;
  std::size_t password_pos = 0, password_len = 0;  // in the original text, for redaction
};

// SQLAlchemy 2.0's URL pattern, group for group.
const std::regex& uri_pattern() {
  static const std::regex re(R"(^([A-Za-z0-9_+]+)://)"            // 1 scheme (dialect[+driver])
                             R"((?:([^:/]*)(?::([^@]*))?@)?)"     // 2 user, 3 password
                             R"((?:(?:\[([^/?]+)\]|([^/:?]+))?)"  // 4 IPv6 host, 5 host
                             R"((?::([^/?]*))?)?)"                // 6 port
                             R"((?:/([^?]*))?)"                   // 7 database
                             R"((?:\?(.*))?$)");                  // 8 query
  return re;
}

// The URI with the password (of the user-info part, and a `password` query parameter) as ***.
std::string redact_at(const std::string& uri, const UriParts& p) {
  std::string out = uri;
  if (p.has_password) {
    out = uri.substr(0, p.password_pos) + "***" + uri.substr(p.password_pos + p.password_len);
  }
  const std::size_t q = out.find('?');
  if (q == std::string::npos) return out;
  std::string query;
  std::size_t pos = q + 1;
  while (pos <= out.size()) {
    const std::size_t amp = std::min(out.find('&', pos), out.size());
    std::string item = out.substr(pos, amp - pos);
    const std::size_t eq = item.find('=');
    if (eq != std::string::npos && percent_decode(item.substr(0, eq)) == "password") {
      item = item.substr(0, eq + 1) + "***";
    }
    query += (query.empty() ? "" : "&") + item;
    pos = amp + 1;
  }
  return out.substr(0, q + 1) + query;
}

// Best effort for URIs that do not parse: hide whatever sits between "user:" and '@'.
std::string redact_unparsed(const std::string& uri) {
  auto scheme_end = uri.find("://");
  auto start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  auto at = uri.find('@', start);
  auto colon = uri.find(':', start);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon + 1) + "***" + uri.substr(at);
}

UriParts split_uri(const std::string& uri) {
  std::smatch m;
  if (!std::regex_match(uri, m, uri_pattern())) {
    throw ConfigError("database URI '" + redact_unparsed(uri) +
                      "' is not of the form dialect[+driver]://[user[:password]@][host[:port]]"
                      "[/database][?key=value...], e.g. sqlite:////var/lib/jobmon.sqlite or "
                      "postgresql://user:password@host:5432/jobmon");
  }
  UriParts p;
  p.scheme = m[1];
  if (m[2].matched) {
    p.has_user = true;
    p.user = percent_decode(m[2]);
  }
  if (m[3].matched) {
    p.has_password = true;
    p.password = percent_decode(m[3]);
    p.password_pos = static_cast<std::size_t>(m.position(3));
    p.password_len = static_cast<std::size_t>(m.length(3));
  }
  p.host = m[4].matched ? m[4].str() : m[5].str();
  p.port = m[6];
  p.database = m[7];
  if (m[8].matched) {
    std::string query = m[8];
    std::size_t pos = 0;
    while (pos <= query.size()) {
      auto amp = query.find('&', pos);
      std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
      auto eq = kv.find('=');
      if (!kv.empty()) {
        p.query[percent_decode(kv.substr(0, eq))] =
            eq == std::string::npos ? "" : percent_decode(kv.substr(eq + 1));
      }
      if (amp == std::string::npos) break;
      pos = amp + 1;
    }
  }
  if (!p.port.empty() && p.port.find_first_not_of("0123456789") != std::string::npos) {
    throw ConfigError("database URI '" + redact_at(uri, p) + "' has a port that is not a number");
  }
  return p;
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

namespace {

// A query parameter a backend takes: its name in the URI and, when it is handed on to the
// driver, its name in SOCI's connection string (empty: jobmond reads it itself).
struct QueryParameter {
  std::string_view name;
  std::string_view connect_key;
};

// PostgreSQL: what libpq takes as it is (sslmode, certificates, timeouts, the session's name
// and server options), plus host/port for sockets and jobmond's own prepared_statements.
constexpr QueryParameter kPostgresqlParameters[] = {
    {"host", ""},
    {"port", ""},
    {"user", "user"},
    {"password", "password"},
    {"prepared_statements", ""},
    {"sslmode", "sslmode"},
    {"sslrootcert", "sslrootcert"},
    {"sslcert", "sslcert"},
    {"sslkey", "sslkey"},
    {"connect_timeout", "connect_timeout"},
    {"application_name", "application_name"},
    {"options", "options"},
};

// MySQL/MariaDB, under PyMySQL's names: what SOCI's MySQL backend (4.0) can pass on. It has no
// option to require TLS or to verify the server's name: ssl_ca turns TLS on (docs/deployment.md).
constexpr QueryParameter kMysqlParameters[] = {
    {"unix_socket", ""},
    {"user", "user"},
    {"password", "password"},
    {"charset", ""},
    {"ssl_ca", "sslca"},
    {"ssl_cert", "sslcert"},
    {"ssl_key", "sslkey"},
    {"connect_timeout", "connect_timeout"},
    {"read_timeout", "read_timeout"},
    {"write_timeout", "write_timeout"},
};

template <std::size_t N>
std::string parameter_names(const QueryParameter (&known)[N]) {
  std::string names;
  for (const QueryParameter& k : known) names += (names.empty() ? "" : ", ") + std::string(k.name);
  return names;
}

// Refuses a query parameter the backend does not take: a typo (prepared_statement) would
// otherwise be silently ignored. Returns the connection-string part of those handed on.
template <std::size_t N>
std::string driver_parameters(const UriParts& u, const std::string& redacted, const char* backend,
                              const QueryParameter (&known)[N]) {
  if ((u.has_user && u.query.count("user") != 0) ||
      (u.has_password && u.query.count("password") != 0)) {
    throw ConfigError("database URI '" + redacted +
                      "' names the user or password twice (before the host and as a parameter)");
  }
  std::string connect;
  for (const auto& [name, value] : u.query) {
    // Clang before 16 lets no lambda capture a structured binding (C++20, P1091R3).
    const std::string& wanted = name;
    const QueryParameter* k =
        std::find_if(std::begin(known), std::end(known),
                     [&](const QueryParameter& p) { return p.name == wanted; });
    if (k == std::end(known)) {
      throw ConfigError("database URI '" + redacted + "': unknown parameter '" + name + "'; " +
                        backend + " URIs take " + parameter_names(known));
    }
    if (!k->connect_key.empty())
      connect += std::string(k->connect_key) + "=" + conn_value(value) + " ";
  }
  return connect;
}

}  // namespace

ParsedUri parse_database_uri(const std::string& uri) {
  if (uri.find("://") == std::string::npos) {
    throw ConfigError("database URI '" + redact_unparsed(uri) +
                      "' has no scheme; expected sqlite:///path, postgresql://... or "
                      "mysql+pymysql://...");
  }
  UriParts u = split_uri(uri);
  std::string dialect = u.scheme.substr(0, u.scheme.find('+'));
  ParsedUri out;
  out.redacted = redact_at(uri, u);

  if (dialect == "sqlite") {
    // sqlite:///relative/path, sqlite:////absolute/path, sqlite:///:memory: and sqlite://.
    if (!u.host.empty() || u.has_user) {
      throw ConfigError("database URI '" + out.redacted +
                        "': a sqlite URI names a file, not a server (sqlite:////abs/path or "
                        "sqlite:///relative/path)");
    }
    if (!u.query.empty()) {
      throw ConfigError("database URI '" + out.redacted + "': unknown parameter '" +
                        u.query.begin()->first + "'; sqlite URIs take none");
    }
    std::string path = u.database.empty() ? ":memory:" : u.database;
    out.backend = Backend::kSqlite;
    if (path != ":memory:") out.sqlite_file = path;
    // timeout= is SQLite's busy timeout in seconds (PRAGMA busy_timeout repeats it in ms).
    out.soci_connect = "db=" + conn_value(path) + " timeout=10";
    return out;
  }
  auto q = [&u](const char* key) -> const std::string* {
    auto it = u.query.find(key);
    return it == u.query.end() ? nullptr : &it->second;
  };
  if (dialect == "postgresql" || dialect == "postgres") {
    std::string host = q("host") != nullptr ? *q("host") : u.host;  // unix socket directory
    std::string port = q("port") != nullptr ? *q("port") : u.port;
    std::string s;
    if (!u.database.empty()) s += "dbname=" + conn_value(u.database) + " ";
    if (!u.user.empty()) s += "user=" + conn_value(u.user) + " ";
    if (u.has_password) s += "password=" + conn_value(u.password) + " ";
    if (!host.empty()) s += "host=" + conn_value(host) + " ";
    if (!port.empty()) s += "port=" + conn_value(port) + " ";
    s += driver_parameters(u, out.redacted, "postgresql", kPostgresqlParameters);
    if (q("connect_timeout") == nullptr) s += "connect_timeout=5 ";
    if (q("application_name") == nullptr) s += "application_name=jobmond ";
    s.pop_back();
    if (const std::string* v = q("prepared_statements")) {
      if (*v == "off" || *v == "false" || *v == "0") {
        out.keep_prepared_statements = false;
      } else if (*v != "on" && *v != "true" && *v != "1") {
        const std::string what = "prepared_statements must be on or off, not '" + *v + "'";
        throw ConfigError("database URI '" + out.redacted + "': " + what);
      }
    }
    out.backend = Backend::kPostgresql;
    out.soci_connect = s;
    return out;
  }
  if (dialect == "mysql" || dialect == "mariadb") {
    std::string s;
    if (!u.database.empty()) s += "db=" + conn_value(u.database) + " ";
    if (!u.user.empty()) s += "user=" + conn_value(u.user) + " ";
    if (u.has_password) s += "password=" + conn_value(u.password) + " ";
    std::string socket = q("unix_socket") != nullptr ? *q("unix_socket") : "";
    if (!u.host.empty() && u.host.front() == '/') socket = u.host;
    if (!socket.empty()) {
      s += "unix_socket=" + conn_value(socket) + " ";
    } else if (!u.host.empty()) {
      s += "host=" + conn_value(u.host) + " ";
    }
    if (!u.port.empty()) s += "port=" + conn_value(u.port) + " ";
    if (const std::string* charset = q("charset"); charset != nullptr && *charset != "utf8mb4") {
      throw ConfigError("database URI '" + out.redacted + "': charset must be utf8mb4, not '" +
                        *charset + "' (jobmond's text is UTF-8)");
    }
    if ((q("ssl_cert") != nullptr || q("ssl_key") != nullptr) && q("ssl_ca") == nullptr) {
      throw ConfigError("database URI '" + out.redacted +
                        "': ssl_cert and ssl_key need ssl_ca, which turns TLS on");
    }
    s += driver_parameters(u, out.redacted, "mysql", kMysqlParameters);
    s += "charset=utf8mb4";
    out.backend = Backend::kMysql;
    out.soci_connect = s;
    return out;
  }
  throw ConfigError("unsupported database URI scheme '" + u.scheme + "' in '" + out.redacted +
                    "'; supported: sqlite, postgresql (postgresql+psycopg2), mysql "
                    "(mysql+pymysql)");
}

}  // namespace jobmon::orm
