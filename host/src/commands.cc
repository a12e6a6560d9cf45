#include "commands.h"

#include <algorithm>
#include <filesystem>
#include <iomanip>

#include "auth.h"
#include "auth_config.h"
#include "http/router.h"
#include "new_database_file.h"
#include "plugin_loader.h"

namespace jobmon::host {

namespace {

// Loads the configured plugins into `routes` against `db`; false (with the reason on `err`)
// when one is refused. `as_served`: refuse what serving would refuse (administrative routes the
// configuration cannot protect); listing the routes serves nothing.
bool load_plugins(const Config& config, orm::Database& db, RouteTable& routes, PluginLoader& loader,
                  std::ostream& err, bool as_served = true) {
  try {
    if (as_served) loader.refuse_admin_routes(admin_routes_refusal(config.auth));
    loader.load_all(config.plugins, config.plugin_dir, routes, db, JOBMOND_BUILD_SIGNATURE);
    return true;
  } catch (const std::exception& e) {
    err << "jobmond: " << e.what() << "\n";
    return false;
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

// Every flag, its variables and where its value came from (values are in the summary above,
// secrets masked there).
void print_sources(const Config& config, std::ostream& out) {
  out << "settings          flag, where its value came from (the flag, a variable or the "
         "default), its variables\n";
  for (const SettingSource& s : config.sources) {
    std::string variables;
    for (const auto& v : s.variables) variables += (variables.empty() ? "" : ", ") + v;
    out << "  " << std::left << std::setw(27) << s.flag << " " << std::setw(36) << s.from << " "
        << variables << "\n";
  }
}

}  // namespace

int print_routes(const Config& config, std::ostream& out, std::ostream& err) {
  // Plugins need a database handle to register; an in-memory one keeps the real one untouched.
  orm::DatabaseConfig memory;
  memory.uri = "sqlite:///:memory:";
  memory.pool_size = 1;
  auto db = orm::Database::open(memory);
  PluginLoader loader;
  // Declared after the loader: the table holds handlers whose code lives in the plugins, so it
  // must be gone before they are unloaded (see PluginLoader).
  RouteTable routes;
  if (!load_plugins(config, *db, routes, loader, err, /*as_served=*/false)) return 1;
  std::vector<const Route*> sorted;
  for (const auto& r : routes.routes()) sorted.push_back(r.get());
  std::sort(sorted.begin(), sorted.end(), [](const Route* a, const Route* b) {
    return std::tie(a->path_template, a->method) < std::tie(b->path_template, b->method);
  });
  std::size_t width = 4;
  for (const Route* r : sorted) width = std::max(width, r->path_template.size());
  out << std::left << std::setw(7) << "METHOD" << std::setw(static_cast<int>(width) + 2) << "PATH"
      << std::setw(9) << "PLUGIN"
      << "SUMMARY\n";
  for (const Route* r : sorted) {
    out << std::setw(7) << api::method_name(r->method) << std::setw(static_cast<int>(width) + 2)
        << r->path_template << std::setw(9) << r->plugin << r->summary << "\n";
  }
  out << sorted.size() << " routes from plugins " << join(config.plugins) << "\n";
  return 0;
}

int check_config(const Config& config, std::ostream& out, std::ostream& err) {
  out << "listen            " << config.host << ":" << config.port << "\n"
      << "threads           " << config.threads << " for handlers, 1 for the network\n"
      << "plugins           " << join(config.plugins) << " from " << config.plugin_dir.string()
      << "\n"
      << "max body          " << config.max_body_bytes << " bytes\n"
      << "read timeout      " << config.request_read_timeout.count() / 1000 << " s\n"
      << "keep-alive        " << config.keepalive_timeout.count() / 1000 << " s\n"
      << "drain timeout     " << config.drain_timeout.count() / 1000 << " s\n"
      << "auth              " << describe(config.auth) << "\n"
      << "admin group       " << (config.auth.admin_group.empty() ? "-" : config.auth.admin_group)
      << (config.auth.admin_open ? " (admin routes open to everyone: --admin-open)" : "") << "\n"
      << "cors origins      " << join(config.cors.allowed_origins) << "\n"
      << "server version    "
      << (config.db.server_version.empty() ? "jobmond-" JOBMOND_VERSION : config.db.server_version)
      << " (written into new workflow runs)\n"
      << "heartbeat         report_by_buffer " << config.db.heartbeat.report_by_buffer
      << ", task_instance_interval " << config.db.heartbeat.task_instance_interval << " s (grace "
      << config.db.heartbeat.grace_seconds() << " s)\n"
      << "reaper            every " << config.reaper.poll_interval.count() / 1000.0 << " s, "
      << (config.reaper.webhook.host.empty()
              ? std::string("notifications logged only")
              : "notifications to http://" + config.reaper.webhook.host + ":" +
                    config.reaper.webhook.port +
                    (config.reaper.webhook_token.empty() ? "" : " (token ***)"))
      << "\n"
      << "log               " << (config.log_file.empty() ? "stderr" : config.log_file.string())
      << "\n";
  print_sources(config, out);
  int status = 0;
  try {
    make_authenticator(config.auth);  // reads and checks the key files
  } catch (const std::exception& e) {
    err << "jobmond: authentication: " << e.what() << "\n";
    status = 1;
  }
  // A check changes nothing and creates no file: a SQLite file not made yet is not opened (a
  // server starting beside the check may be making it), and the plugins are checked against an
  // in-memory database instead.
  orm::DatabaseConfig db_config = config.db;
  db_config.create_schema = false;
  db_config.pool_size = 1;
  std::unique_ptr<orm::Database> db;
  try {
    const orm::ParsedUri parsed = orm::parse_database_uri(config.db.uri);
    if (!parsed.sqlite_file.empty() && !std::filesystem::exists(parsed.sqlite_file)) {
      out << "database          " << parsed.redacted
          << " (sqlite): not created yet (starting jobmond or init-db creates it)\n";
      db_config.uri = "sqlite:///:memory:";
      db_config.create_schema = true;
      db = orm::Database::open(db_config);
    } else {
      db = orm::Database::open(db_config);
      out << "database          " << db->redacted_uri() << " (" << orm::backend_name(db->backend())
          << "), pool of " << config.db.pool_size << ": reachable\n";
    }
  } catch (const std::exception& e) {
    // The orm's messages redact passwords.
    err << "jobmond: database: " << e.what() << "\n";
    return 1;
  }
  PluginLoader loader;
  RouteTable routes;  // after the loader: destroyed before the plugins are unloaded
  if (!load_plugins(config, *db, routes, loader, err)) return 1;
  out << "routes            " << routes.size() << "\n";
  out << (status == 0 ? "configuration OK\n" : "configuration has problems\n");
  return status;
}

int init_db(const Config& config, std::ostream& out, std::ostream& err) {
  NewDatabaseFile created(config.db.uri);  // kept only when the schema is in it
  orm::DatabaseConfig db_config = config.db;
  db_config.create_schema = true;
  db_config.pool_size = 1;
  try {
    auto db = orm::Database::open(db_config);
    created.keep();
    out << (db->schema_created() ? "created the Jobmon schema in "
                                 : "verified the existing Jobmon schema in ")
        << db->redacted_uri() << " (" << orm::backend_name(db->backend()) << ")\n";
    return 0;
  } catch (const std::exception& e) {
    err << "jobmond: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace jobmon::host
