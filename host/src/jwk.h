#pragma once
// Public keys from a JSON Web Key Set (RFC 7517/7518): RSA (n, e) and EC (P-256/384/521 x, y)
// keys converted to PEM with OpenSSL, so that libjwt can verify with them.
#include <string>
#include <vector>

namespace jobmon::host {

struct PemKey {
  std::string kid;
  std::string kty;  // "RSA" or "EC"
  std::string alg;  // the JWK's "alg", empty when absent
  std::string pem;
};

// Parses a JWKS document ({"keys": [...]}). Keys that are not for signatures (use != "sig")
// or of other types are skipped. Throws std::runtime_error on a malformed key.
std::vector<PemKey> pem_keys_from_jwks(const std::string& json);

// RFC 4648 section 5 (padding optional); throws std::runtime_error naming `what` on bad input.
std::string base64url_decode(std::string text, const std::string& what);

// "RSA" or "EC" for a PEM public key; throws std::runtime_error otherwise.
std::string pem_key_type(const std::string& pem);

}  // namespace jobmon::host
