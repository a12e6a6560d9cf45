#pragma once
// The authentication and CORS settings (JOBMON__AUTH__*, JOBMON__OIDC__ADMIN_GROUP,
// JOBMON__CORS__ALLOWED_ORIGINS and their flags), parsed and checked at start-up.
#include "config.h"

namespace jobmon::host {

// Throws ConfigError naming the flag or variable at fault. Key files are checked to exist
// here; their contents are read (and never logged) when the authenticator is made.
AuthConfig parse_auth_config(const SettingLookup& pick);
CorsConfig parse_cors_config(const SettingLookup& pick);

// One line for the start-up log: the mode and its non-secret settings.
std::string describe(const AuthConfig& auth);

}  // namespace jobmon::host
