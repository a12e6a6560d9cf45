#include "auth.h"

#include "jobmon/errors.h"

namespace jobmon::host {

api::User anonymous_user() {
  api::User u;
  u.username = "anonymous";
  u.email = "anonymous@localhost";
  u.groups = {"anonymous"};
  u.anonymous = true;
  u.is_admin = false;
  return u;
}

namespace {

class AnonymousAuthenticator : public Authenticator {
 public:
  api::User authenticate(api::AuthPolicy, const HeaderLookup&) const override {
    return anonymous_user();
  }
};

class SessionlessAuthenticator : public Authenticator {
 public:
  api::User authenticate(api::AuthPolicy policy, const HeaderLookup&) const override {
    if (policy == api::AuthPolicy::kRequireUser) throw api::DetailError(403, "Unauthorized");
    return anonymous_user();
  }
};

}  // namespace

std::unique_ptr<Authenticator> make_anonymous_authenticator() {
  return std::make_unique<AnonymousAuthenticator>();
}

std::unique_ptr<Authenticator> make_sessionless_authenticator() {
  return std::make_unique<SessionlessAuthenticator>();
}

}  // namespace jobmon::host
