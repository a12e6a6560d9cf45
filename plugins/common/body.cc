#include "jobmon/routes/body.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "jobmon/errors.h"
#include "jobmon/routes/python_text.h"
#include "jobmon/wire.h"

namespace jobmon::routes {

std::optional<std::int64_t> int_value(const api::JsonValue& v) { return api::int_value(v); }
std::optional<double> number_value(const api::JsonValue& v) { return api::number_value(v); }
std::optional<std::string> scalar_text(const api::JsonValue& v) { return api::scalar_text(v); }

Body::Body(const api::Request& req) : root_(nullptr), path_(req.path) {
  if (req.json == nullptr) {
    std::string why =
        req.json_error.empty() ? "Expecting value: line 1 column 1 (char 0)" : req.json_error;
    throw api::InvalidUsage(why + " in request to " + path_);
  }
  if (!req.json->IsObject()) {
    throw api::InvalidUsage("request body must be a JSON object in request to " + path_);
  }
  root_ = req.json;
}

void Body::fail(std::string_view field) const {
  throw api::InvalidUsage(api::field_error_message(std::string(field), path_));
}

const api::JsonValue* Body::find(std::string_view name) const {
  auto it =
      root_->FindMember(api::JsonValue(name.data(), static_cast<rapidjson::SizeType>(name.size())));
  if (it == root_->MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

const api::JsonValue& Body::require(std::string_view name) const {
  const api::JsonValue* v = find(name);
  if (v == nullptr) fail(name);
  return *v;
}

std::int64_t Body::require_int(std::string_view name) const {
  if (auto i = int_value(require(name))) return *i;
  fail(name);
}

std::optional<std::int64_t> Body::optional_int(std::string_view name) const {
  const api::JsonValue* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (auto i = int_value(*v)) return i;
  fail(name);
}

double Body::require_number(std::string_view name) const {
  if (auto d = number_value(require(name))) return *d;
  fail(name);
}

double Body::require_seconds(std::string_view name) const {
  constexpr double kTenYears = 10 * 366 * 24 * 3600.0;
  const double d = require_number(name);
  if (!std::isfinite(d) || std::fabs(d) > kTenYears) fail(name);
  return d;
}

std::optional<double> Body::optional_number(std::string_view name) const {
  const api::JsonValue* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (auto d = number_value(*v)) return d;
  fail(name);
}

bool Body::require_bool(std::string_view name) const {
  const api::JsonValue& v = require(name);
  if (v.IsBool()) return v.GetBool();
  if (auto i = int_value(v); i && (*i == 0 || *i == 1)) return *i == 1;
  fail(name);
}

std::string Body::require_string(std::string_view name) const {
  const api::JsonValue& v = require(name);
  if (!v.IsString() || api::is_big_integer(v)) fail(name);
  return std::string(v.GetString(), v.GetStringLength());
}

std::optional<std::string> Body::optional_string(std::string_view name) const {
  const api::JsonValue* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString() || api::is_big_integer(*v)) fail(name);
  return std::string(v->GetString(), v->GetStringLength());
}

std::string Body::require_integer_text(std::string_view name) const {
  if (auto t = api::integer_text(require(name))) return *t;
  fail(name);
}

std::string Body::require_scalar_text(std::string_view name) const {
  const api::JsonValue& v = require(name);
  if (api::is_big_integer(v)) return std::string(v.GetString(), v.GetStringLength());
  if (auto t = scalar_text(v)) return *t;
  fail(name);
}

std::optional<std::string> Body::optional_scalar_text(std::string_view name) const {
  const api::JsonValue* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (api::is_big_integer(*v)) return std::string(v->GetString(), v->GetStringLength());
  if (auto t = scalar_text(*v)) return t;
  fail(name);
}

const api::JsonValue& Body::require_array(std::string_view name) const {
  const api::JsonValue& v = require(name);
  if (!v.IsArray()) fail(name);
  return v;
}

const api::JsonValue& Body::require_object(std::string_view name) const {
  const api::JsonValue& v = require(name);
  if (!v.IsObject()) fail(name);
  return v;
}

}  // namespace jobmon::routes
