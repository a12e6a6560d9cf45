#pragma once
// The api::Registry a plugin's register function receives: one per plugin, used only on the
// main thread during start-up. Routes go straight into the host's RouteTable (so a duplicate
// throws inside the plugin's add() call, as plugin_api.h promises); the plugin's auth policy is
// applied to all of its routes when registration ends (finish()).
#include <string>
#include <vector>

#include "http/router.h"
#include "jobmon/plugin_api.h"

namespace jobmon::host {

class HostRegistry : public api::Registry {
 public:
  // `admin_refusal`: why this deployment cannot serve administrative routes, or empty when it
  // can (admin_routes_refusal(), auth.h).
  HostRegistry(RouteTable& table, orm::Database& db, std::string plugin_name, std::string prefix,
               std::string admin_refusal);

  void add(api::RouteSpec route) override;
  // Throws RouteError for kRequireAdmin when admin_refusal is set, before the plugin goes on.
  void set_auth_policy(api::AuthPolicy policy) override;
  orm::Database& database() override { return db_; }

  // Applies the plugin's policy to its routes; returns how many it registered.
  std::size_t finish();

 private:
  RouteTable& table_;
  orm::Database& db_;
  std::string plugin_name_;
  std::string prefix_;
  std::string admin_refusal_;
  // Secure default for a plugin that never states a policy.
  api::AuthPolicy policy_ = api::AuthPolicy::kRequireUser;
  std::vector<Route*> added_;
};

}  // namespace jobmon::host
