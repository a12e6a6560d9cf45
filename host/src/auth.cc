#include "auth.h"

#include <algorithm>
#include <sstream>

#include "address_set.h"
#include "jwt_verifier.h"

namespace jobmon::host {

AuthResult AuthResult::allow(api::User u) {
  AuthResult r;
  r.user = std::move(u);
  r.status = 200;
  return r;
}

AuthResult AuthResult::refuse(int status, std::string detail, std::string challenge,
                              std::string reason) {
  AuthResult r;
  r.status = status;
  r.detail = std::move(detail);
  r.www_authenticate = std::move(challenge);
  r.reason = std::move(reason);
  return r;
}

api::User anonymous_user() {
  api::User u;
  u.username = "anonymous";
  u.email = "anonymous@localhost";
  u.groups = {"anonymous"};
  u.anonymous = true;
  u.is_admin = false;
  return u;
}

std::string admin_routes_refusal(const AuthConfig& config) {
  if (config.admin_open) return "";
  if (config.mode == AuthMode::kDisabled) {
    return "authentication is disabled: enable it (--auth-mode) and name the admin group "
           "(--auth-admin-group), or open the admin routes to everyone with --admin-open true";
  }
  if (config.admin_group.empty()) {
    return "no admin group is configured: name it with --auth-admin-group "
           "(JOBMON__OIDC__ADMIN_GROUP), or open the admin routes with --admin-open true";
  }
  return "";
}

namespace {

constexpr const char* kNotAuthenticated = "Not authenticated";

class AnonymousAuthenticator : public Authenticator {
 public:
  AuthResult authenticate(api::AuthPolicy, const Credentials&) const override {
    return AuthResult::allow(anonymous_user());
  }
};

// What the enabled modes share: v2 routes stay anonymous; a found user gets its admin flag
// and must be in the required group when one is configured.
class IdentifyingAuthenticator : public Authenticator {
 public:
  explicit IdentifyingAuthenticator(const AuthConfig& config)
      : admin_group_(config.admin_group),
        required_group_(config.required_group),
        admin_open_(config.admin_open) {}

  AuthResult authenticate(api::AuthPolicy policy, const Credentials& c) const final {
    if (policy == api::AuthPolicy::kNone) return AuthResult::allow(anonymous_user());
    AuthResult r = identify(c);
    if (!r.user) return r;
    const auto& groups = r.user->groups;
    auto member = [&](const std::string& g) {
      return !g.empty() && std::find(groups.begin(), groups.end(), g) != groups.end();
    };
    r.user->is_admin = member(admin_group_);
    if (!required_group_.empty() && !member(required_group_)) {
      return AuthResult::refuse(
          403, "Forbidden", "",
          "user '" + r.user->username + "' is not in group '" + required_group_ + "'");
    }
    if (policy == api::AuthPolicy::kRequireAdmin && !r.user->is_admin && !admin_open_) {
      return AuthResult::refuse(
          403, "Forbidden", "",
          "user '" + r.user->username + "' is not in the admin group '" + admin_group_ + "'");
    }
    return r;
  }

 protected:
  virtual AuthResult identify(const Credentials& c) const = 0;

 private:
  std::string admin_group_, required_group_;
  bool admin_open_;
};

std::optional<std::string> header(const Credentials& c, std::string_view name) {
  if (!c.header) return std::nullopt;
  auto v = c.header(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

// A reverse proxy (oauth2-proxy, nginx auth_request, mod_auth_openidc) has authenticated the
// user; its headers are believed only when the TCP peer is one of the configured proxies,
// so a client talking to jobmond directly cannot claim to be someone.
class TrustedHeaderAuthenticator : public IdentifyingAuthenticator {
 public:
  explicit TrustedHeaderAuthenticator(const AuthConfig& config)
      : IdentifyingAuthenticator(config),
        proxies_(AddressSet::parse(config.trusted_proxies, "JOBMON__AUTH__TRUSTED_PROXIES")),
        user_header_(config.user_header),
        email_header_(config.email_header),
        groups_header_(config.groups_header),
        challenge_("Proxy realm=\"jobmon\"") {}

 protected:
  AuthResult identify(const Credentials& c) const override {
    if (!proxies_.contains(c.peer)) {
      return AuthResult::refuse(401, kNotAuthenticated, challenge_,
                                "request did not come through a trusted proxy");
    }
    auto user = header(c, user_header_);
    auto email = header(c, email_header_);
    if (!user && !email) {
      return AuthResult::refuse(401, kNotAuthenticated, challenge_,
                                "trusted proxy sent no " + user_header_ + " header");
    }
    api::User u;
    u.anonymous = false;
    u.email = email.value_or("");
    // The reference compares the local part of the e-mail address with the run's user.
    const std::string& name = email ? *email : *user;
    u.username = name.substr(0, name.find('@'));
    if (auto groups = header(c, groups_header_)) {
      std::string list = *groups;
      std::replace(list.begin(), list.end(), ',', ' ');
      std::istringstream words(list);
      for (std::string g; words >> g;) u.groups.push_back(g);
    }
    return AuthResult::allow(std::move(u));
  }

 private:
  AddressSet proxies_;
  std::string user_header_, email_header_, groups_header_, challenge_;
};

// Authorization: Bearer <JWT>, verified with the configured key.
class BearerAuthenticator : public IdentifyingAuthenticator {
 public:
  explicit BearerAuthenticator(const AuthConfig& config)
      : IdentifyingAuthenticator(config), verifier_(config) {}

 protected:
  AuthResult identify(const Credentials& c) const override {
    auto authorization = header(c, "Authorization");
    if (!authorization) {
      return AuthResult::refuse(401, kNotAuthenticated, "Bearer realm=\"jobmon\"",
                                "no Authorization header");
    }
    const std::string& value = *authorization;
    const std::size_t space = value.find(' ');
    std::string scheme = value.substr(0, space);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (scheme != "bearer" || space == std::string::npos) {
      return AuthResult::refuse(401, kNotAuthenticated, "Bearer realm=\"jobmon\"",
                                "Authorization is not a bearer token");
    }
    std::string token = value.substr(space + 1);
    token.erase(0, token.find_first_not_of(' '));
    JwtVerifier::Outcome o = verifier_.verify(token);
    if (!o.user) {
      // RFC 6750 3: the challenge says why, in words that reveal nothing of the token.
      return AuthResult::refuse(
          401, kNotAuthenticated,
          "Bearer realm=\"jobmon\", error=\"invalid_token\", error_description=\"" + o.error + "\"",
          o.error);
    }
    return AuthResult::allow(std::move(*o.user));
  }

 private:
  JwtVerifier verifier_;
};

}  // namespace

std::unique_ptr<Authenticator> make_authenticator(const AuthConfig& config) {
  switch (config.mode) {
    case AuthMode::kTrustedHeader:
      return std::make_unique<TrustedHeaderAuthenticator>(config);
    case AuthMode::kBearer:
      return std::make_unique<BearerAuthenticator>(config);
    case AuthMode::kDisabled:
      break;
  }
  return std::make_unique<AnonymousAuthenticator>();
}

}  // namespace jobmon::host
