#include "jwk.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <rapidjson/document.h>

#include <memory>
#include <stdexcept>

namespace jobmon::host {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Bignum = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
void bio_free(BIO* b) { BIO_free(b); }
using Bio = std::unique_ptr<BIO, Deleter<BIO, bio_free>>;

}  // namespace

std::string base64url_decode(std::string text, const std::string& what) {
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text += '=';
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) throw std::runtime_error(what + " is not base64url");
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

namespace {

std::string member(const rapidjson::Value& key, const char* name) {
  auto it = key.FindMember(name);
  if (it == key.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::string pem_from_params(const char* type, OSSL_PARAM_BLD* builder) {
  Params params(OSSL_PARAM_BLD_to_param(builder));
  PkeyContext ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    throw std::runtime_error(std::string("not a valid ") + type + " public key");
  }
  Pkey key(raw);
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    throw std::runtime_error("cannot write the key as PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string rsa_pem(const rapidjson::Value& jwk) {
  const std::string n = base64url_decode(member(jwk, "n"), "RSA modulus n");
  const std::string e = base64url_decode(member(jwk, "e"), "RSA exponent e");
  if (n.empty() || e.empty()) throw std::runtime_error("RSA key without n or e");
  Bignum bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                        static_cast<int>(n.size()), nullptr));
  Bignum bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                        static_cast<int>(e.size()), nullptr));
  ParamBuilder b(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !b || !OSSL_PARAM_BLD_push_BN(b.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(b.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    throw std::runtime_error("cannot build the RSA key");
  }
  return pem_from_params("RSA", b.get());
}

std::string ec_pem(const rapidjson::Value& jwk) {
  const std::string crv = member(jwk, "crv");
  const char* group = crv == "P-256"   ? "prime256v1"
                      : crv == "P-384" ? "secp384r1"
                      : crv == "P-521" ? "secp521r1"
                                       : nullptr;
  if (group == nullptr) throw std::runtime_error("unsupported EC curve '" + crv + "'");
  const std::string x = base64url_decode(member(jwk, "x"), "EC coordinate x");
  const std::string y = base64url_decode(member(jwk, "y"), "EC coordinate y");
  if (x.empty() || x.size() != y.size()) throw std::runtime_error("EC key with bad x or y");
  std::string point = "\x04" + x + y;  // uncompressed point (SEC 1, 2.3.3)
  ParamBuilder b(OSSL_PARAM_BLD_new());
  if (!b || !OSSL_PARAM_BLD_push_utf8_string(b.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(b.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size())) {
    throw std::runtime_error("cannot build the EC key");
  }
  return pem_from_params("EC", b.get());
}

}  // namespace

std::vector<PemKey> pem_keys_from_jwks(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("keys") || !doc["keys"].IsArray()) {
    throw std::runtime_error("not a JWKS document ({\"keys\": [...]})");
  }
  std::vector<PemKey> out;
  for (const rapidjson::Value& jwk : doc["keys"].GetArray()) {
    if (!jwk.IsObject()) throw std::runtime_error("a key that is not an object");
    const std::string use = member(jwk, "use");
    if (!use.empty() && use != "sig") continue;
    PemKey key;
    key.kid = member(jwk, "kid");
    key.kty = member(jwk, "kty");
    key.alg = member(jwk, "alg");
    if (key.kty == "RSA") {
      key.pem = rsa_pem(jwk);
    } else if (key.kty == "EC") {
      key.pem = ec_pem(jwk);
    } else {
      continue;
    }
    out.push_back(std::move(key));
  }
  return out;
}

std::string pem_key_type(const std::string& pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) throw std::runtime_error("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
      return "RSA";
    case EVP_PKEY_EC:
      return "EC";
    default:
      throw std::runtime_error("the public key is neither RSA nor EC");
  }
}

}  // namespace jobmon::host
