#include "application.h"

#include "auth.h"
#include "auth_config.h"
#include "log.h"
#include "new_database_file.h"
#include "openapi.h"

namespace jobmon::host {

Application::Application(Config config) : config_(std::move(config)) {}

Application::~Application() { stop(); }

std::uint16_t Application::start() {
  NewDatabaseFile created(config_.db.uri);
  try {
    const std::uint16_t port = start_serving();
    created.keep();
    return port;
  } catch (...) {
    if (db_ != nullptr && db_->schema_created()) created.schema_is_ours();
    stop();  // closes the database before its new file goes
    throw;
  }
}

std::uint16_t Application::start_serving() {
  log_info(std::string("jobmond ") + JOBMOND_VERSION + " starting (build " +
           JOBMOND_BUILD_SIGNATURE + ")");
  db_ = orm::Database::open(config_.db);
  log_info("database " + db_->redacted_uri() + " (" + orm::backend_name(db_->backend()) +
           ", pool of " + std::to_string(db_->pool_size()) + ")");

  routes_ = std::make_shared<RouteTable>();
  plugins_.refuse_admin_routes(admin_routes_refusal(config_.auth));
  plugins_.load_all(config_.plugins, config_.plugin_dir, *routes_, *db_, JOBMOND_BUILD_SIGNATURE);
  for (const LoadedPlugin& p : plugins_.plugins()) {
    log_info("plugin " + p.name + " loaded from " + p.file.string() + ": " +
             std::to_string(p.route_count) + " routes under " + p.prefix);
  }
  if (config_.auth.admin_open) {
    log_warning("--admin-open: the admin routes are open to " +
                std::string(config_.auth.mode == AuthMode::kDisabled
                                ? "everyone, unauthenticated"
                                : "every authenticated user, in the admin group or not"));
  }

  std::shared_ptr<const Authenticator> auth = make_authenticator(config_.auth);
  log_info(describe(config_.auth));
  auto policy =
      std::make_shared<const HttpPolicy>(config_.cors, config_.auth.mode != AuthMode::kDisabled);
  auto docs = std::make_shared<const ApiDocs>(
      openapi_document(*routes_, config_.auth.mode != AuthMode::kDisabled), config_.docs_dir);
  log_info(docs->has_swagger_ui() ? "API docs at /api/docs (Swagger UI from " +
                                        config_.docs_dir.string() + "), /api/openapi.json"
                                  : "API document at /api/openapi.json (no Swagger UI installed)");
  dispatcher_ = std::make_shared<const Dispatcher>(routes_, auth, policy,
                                                   std::make_shared<Metrics>(), db_.get(), docs);

  HttpServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.threads = config_.threads;
  options.max_body_bytes = config_.max_body_bytes;
  options.keepalive_timeout = config_.keepalive_timeout;
  options.request_read_timeout = config_.request_read_timeout;
  server_ = std::make_unique<HttpServer>(options, dispatcher_);
  const std::uint16_t port = server_->start();
  serving_ = true;
  log_info("serving " + std::to_string(routes_->size()) + " routes on " + config_.host + ":" +
           std::to_string(port) + " with " + std::to_string(config_.threads) + " threads");
  return port;
}

void Application::stop() {
  if (serving_) {
    log_info("shutting down: draining requests in flight");
    if (!server_->stop(config_.drain_timeout)) {
      log_warning("drain timed out; closing with requests still in flight");
    }
    serving_ = false;
  }
  server_.reset();
  dispatcher_.reset();
  routes_.reset();
  plugins_.unload_all();
  db_.reset();
}

}  // namespace jobmon::host
