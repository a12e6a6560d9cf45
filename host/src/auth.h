#pragma once
// Who is calling: decided by the host before a handler runs, from the route's plugin policy.
// v2 routes (AuthPolicy::kNone) are never authenticated; v3 and compat routes
// (kRequireUser) need a user unless authentication is disabled. The dispatcher only knows this
// interface; the modes (disabled, trusted header, bearer JWT) are its implementations.
// Implementations are immutable after construction and called concurrently from server threads.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth_config.h"
#include "incoming_request.h"
#include "jobmon/plugin_api.h"

namespace jobmon::host {

// What an authenticator may look at.
struct Credentials {
  HeaderLookup header;  // may be empty: no headers
  std::string peer;     // the TCP peer's address, e.g. 127.0.0.1 or ::1
};

// The decision: a user, or a refusal to send (401 with a challenge, or 403).
struct AuthResult {
  std::optional<api::User> user;
  int status = 401;
  std::string detail;            // the response's {"detail": ...}
  std::string www_authenticate;  // the challenge header of a 401
  std::string reason;            // for the log only: why (never the credential itself)

  static AuthResult allow(api::User u);
  static AuthResult refuse(int status, std::string detail, std::string challenge,
                           std::string reason);
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual AuthResult authenticate(api::AuthPolicy policy, const Credentials& credentials) const = 0;
};

// The reference's anonymous user (auth disabled).
api::User anonymous_user();

// Why this configuration cannot serve administrative routes (AuthPolicy::kRequireAdmin), or empty
// when it can: authentication on with an admin group, or --admin-open.
std::string admin_routes_refusal(const AuthConfig& config);

// The authenticator for a configuration. Reads key files; throws ConfigError when a key
// cannot be used (the message names the file, never its content).
std::unique_ptr<Authenticator> make_authenticator(const AuthConfig& config);

}  // namespace jobmon::host
