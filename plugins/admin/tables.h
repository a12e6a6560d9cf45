#pragma once
// The tables the admin plugin owns (docs/plugins.md, "Tables of a plugin's own"), beside
// Jobmon's and never altering them: a database with them stays usable by the Python server.
#include <vector>

#include "jobmon/orm/plugin_tables.h"

namespace jobmon::admin {

// Version 1: the status history (jobmon/orm/status_history.h writes and reads it).
const std::vector<orm::PluginTablesMigration>& admin_tables();

}  // namespace jobmon::admin
