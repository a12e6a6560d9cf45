#pragma once
// The authentication and CORS settings (JOBMON__AUTH__*, JOBMON__OIDC__ADMIN_GROUP,
// JOBMON__CORS__ALLOWED_ORIGINS and their flags), parsed and checked at start-up.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "settings.h"

namespace jobmon::host {

// How v3 (and compat) requests are authenticated. v2 is never authenticated.
enum class AuthMode {
  kDisabled,       // everyone is the reference's anonymous user; ownership checks are skipped
  kTrustedHeader,  // a reverse proxy authenticates and names the user in a header
  kBearer,         // Authorization: Bearer <JWT>, verified locally
};

struct AuthConfig {
  // Built-in default is *disabled* (unlike the reference, whose default needs a browser
  // session the Jobmon client cannot have).
  AuthMode mode = AuthMode::kDisabled;
  // trusted_header: the headers are honoured only from these peers (CIDR or plain address).
  std::vector<std::string> trusted_proxies = {"127.0.0.1/32", "::1/128"};
  std::string user_header = "X-Forwarded-User";
  std::string email_header = "X-Forwarded-Email";
  std::string groups_header = "X-Forwarded-Groups";
  // bearer: exactly one key source. The secret file holds an HS256 secret; the public key
  // file a PEM (RSA -> RS256/384/512, EC -> ES256/384/512); the JWKS file a JSON key set.
  std::filesystem::path jwt_secret_file, jwt_public_key_file, jwks_file;
  std::string jwt_issuer;    // empty: not checked
  std::string jwt_audience;  // empty: not checked
  // Empty: the local part of `email`, as the reference compares users, else
  // `preferred_username`.
  std::string username_claim;
  std::string groups_claim = "groups";
  std::chrono::seconds clock_leeway{30};
  // Members may act on any workflow (the reference's OIDC__ADMIN_GROUP).
  std::string admin_group;
  // When set, an authenticated user outside this group is refused with 403.
  std::string required_group;
  // Admin routes (AuthPolicy::kRequireAdmin, the admin plugin) open to everyone. Without it a
  // plugin with such routes is refused unless authentication is on and admin_group is set.
  bool admin_open = false;
};

struct CorsConfig {
  // Used only when auth is enabled (credentials allowed, these origins only); with auth
  // disabled every origin is allowed without credentials, as in the reference.
  std::vector<std::string> allowed_origins = {"http://localhost:3000", "http://localhost:3001",
                                              "http://127.0.0.1:3000", "http://127.0.0.1:3001"};
};

// Throws ConfigError naming the flag or variable at fault. Key files are checked to exist
// here; their contents are read (and never logged) when the authenticator is made.
AuthConfig parse_auth_config(const SettingLookup& pick);
CorsConfig parse_cors_config(const SettingLookup& pick);

// One line for the start-up log: the mode and its non-secret settings.
std::string describe(const AuthConfig& auth);

}  // namespace jobmon::host
