// The authenticators without sockets: trusted header (proxy addresses, spoofing) and bearer
// JWT (HS256, RS256, ES256, JWKS; every way a token can be wrong), the shared group rules,
// and the authentication settings.
#include "auth.h"

#include <gtest/gtest.h>

#include <map>

#include "address_set.h"
#include "auth_config.h"
#include "test_tokens.h"

namespace jobmon::host {
namespace {

using testing::now_seconds;
using testing::sign_token;
using testing::write_temp_file;

const std::string kSecret = "0123456789abcdef0123456789abcdef-test-secret";

Credentials with_headers(std::map<std::string, std::string> headers, std::string peer) {
  Credentials c;
  c.peer = std::move(peer);
  c.header = [headers](std::string_view name) -> std::optional<std::string> {
    for (const auto& [k, v] : headers) {
      if (k.size() == name.size() &&
          std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return v;
      }
    }
    return std::nullopt;
  };
  return c;
}

Credentials bearer(const std::string& token) {
  return with_headers({{"Authorization", "Bearer " + token}}, "127.0.0.1");
}

std::string claims(const std::string& extra = "", std::int64_t exp_in = 600,
                   const std::string& groups = R"(["users"])") {
  return R"({"email":"alice@example.org","preferred_username":"ali","groups":)" + groups +
         R"(,"iss":"https://idp.example.org","aud":"jobmon","exp":)" +
         std::to_string(now_seconds() + exp_in) + extra + "}";
}
const std::string kAdmins = R"(["jobmon-admins"])";

AuthConfig bearer_config() {
  AuthConfig c;
  c.mode = AuthMode::kBearer;
  c.jwt_secret_file = write_temp_file("secret", kSecret + "\n");
  c.jwt_issuer = "https://idp.example.org";
  c.jwt_audience = "jobmon";
  c.admin_group = "jobmon-admins";
  return c;
}

// The refusal's reason, or "" when the user was accepted.
std::string reason(const AuthResult& r) { return r.user ? "" : r.reason; }

constexpr auto kV3 = api::AuthPolicy::kRequireUser;

TEST(AddressSetTest, CidrBlocksAndPlainAddresses) {
  AddressSet s = AddressSet::parse({"10.1.0.0/16", "192.168.7.9", "fd00::/8", "::1"}, "proxies");
  EXPECT_TRUE(s.contains("10.1.200.3"));
  EXPECT_FALSE(s.contains("10.2.0.1"));
  EXPECT_TRUE(s.contains("192.168.7.9"));
  EXPECT_FALSE(s.contains("192.168.7.10"));
  EXPECT_TRUE(s.contains("fd12::5"));
  EXPECT_TRUE(s.contains("[::1]"));
  EXPECT_FALSE(s.contains("fe80::1"));
  EXPECT_TRUE(s.contains("::ffff:10.1.2.3"));  // IPv4-mapped IPv6 peer
  EXPECT_FALSE(s.contains("not-an-address"));
  EXPECT_FALSE(s.contains(""));
  EXPECT_TRUE(AddressSet::parse({"0.0.0.0/0"}, "p").contains("8.8.8.8"));
  EXPECT_TRUE(AddressSet::parse({"10.0.0.0/9"}, "p").contains("10.127.0.1"));
  EXPECT_FALSE(AddressSet::parse({"10.0.0.0/9"}, "p").contains("10.128.0.1"));
  EXPECT_THROW(AddressSet::parse({"10.0.0.0/33"}, "p"), ConfigError);
  EXPECT_THROW(AddressSet::parse({"proxy.example.org"}, "p"), ConfigError);
}

TEST(AuthTest, DisabledIsAnonymousEverywhere) {
  auto a = make_authenticator(AuthConfig{});
  AuthResult r = a->authenticate(kV3, Credentials{});
  ASSERT_TRUE(r.user);
  EXPECT_TRUE(r.user->anonymous);
  EXPECT_EQ(r.user->email, "anonymous@localhost");
}

TEST(AuthTest, TrustedHeaderOnlyFromTheProxy) {
  AuthConfig c;
  c.mode = AuthMode::kTrustedHeader;
  c.trusted_proxies = {"10.0.0.5"};
  c.admin_group = "admins";
  auto a = make_authenticator(c);
  std::map<std::string, std::string> h = {{"X-Forwarded-User", "bob"},
                                          {"X-Forwarded-Email", "bob.b@example.org"},
                                          {"X-Forwarded-Groups", "users, admins"}};
  AuthResult ok = a->authenticate(kV3, with_headers(h, "10.0.0.5"));
  ASSERT_TRUE(ok.user);
  EXPECT_EQ(ok.user->username, "bob.b");  // the e-mail's local part, as the reference compares
  EXPECT_EQ(ok.user->email, "bob.b@example.org");
  EXPECT_EQ(ok.user->groups, (std::vector<std::string>{"users", "admins"}));
  EXPECT_TRUE(ok.user->is_admin);
  EXPECT_FALSE(ok.user->anonymous);

  // The same headers straight from a client: spoofing, ignored.
  AuthResult spoofed = a->authenticate(kV3, with_headers(h, "10.0.0.6"));
  EXPECT_FALSE(spoofed.user);
  EXPECT_EQ(spoofed.status, 401);
  EXPECT_EQ(spoofed.detail, "Not authenticated");
  EXPECT_FALSE(spoofed.www_authenticate.empty());

  AuthResult nothing = a->authenticate(kV3, with_headers({}, "10.0.0.5"));
  EXPECT_FALSE(nothing.user);
  EXPECT_NE(nothing.reason.find("X-Forwarded-User"), std::string::npos);

  AuthResult user_only =
      a->authenticate(kV3, with_headers({{"X-Forwarded-User", "carol"}}, "10.0.0.5"));
  ASSERT_TRUE(user_only.user);
  EXPECT_EQ(user_only.user->username, "carol");
  EXPECT_FALSE(user_only.user->is_admin);

  // v2 routes never look.
  EXPECT_TRUE(a->authenticate(api::AuthPolicy::kNone, with_headers({}, "1.2.3.4")).user);
}

TEST(AuthTest, RequiredGroupAnswers403) {
  AuthConfig c;
  c.mode = AuthMode::kTrustedHeader;
  c.required_group = "jobmon-users";
  auto a = make_authenticator(c);
  AuthResult r = a->authenticate(
      kV3,
      with_headers({{"X-Forwarded-User", "dave"}, {"X-Forwarded-Groups", "other"}}, "127.0.0.1"));
  EXPECT_FALSE(r.user);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.detail, "Forbidden");
  EXPECT_TRUE(a->authenticate(kV3, with_headers({{"X-Forwarded-User", "dave"},
                                                 {"X-Forwarded-Groups", "jobmon-users"}},
                                                "::1"))
                  .user);
}

TEST(AuthTest, BearerHs256AcceptsAGoodToken) {
  auto a = make_authenticator(bearer_config());
  AuthResult r = a->authenticate(kV3, bearer(sign_token("HS256", kSecret, claims())));
  ASSERT_TRUE(r.user) << r.reason;
  EXPECT_EQ(r.user->username, "alice");
  EXPECT_EQ(r.user->email, "alice@example.org");
  EXPECT_FALSE(r.user->is_admin);
  // Lower-case scheme is fine (RFC 7235: case-insensitive).
  EXPECT_TRUE(a->authenticate(
                   kV3, with_headers(
                            {{"Authorization", "bearer " + sign_token("HS256", kSecret, claims())}},
                            "1.1.1.1"))
                  .user);
  AuthResult admin =
      a->authenticate(kV3, bearer(sign_token("HS256", kSecret, claims("", 600, kAdmins))));
  ASSERT_TRUE(admin.user);
  EXPECT_TRUE(admin.user->is_admin);
}

TEST(AuthTest, BearerRefusesEveryBadToken) {
  auto a = make_authenticator(bearer_config());
  auto refuse = [&](const Credentials& c) {
    AuthResult r = a->authenticate(kV3, c);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.detail, "Not authenticated");
    EXPECT_EQ(r.www_authenticate.rfind("Bearer realm=\"jobmon\"", 0), 0u) << r.www_authenticate;
    return reason(r);
  };
  EXPECT_EQ(refuse(with_headers({}, "127.0.0.1")), "no Authorization header");
  EXPECT_EQ(refuse(with_headers({{"Authorization", "Basic YTpi"}}, "127.0.0.1")),
            "Authorization is not a bearer token");
  EXPECT_EQ(refuse(bearer("not-a-token")), "malformed token");
  EXPECT_EQ(refuse(bearer("e30.e30.")), "algorithm '' not accepted");
  EXPECT_EQ(refuse(bearer("!!!.e30.sig")), "malformed token");
  EXPECT_EQ(refuse(bearer(sign_token("HS256", kSecret, claims("", -120)))), "token expired");
  EXPECT_EQ(refuse(bearer(sign_token("HS256", kSecret,
                                     claims(",\"nbf\":" + std::to_string(now_seconds() + 600))))),
            "token not yet valid");
  EXPECT_EQ(refuse(bearer(sign_token("HS256", std::string(40, 'x'), claims()))),
            "bad signature or malformed token");
  EXPECT_EQ(refuse(bearer(sign_token("HS256", kSecret,
                                     R"({"email":"a@b","aud":"jobmon",)"
                                     R"("iss":"https://idp.example.org"})"))),
            "token without exp");
  std::string wrong_aud = claims();
  wrong_aud.replace(wrong_aud.find("\"jobmon\""), 8, "\"other\"");
  EXPECT_EQ(refuse(bearer(sign_token("HS256", kSecret, wrong_aud))), "wrong audience");
  std::string wrong_iss = claims();
  wrong_iss.replace(wrong_iss.find("https://idp"), 11, "https://evil");
  EXPECT_EQ(refuse(bearer(sign_token("HS256", kSecret, wrong_iss))), "wrong issuer");
  EXPECT_EQ(refuse(bearer(sign_token("none", "", claims()))), "algorithm 'none' not accepted");
  // A token whose signature was cut off, or whose payload was altered after signing.
  std::string good = sign_token("HS256", kSecret, claims());
  EXPECT_EQ(refuse(bearer(good.substr(0, good.rfind('.') + 1))),
            "bad signature or malformed token");
  std::string other = sign_token("HS256", kSecret, claims("", 600, kAdmins));
  std::string spliced = good.substr(0, good.find('.')) +
                        other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                        good.substr(good.rfind('.'));
  EXPECT_EQ(refuse(bearer(spliced)), "bad signature or malformed token");
}

TEST(AuthTest, AudienceMayBeAList) {
  auto a = make_authenticator(bearer_config());
  std::string c = claims();
  c.replace(c.find("\"aud\":\"jobmon\""), 14, R"("aud":["x","jobmon"])");
  EXPECT_TRUE(a->authenticate(kV3, bearer(sign_token("HS256", kSecret, c))).user);
}

TEST(AuthTest, UsernameClaims) {
  AuthConfig config = bearer_config();
  auto a = make_authenticator(config);
  std::string no_email =
      R"({"preferred_username":"pat","aud":"jobmon","iss":"https://idp.example.org","exp":)" +
      std::to_string(now_seconds() + 60) + "}";
  AuthResult r = a->authenticate(kV3, bearer(sign_token("HS256", kSecret, no_email)));
  ASSERT_TRUE(r.user) << r.reason;
  EXPECT_EQ(r.user->username, "pat");
  config.username_claim = "preferred_username";
  r = make_authenticator(config)->authenticate(kV3, bearer(sign_token("HS256", kSecret, claims())));
  ASSERT_TRUE(r.user);
  EXPECT_EQ(r.user->username, "ali");
  std::string nobody = R"({"aud":"jobmon","iss":"https://idp.example.org","exp":)" +
                       std::to_string(now_seconds() + 60) + "}";
  EXPECT_EQ(reason(a->authenticate(kV3, bearer(sign_token("HS256", kSecret, nobody)))),
            "token names no user");
}

TEST(AuthTest, BearerWithPublicKeys) {
  const auto rsa = testing::make_rsa_key();
  const auto ec = testing::make_ec_key();
  AuthConfig c = bearer_config();
  c.jwt_secret_file.clear();
  c.jwt_public_key_file = write_temp_file("rsa.pem", rsa.public_pem);
  auto by_rsa = make_authenticator(c);
  EXPECT_TRUE(
      by_rsa->authenticate(kV3, bearer(sign_token("RS256", rsa.private_pem, claims()))).user);
  // Signed by another key.
  const auto other = testing::make_rsa_key();
  EXPECT_EQ(
      reason(by_rsa->authenticate(kV3, bearer(sign_token("RS256", other.private_pem, claims())))),
      "bad signature or malformed token");
  // Algorithm confusion: HS256 "signed" with the public key as the secret.
  EXPECT_EQ(
      reason(by_rsa->authenticate(kV3, bearer(sign_token("HS256", rsa.public_pem, claims())))),
      "algorithm 'HS256' not accepted");

  c.jwt_public_key_file = write_temp_file("ec.pem", ec.public_pem);
  auto by_ec = make_authenticator(c);
  EXPECT_TRUE(by_ec->authenticate(kV3, bearer(sign_token("ES256", ec.private_pem, claims()))).user);
  EXPECT_EQ(
      reason(by_ec->authenticate(kV3, bearer(sign_token("RS256", rsa.private_pem, claims())))),
      "algorithm 'RS256' not accepted");
}

TEST(AuthTest, BearerWithJwks) {
  const auto rsa = testing::make_rsa_key();
  const auto ec = testing::make_ec_key();
  AuthConfig c = bearer_config();
  c.jwt_secret_file.clear();
  c.jwks_file = write_temp_file("jwks.json", R"({"keys":[)" + testing::public_jwk(rsa, "r1") + "," +
                                                 testing::public_jwk(ec, "e1") +
                                                 R"(,{"kty":"oct","kid":"skip"}]})");
  auto a = make_authenticator(c);
  EXPECT_TRUE(
      a->authenticate(kV3, bearer(sign_token("RS256", rsa.private_pem, claims(), "r1"))).user);
  EXPECT_TRUE(
      a->authenticate(kV3, bearer(sign_token("ES256", ec.private_pem, claims(), "e1"))).user);
  // The right key id with the other key's signature, an unknown id, and no id among two keys.
  EXPECT_EQ(
      reason(a->authenticate(kV3, bearer(sign_token("RS256", rsa.private_pem, claims(), "e1")))),
      "algorithm 'RS256' not accepted");
  EXPECT_EQ(
      reason(a->authenticate(kV3, bearer(sign_token("RS256", rsa.private_pem, claims(), "zz")))),
      "unknown key id");
  EXPECT_EQ(reason(a->authenticate(kV3, bearer(sign_token("RS256", rsa.private_pem, claims())))),
            "unknown key id");
}

TEST(AuthTest, UnusableKeysAreConfigErrors) {
  AuthConfig c = bearer_config();
  c.jwt_secret_file = write_temp_file("short", "too short");
  EXPECT_THROW(make_authenticator(c), ConfigError);
  c.jwt_secret_file.clear();
  c.jwt_public_key_file = write_temp_file("bad.pem", "-----BEGIN PUBLIC KEY-----\nxx\n");
  EXPECT_THROW(make_authenticator(c), ConfigError);
  c.jwt_public_key_file.clear();
  c.jwks_file = write_temp_file("bad.json", R"({"keys":[{"kty":"RSA","n":"@@","e":"AQAB"}]})");
  EXPECT_THROW(make_authenticator(c), ConfigError);
  c.jwks_file = write_temp_file("empty.json", R"({"keys":[]})");
  EXPECT_THROW(make_authenticator(c), ConfigError);
}

// ---- settings ----

AuthConfig parse_auth(std::map<std::string, std::string> settings) {
  return parse_auth_config([&](const std::string& flag, const std::vector<std::string>& envs)
                               -> std::optional<std::pair<std::string, std::string>> {
    for (const auto& name : envs) {
      if (auto it = settings.find(name); it != settings.end()) return std::pair(it->second, name);
    }
    if (auto it = settings.find(flag); it != settings.end()) return std::pair(it->second, flag);
    return std::nullopt;
  });
}

std::string auth_error(std::map<std::string, std::string> settings) {
  try {
    parse_auth(std::move(settings));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(AuthConfigTest, Modes) {
  EXPECT_EQ(parse_auth({}).mode, AuthMode::kDisabled);
  EXPECT_EQ(parse_auth({{"JOBMON__AUTH__ENABLED", "false"}, {"JOBMON__AUTH__MODE", "bearer"}}).mode,
            AuthMode::kDisabled);
  AuthConfig t = parse_auth({{"JOBMON__AUTH__MODE", "trusted_header"},
                             {"JOBMON__AUTH__TRUSTED_PROXIES", "10.0.0.0/8, ::1"},
                             {"JOBMON__OIDC__ADMIN_GROUP", "admins"}});
  EXPECT_EQ(t.mode, AuthMode::kTrustedHeader);
  EXPECT_EQ(t.trusted_proxies, (std::vector<std::string>{"10.0.0.0/8", "::1"}));
  EXPECT_EQ(t.admin_group, "admins");
  const std::string secret = write_temp_file("cfg-secret", kSecret);
  AuthConfig b = parse_auth({{"JOBMON__AUTH__ENABLED", "true"},
                             {"JOBMON__AUTH__MODE", "bearer"},
                             {"JOBMON__AUTH__JWT_SECRET_FILE", secret},
                             {"JOBMON__AUTH__JWT_AUDIENCE", "jobmon"},
                             {"--auth-clock-leeway", "5"}});
  EXPECT_EQ(b.mode, AuthMode::kBearer);
  EXPECT_EQ(b.jwt_audience, "jobmon");
  EXPECT_EQ(b.clock_leeway.count(), 5);
  // The log line names files, never secrets.
  EXPECT_EQ(describe(b).find(kSecret), std::string::npos);
}

TEST(AuthConfigTest, ClearErrors) {
  EXPECT_NE(auth_error({{"JOBMON__AUTH__ENABLED", "true"}}).find("JOBMON__AUTH__MODE"),
            std::string::npos);
  EXPECT_NE(auth_error({{"JOBMON__AUTH__MODE", "oidc"}}).find("expected disabled"),
            std::string::npos);
  EXPECT_NE(auth_error({{"JOBMON__AUTH__MODE", "bearer"}}).find("exactly one key source"),
            std::string::npos);
  EXPECT_NE(auth_error({{"JOBMON__AUTH__MODE", "bearer"},
                        {"JOBMON__AUTH__JWT_SECRET_FILE", "/nonexistent/secret"}})
                .find("no such file '/nonexistent/secret'"),
            std::string::npos);
}

}  // namespace
}  // namespace jobmon::host
