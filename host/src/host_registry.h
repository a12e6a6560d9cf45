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
  HostRegistry(RouteTable& table, orm::Database& db, std::string plugin_name, std::string prefix);

  void add(api::RouteSpec route) override;
  void set_auth_policy(api::AuthPolicy policy) override { policy_ = policy; }
  orm::Database& database() override { return db_; }

  // Applies the plugin's policy to its routes; returns how many it registered.
  std::size_t finish();

 private:
  RouteTable& table_;
  orm::Database& db_;
  std::string plugin_name_;
  std::string prefix_;
  // Secure default for a plugin that never states a policy.
  api::AuthPolicy policy_ = api::AuthPolicy::kRequireUser;
  std::vector<Route*> added_;
};

}  // namespace jobmon::host
