#pragma once
// Test keys and tokens for the bearer-JWT suites: RSA and EC key pairs made fresh with OpenSSL,
// their public halves as PEM files and as a JWKS document, and tokens signed with libjwt.
#include <cstdint>
#include <string>

namespace jobmon::testing {

struct KeyPair {
  std::string private_pem, public_pem;
};
KeyPair make_rsa_key();
KeyPair make_ec_key();  // P-256

// The public key as a JWK object (no surrounding set), with the given kid.
std::string public_jwk(const KeyPair& key, const std::string& kid);

// Seconds since the epoch.
std::int64_t now_seconds();

// A token over `claims_json` (a JSON object), signed with `alg` ("HS256", "RS256", "ES256",
// "none") and `key` (the secret, or a private PEM); `kid` added to the header when not empty.
std::string sign_token(const std::string& alg, const std::string& key,
                       const std::string& claims_json, const std::string& kid = "");

// Writes `content` to a new file in the temp directory and returns its path.
std::string write_temp_file(const std::string& name, const std::string& content);

}  // namespace jobmon::testing
