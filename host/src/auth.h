#pragma once
// Who is calling: decided by the host before a handler runs, from the route's plugin policy.
// This is the seam the authentication issue replaces (session cookies, OIDC); the dispatcher only
// knows this interface. Implementations are immutable after construction and called
// concurrently from server threads.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jobmon/plugin_api.h"

namespace jobmon::host {

// Reads one request header by (case-insensitive) name.
using HeaderLookup = std::function<std::optional<std::string>(std::string_view name)>;

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The user for this request, or throws api::DetailError (403 {"detail":"Unauthorized"} when
  // the policy requires a user and there is none).
  virtual api::User authenticate(api::AuthPolicy policy, const HeaderLookup& headers) const = 0;
};

// The reference's anonymous user (auth disabled).
api::User anonymous_user();

// Authentication disabled: everyone is the anonymous user.
std::unique_ptr<Authenticator> make_anonymous_authenticator();
// Authentication enabled, but no session support yet: kRequireUser routes answer 403, as the
// reference does for a request without a session; kNone routes get the anonymous user.
std::unique_ptr<Authenticator> make_sessionless_authenticator();

}  // namespace jobmon::host
