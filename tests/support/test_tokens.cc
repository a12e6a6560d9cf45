#include "test_tokens.h"

#include <jwt.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace jobmon::testing {

namespace {

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

KeyPair pem_pair(EVP_PKEY* key) {
  if (key == nullptr) throw std::runtime_error("key generation failed");
  KeyPair pair;
  BIO* priv = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  pair.private_pem = bio_text(priv);
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(pub, key);
  pair.public_pem = bio_text(pub);
  EVP_PKEY_free(key);
  return pair;
}

std::string base64url(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string bn_param(EVP_PKEY* key, const char* name, std::size_t pad_to = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("no key parameter");
  std::size_t n = std::max<std::size_t>(pad_to, static_cast<std::size_t>(BN_num_bytes(bn)));
  std::string bytes(n, '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n));
  BN_free(bn);
  return base64url(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

KeyPair make_rsa_key() { return pem_pair(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", 2048)); }

KeyPair make_ec_key() { return pem_pair(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }

std::string public_jwk(const KeyPair& pair, const std::string& kid) {
  BIO* bio = BIO_new_mem_buf(pair.public_pem.data(), static_cast<int>(pair.public_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) throw std::runtime_error("bad public PEM");
  std::string jwk;
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
    jwk = R"({"kty":"RSA","use":"sig","kid":")" + kid + R"(","n":")" +
          bn_param(key, OSSL_PKEY_PARAM_RSA_N) + R"(","e":")" +
          bn_param(key, OSSL_PKEY_PARAM_RSA_E) + R"("})";
  } else {
    jwk = R"({"kty":"EC","use":"sig","crv":"P-256","kid":")" + kid + R"(","x":")" +
          bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, 32) + R"(","y":")" +
          bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32) + R"("})";
  }
  EVP_PKEY_free(key);
  return jwk;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string sign_token(const std::string& alg, const std::string& key,
                       const std::string& claims_json, const std::string& kid) {
  jwt_t* jwt = nullptr;
  if (jwt_new(&jwt) != 0) throw std::runtime_error("jwt_new failed");
  std::unique_ptr<jwt_t, void (*)(jwt_t*)> guard(jwt, jwt_free);
  if (jwt_add_grants_json(jwt, claims_json.c_str()) != 0) {
    throw std::runtime_error("bad claims " + claims_json);
  }
  if (!kid.empty()) jwt_add_header(jwt, "kid", kid.c_str());
  const jwt_alg_t a = jwt_str_alg(alg.c_str());
  const bool none = a == JWT_ALG_NONE;
  if (jwt_set_alg(jwt, a, none ? nullptr : reinterpret_cast<const unsigned char*>(key.data()),
                  none ? 0 : static_cast<int>(key.size())) != 0) {
    throw std::runtime_error("jwt_set_alg failed for " + alg);
  }
  char* text = jwt_encode_str(jwt);
  if (text == nullptr) throw std::runtime_error("jwt_encode_str failed");
  std::string token(text);
  std::free(text);
  return token;
}

std::string write_temp_file(const std::string& name, const std::string& content) {
  auto dir =
      std::filesystem::temp_directory_path() / ("jobmond-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

}  // namespace jobmon::testing
