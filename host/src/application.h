#pragma once
// The whole server: database, plugins, route table, dispatcher and HTTP endpoint, created in
// that order and torn down in the reverse one (endpoint -> dispatcher/handlers -> plugin
// libraries -> database). Members are declared in creation order so that even an exception
// during start-up destroys them safely: nothing that holds plugin code outlives the libraries.
#include <cstdint>
#include <memory>

#include "config.h"
#include "dispatcher.h"
#include "http_server.h"
#include "jobmon/orm/database.h"
#include "plugin_loader.h"
#include "router.h"

namespace jobmon::host {

class Application {
 public:
  explicit Application(Config config);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Opens the database, loads the plugins, starts serving. Returns the bound port.
  // Throws (orm::ConfigError, PluginError, std::exception) with a message fit for the operator;
  // a refused start leaves no new SQLite file behind.
  std::uint16_t start();

  // Drains and tears everything down in order. Idempotent.
  void stop();

 private:
  std::uint16_t start_serving();

  Config config_;
  bool serving_ = false;                // the server started: stop() drains it
  std::unique_ptr<orm::Database> db_;   // destroyed last
  PluginLoader plugins_;                // libraries: after every handler
  std::shared_ptr<RouteTable> routes_;  // holds the handlers
  std::shared_ptr<const Dispatcher> dispatcher_;
  std::unique_ptr<HttpServer> server_;  // destroyed first
};

}  // namespace jobmon::host
