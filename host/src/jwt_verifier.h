#pragma once
// Verification of bearer JSON Web Tokens: the signature by libjwt (OpenSSL), the claims
// (exp, nbf, iss, aud) here. Keys are read once at start-up: an HS256 secret, a PEM public key
// (RSA or EC), or a JWKS file whose keys are picked by the token's `kid`.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "auth_config.h"
#include "jobmon/plugin_api.h"

namespace jobmon::host {

class JwtVerifier {
 public:
  // Throws ConfigError when a key file cannot be used.
  explicit JwtVerifier(const AuthConfig& config);

  struct Outcome {
    std::optional<api::User> user;
    std::string error;  // why the token was refused, e.g. "token expired"; no token content
  };
  Outcome verify(const std::string& token) const;

 private:
  struct Key {
    std::string material;        // the secret, or a PEM public key
    std::set<std::string> algs;  // the algorithms this key may verify
  };
  const Key* key_for(const std::optional<std::string>& kid) const;
  Outcome check_claims(const std::string& claims_json) const;

  AuthConfig config_;
  std::map<std::string, Key> keys_;  // by kid; "" for the single key of a secret or PEM file
};

}  // namespace jobmon::host
