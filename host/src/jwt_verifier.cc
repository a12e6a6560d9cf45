#include "jwt_verifier.h"

#include <jwt.h>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "jwk.h"

namespace jobmon::host {

namespace {

const std::set<std::string> kHmacAlgs = {"HS256", "HS384", "HS512"};
const std::set<std::string> kRsaAlgs = {"RS256", "RS384", "RS512"};
const std::set<std::string> kEcAlgs = {"ES256", "ES384", "ES512"};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string text_member(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};

}  // namespace

JwtVerifier::JwtVerifier(const AuthConfig& config) : config_(config) {
  if (!config.jwt_secret_file.empty()) {
    std::string secret = read_file(config.jwt_secret_file);
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    // RFC 7518 3.2: an HS256 key must be at least as long as the hash output.
    if (secret.size() < 32) {
      throw ConfigError(config.jwt_secret_file.string() +
                        ": the HS256 secret must be at least 32 bytes");
    }
    keys_[""] = Key{std::move(secret), kHmacAlgs};
  } else if (!config.jwt_public_key_file.empty()) {
    std::string pem = read_file(config.jwt_public_key_file);
    try {
      keys_[""] = Key{pem, pem_key_type(pem) == "RSA" ? kRsaAlgs : kEcAlgs};
    } catch (const std::runtime_error& e) {
      throw ConfigError(config.jwt_public_key_file.string() + ": " + e.what());
    }
  } else if (!config.jwks_file.empty()) {
    try {
      for (PemKey& k : pem_keys_from_jwks(read_file(config.jwks_file))) {
        std::set<std::string> algs = k.kty == "RSA" ? kRsaAlgs : kEcAlgs;
        if (!k.alg.empty()) {
          if (!algs.count(k.alg)) throw std::runtime_error("key '" + k.kid + "': bad alg");
          algs = {k.alg};
        }
        keys_[k.kid] = Key{std::move(k.pem), std::move(algs)};
      }
    } catch (const std::runtime_error& e) {
      throw ConfigError(config.jwks_file.string() + ": " + e.what());
    }
    if (keys_.empty()) throw ConfigError(config.jwks_file.string() + ": no signing keys");
  } else {
    throw ConfigError("bearer authentication needs a key (see --help)");
  }
}

const JwtVerifier::Key* JwtVerifier::key_for(const std::optional<std::string>& kid) const {
  if (kid) {
    auto it = keys_.find(*kid);
    if (it != keys_.end()) return &it->second;
  }
  // A single key serves tokens without a kid (and any kid, for secret and PEM keys).
  if (keys_.size() == 1 && (!kid || keys_.begin()->first.empty())) return &keys_.begin()->second;
  return nullptr;
}

JwtVerifier::Outcome JwtVerifier::verify(const std::string& token) const {
  const std::size_t dot = token.find('.');
  if (dot == std::string::npos || token.find('.', dot + 1) == std::string::npos) {
    return {std::nullopt, "malformed token"};
  }
  // The header names the algorithm and key; it is read before verification only to choose
  // the key, and the algorithm must be one that key allows (no "none", no HS256 signed with
  // a public key as the secret).
  rapidjson::Document header;
  try {
    const std::string text = base64url_decode(token.substr(0, dot), "header");
    header.Parse(text.data(), text.size());
  } catch (const std::runtime_error&) {
    return {std::nullopt, "malformed token"};
  }
  if (header.HasParseError() || !header.IsObject()) return {std::nullopt, "malformed token"};
  const std::string alg = text_member(header, "alg");
  std::optional<std::string> kid;
  if (header.HasMember("kid") && header["kid"].IsString()) kid = text_member(header, "kid");
  const Key* key = key_for(kid);
  if (key == nullptr) return {std::nullopt, "unknown key id"};
  if (!key->algs.count(alg)) {
    return {std::nullopt, "algorithm '" + alg.substr(0, 16) + "' not accepted"};
  }

  jwt_t* raw = nullptr;
  const int rc =
      jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key->material.data()),
                 static_cast<int>(key->material.size()));
  std::unique_ptr<jwt_t, JwtFree> jwt(raw);
  if (rc != 0 || !jwt) return {std::nullopt, "bad signature or malformed token"};
  const char* decoded_alg = jwt_alg_str(jwt_get_alg(jwt.get()));
  if (decoded_alg == nullptr || alg != decoded_alg) return {std::nullopt, "algorithm mismatch"};
  char* claims = jwt_get_grants_json(jwt.get(), nullptr);
  if (claims == nullptr) return {std::nullopt, "token without claims"};
  std::string claims_json(claims);
  std::free(claims);
  return check_claims(claims_json);
}

JwtVerifier::Outcome JwtVerifier::check_claims(const std::string& claims_json) const {
  rapidjson::Document c;
  c.Parse(claims_json.data(), claims_json.size());
  if (c.HasParseError() || !c.IsObject()) return {std::nullopt, "claims are not an object"};
  const double now = static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
  const double leeway = static_cast<double>(config_.clock_leeway.count());
  if (!c.HasMember("exp") || !c["exp"].IsNumber()) return {std::nullopt, "token without exp"};
  if (now >= c["exp"].GetDouble() + leeway) return {std::nullopt, "token expired"};
  if (c.HasMember("nbf")) {
    if (!c["nbf"].IsNumber()) return {std::nullopt, "bad nbf"};
    if (now + leeway < c["nbf"].GetDouble()) return {std::nullopt, "token not yet valid"};
  }
  if (!config_.jwt_issuer.empty() && text_member(c, "iss") != config_.jwt_issuer) {
    return {std::nullopt, "wrong issuer"};
  }
  if (!config_.jwt_audience.empty()) {
    bool ok = text_member(c, "aud") == config_.jwt_audience;
    if (c.HasMember("aud") && c["aud"].IsArray()) {
      for (const auto& a : c["aud"].GetArray()) {
        ok = ok || (a.IsString() && a.GetString() == config_.jwt_audience);
      }
    }
    if (!ok) return {std::nullopt, "wrong audience"};
  }

  api::User user;
  user.anonymous = false;
  user.email = text_member(c, "email");
  if (!config_.username_claim.empty()) {
    user.username = text_member(c, config_.username_claim.c_str());
  } else if (!user.email.empty()) {
    user.username = user.email.substr(0, user.email.find('@'));  // as the reference compares
  } else {
    user.username = text_member(c, "preferred_username");
  }
  if (user.username.empty()) return {std::nullopt, "token names no user"};
  auto groups = c.FindMember(config_.groups_claim.c_str());
  if (groups != c.MemberEnd() && groups->value.IsArray()) {
    for (const auto& g : groups->value.GetArray()) {
      if (g.IsString()) user.groups.emplace_back(g.GetString(), g.GetStringLength());
    }
  } else if (groups != c.MemberEnd() && groups->value.IsString()) {
    std::istringstream words(groups->value.GetString());
    for (std::string g; words >> g;) user.groups.push_back(g);
  }
  return {std::move(user), ""};
}

}  // namespace jobmon::host
