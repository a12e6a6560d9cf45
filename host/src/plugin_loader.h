#pragma once
// Loads route plugins with Boost.DLL at start-up, in the configured order, and keeps their
// libraries mapped for the life of the loader. Every handler a plugin registers is code inside
// its library, so the loader must be destroyed after the RouteTable and after every copy of a
// handler (the Application declares it before them; see docs/dependencies.md §5.6).
//
// Refusals are fatal: load_all() throws PluginError with a message naming the file and the
// reason (missing file, missing symbol, API version or build signature mismatch, a required
// plugin not loaded before, a duplicate route, a name that does not match the file, a register
// function that throws).
#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/router.h"

namespace jobmon::orm {
class Database;
}

namespace jobmon::host {

class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct LoadedPlugin {
  std::string name;
  std::filesystem::path file;
  std::string prefix;
  std::size_t route_count = 0;
  boost::dll::shared_library library;
};

class PluginLoader {
 public:
  PluginLoader() = default;
  ~PluginLoader();
  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;

  // Loads `names` from `dir` (NAME -> dir/NAME.so), registering their routes into `routes`.
  // `build_signature` is the host's own JOBMOND_BUILD_SIGNATURE.
  void load_all(const std::vector<std::string>& names, const std::filesystem::path& dir,
                RouteTable& routes, orm::Database& db, const std::string& build_signature);

  const std::vector<LoadedPlugin>& plugins() const { return plugins_; }

  // Why plugins asking for AuthPolicy::kRequireAdmin must be refused (admin_routes_refusal(),
  // auth.h); empty: they may load. Set before load_all().
  void refuse_admin_routes(std::string why) { admin_refusal_ = std::move(why); }

  // Unmaps every library. Only once nothing registered by them can run any more.
  void unload_all();

 private:
  void load_one(const std::string& name, const std::filesystem::path& dir, RouteTable& routes,
                orm::Database& db, const std::string& build_signature);
  bool is_loaded(const std::string& name) const;
  std::string admin_refusal_;

  std::vector<LoadedPlugin> plugins_;
};

}  // namespace jobmon::host
