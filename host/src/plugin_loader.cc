#include "plugin_loader.h"

#include <cstring>
#include <system_error>

#include "host_registry.h"
#include "jobmon/plugin_api.h"

namespace jobmon::host {

namespace {

constexpr const char* kDescriptorSymbol = "jobmon_plugin_descriptor";
constexpr const char* kRegisterSymbol = "jobmon_plugin_register";

bool valid_plugin_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

std::string text_or_null(const char* s) { return s == nullptr ? "(null)" : std::string(s); }

}  // namespace

PluginLoader::~PluginLoader() = default;

bool PluginLoader::is_loaded(const std::string& name) const {
  for (const LoadedPlugin& p : plugins_) {
    if (p.name == name) return true;
  }
  return false;
}

void PluginLoader::load_all(const std::vector<std::string>& names, const std::filesystem::path& dir,
                            RouteTable& routes, orm::Database& db,
                            const std::string& build_signature) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!valid_plugin_name(names[i])) {
      throw PluginError("invalid plugin name '" + names[i] +
                        "' (letters, digits, '_' and '-' only)");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (names[j] == names[i]) throw PluginError("plugin '" + names[i] + "' is listed twice");
    }
  }
  for (const std::string& name : names) load_one(name, dir, routes, db, build_signature);
}

void PluginLoader::load_one(const std::string& name, const std::filesystem::path& dir,
                            RouteTable& routes, orm::Database& db,
                            const std::string& build_signature) {
  // `dir` may list several directories, colon-separated (an operator's own plugins next to the
  // installed ones): the first that holds NAME.so wins.
  std::filesystem::path file;
  std::error_code ec;
  const std::string dirs = dir.string();
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t colon = dirs.find(':', start);
    if (colon == std::string::npos) colon = dirs.size();
    const std::filesystem::path candidate =
        std::filesystem::path(dirs.substr(start, colon - start)) / (name + ".so");
    if (file.empty()) file = candidate;  // named in the message when none exists
    if (std::filesystem::is_regular_file(candidate, ec)) {
      file = candidate;
      break;
    }
    start = colon + 1;
  }
  const std::string where = "plugin '" + name + "' (" + file.string() + ")";
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw PluginError(where + ": file not found (searched " + dirs + ")");
  }

  boost::dll::shared_library lib;
  try {
    // rtld_now: an unresolved symbol fails here, not at the first call of a handler.
    lib.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    throw PluginError(where + ": cannot be loaded: " + e.what());
  }
  if (!lib.has(kDescriptorSymbol)) {
    throw PluginError(where + ": missing entry symbol '" + kDescriptorSymbol +
                      "' (not a jobmond plugin? use JOBMON_DECLARE_PLUGIN)");
  }
  const auto& descriptor = lib.get<const api::PluginDescriptor>(kDescriptorSymbol);
  // api_version first: with another version the rest of the layout cannot be trusted.
  if (descriptor.api_version != api::kPluginApiVersion) {
    throw PluginError(where + ": plugin API version mismatch: plugin has " +
                      std::to_string(descriptor.api_version) + ", jobmond has " +
                      std::to_string(api::kPluginApiVersion));
  }
  if (descriptor.build_signature == nullptr || build_signature != descriptor.build_signature) {
    throw PluginError(where + ": build signature mismatch: plugin was built as '" +
                      text_or_null(descriptor.build_signature) + "', jobmond as '" +
                      build_signature + "' (rebuild the plugin with this jobmond)");
  }
  if (descriptor.name == nullptr || name != descriptor.name) {
    throw PluginError(where + ": declares plugin name '" + text_or_null(descriptor.name) +
                      "', expected '" + name + "'");
  }
  if (descriptor.route_prefix == nullptr || descriptor.route_prefix[0] != '/') {
    throw PluginError(where + ": route prefix '" + text_or_null(descriptor.route_prefix) +
                      "' must start with '/'");
  }
  if (descriptor.requires_ != nullptr) {
    for (const char* const* r = descriptor.requires_; *r != nullptr; ++r) {
      if (!is_loaded(*r)) {
        throw PluginError(where + ": requires plugin '" + std::string(*r) +
                          "', which is not loaded before it (list it earlier in --plugins)");
      }
    }
  }
  if (!lib.has(kRegisterSymbol)) {
    throw PluginError(where + ": missing entry symbol '" + kRegisterSymbol + "'");
  }
  auto& register_fn = lib.get<api::RegisterFunction>(kRegisterSymbol);

  // From here on the table may hold this plugin's handlers: keep the library mapped even if
  // registration fails, so the table (destroyed first) never outlives the code.
  plugins_.push_back(LoadedPlugin{name, file, descriptor.route_prefix, 0, std::move(lib)});
  HostRegistry registry(routes, db, name, descriptor.route_prefix, admin_refusal_);
  try {
    register_fn(registry);
  } catch (const std::exception& e) {
    throw PluginError(where + ": registration failed: " + e.what());
  } catch (...) {
    throw PluginError(where + ": registration failed: non-standard exception");
  }
  plugins_.back().route_count = registry.finish();
}

void PluginLoader::unload_all() {
  // Last loaded first: a plugin may depend on one loaded before it.
  while (!plugins_.empty()) plugins_.pop_back();
}

}  // namespace jobmon::host
