#include "jobmon/wire.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace jobmon::api {

namespace {

bool is_digit_string(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// FastAPI's 422 body: {"detail": [ONE]} where ONE is written by `error`.
template <class F>
[[noreturn]] void query_error(F&& error) {
  JsonWriter w;
  w.start_object().key("detail").start_array().start_object();
  error(w);
  w.end_object().end_array().end_object();
  throw JsonError(422, w.str());
}

void query_loc(JsonWriter& w, std::string_view name, std::optional<std::size_t> index) {
  w.key("loc").start_array().string("query").string(name);
  if (index) w.integer(static_cast<std::int64_t>(*index));
  w.end_array();
}

}  // namespace

std::optional<std::int64_t> int_value(const JsonValue& v) {
  if (auto i = as_int64(v)) return i;
  if (v.IsString() && !is_big_integer(v)) {
    std::string_view s(v.GetString(), v.GetStringLength());
    if (!is_digit_string(s)) return std::nullopt;
    if (s.front() == '+') s.remove_prefix(1);
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && ptr == s.data() + s.size()) return out;
  }
  return std::nullopt;
}

std::optional<double> number_value(const JsonValue& v) {
  if (auto d = as_double(v)) return d;
  if (v.IsString()) {
    std::string s(v.GetString(), v.GetStringLength());
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

std::optional<std::string> scalar_text(const JsonValue& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return std::string(v.GetBool() ? "True" : "False");
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsNumber()) return python_float_text(v.GetDouble());
  if (v.IsNull()) return std::string("None");
  return std::nullopt;
}

std::string python_float_text(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  double a = std::fabs(d);
  if (a != 0.0 && (a < 1e-4 || a >= 1e16)) {
    for (int prec = 0; prec <= 17; ++prec) {  // shortest digits that read back exactly
      std::snprintf(buf, sizeof buf, "%.*e", prec, d);
      if (std::strtod(buf, nullptr) == d) break;
    }
    std::string s(buf);
    auto e = s.find('e');
    std::string exp = s.substr(e + 2);
    while (exp.size() > 2 && exp[0] == '0') exp.erase(0, 1);
    return s.substr(0, e) + "e" + s[e + 1] + exp;
  }
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

const JsonValue* last_member(const JsonValue& object, std::string_view name) {
  const JsonValue* found = nullptr;
  for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
    if (std::string_view(m->name.GetString(), m->name.GetStringLength()) == name) {
      found = &m->value;
    }
  }
  return found;
}

void schema_type(JsonWriter& w, std::string_view type) { w.key("type").string(type); }

void schema_limits(JsonWriter& w, const SchemaNote& note) {
  if (note.max_chars > 0) w.key("maxLength").integer(static_cast<std::int64_t>(note.max_chars));
  if (note.minimum) w.key("minimum").integer(*note.minimum);
}

bool Wire<Seconds>::read(const JsonValue& v, Seconds& out) {
  constexpr double kTenYears = 10 * 366 * 24 * 3600.0;
  auto d = number_value(v);
  if (!d || !std::isfinite(*d) || std::fabs(*d) > kTenYears) return false;
  out.value = *d;
  return true;
}

void Wire<Seconds>::schema(JsonWriter& w, const SchemaNote&) {
  constexpr std::int64_t kTenYears = 10LL * 366 * 24 * 3600;
  schema_type(w, "number");
  w.key("minimum").integer(-kTenYears).key("maximum").integer(kTenYears);
}

bool Wire<bool>::read(const JsonValue& v, bool& out) {
  if (v.IsBool()) {
    out = v.GetBool();
    return true;
  }
  if (auto i = int_value(v); i && (*i == 0 || *i == 1)) {
    out = *i == 1;
    return true;
  }
  return false;
}

bool Wire<std::string>::read(const JsonValue& v, std::string& out) {
  if (!v.IsString() || is_big_integer(v)) return false;
  out.assign(v.GetString(), v.GetStringLength());
  return true;
}

bool Wire<PyStr>::read(const JsonValue& v, PyStr& out) {
  // Text as sent (big integers are kept as their digits, also strings): no temporary copy, as
  // a heartbeat's stdout and stderr paths go through here.
  if (v.IsString()) {
    out.assign(v.GetString(), v.GetStringLength());
    return true;
  }
  auto t = scalar_text(v);
  if (t) out = std::move(*t);
  return t.has_value();
}

void Wire<PyStr>::schema(JsonWriter& w, const SchemaNote& note) {
  if (note.answer) {
    schema_type(w, "string");
  } else {
    w.key("type").start_array().string("string").string("number").string("boolean").end_array();
  }
  schema_limits(w, note);
}

bool Wire<BigInt>::read(const JsonValue& v, BigInt& out) {
  auto t = integer_text(v);
  if (t) out = std::move(*t);
  return t.has_value();
}

const JsonValue& body_json(const Request& req, bool must_be_object) {
  if (req.json == nullptr) {
    std::string why =
        req.json_error.empty() ? "Expecting value: line 1 column 1 (char 0)" : req.json_error;
    throw InvalidUsage(why + " in request to " + req.path);
  }
  if (must_be_object && !req.json->IsObject()) {
    throw InvalidUsage("request body must be a JSON object in request to " + req.path);
  }
  return *req.json;
}

void bad_field(const Request& req, std::string_view field) {
  throw InvalidUsage(field_error_message(std::string(field), req.path));
}

void query_missing(std::string_view name) {
  query_error([&](JsonWriter& w) {
    w.key("type").string("missing");
    query_loc(w, name, std::nullopt);
    w.key("msg").string("Field required").key("input").null();
  });
}

void query_not_integer(std::string_view name, std::optional<std::size_t> index,
                       std::string_view input) {
  query_error([&](JsonWriter& w) {
    w.key("type").string("int_parsing");
    query_loc(w, name, index);
    w.key("msg").string("Input should be a valid integer, unable to parse string as an integer");
    w.key("input").string(input);
  });
}

void query_not_boolean(std::string_view name, std::string_view input) {
  query_error([&](JsonWriter& w) {
    w.key("type").string("bool_parsing");
    query_loc(w, name, std::nullopt);
    w.key("msg").string("Input should be a valid boolean, unable to interpret input");
    w.key("input").string(input);
  });
}

void query_below(std::string_view name, std::int64_t minimum, std::string_view input) {
  query_error([&](JsonWriter& w) {
    w.key("type").string("greater_than_equal");
    query_loc(w, name, std::nullopt);
    w.key("msg").string("Input should be greater than or equal to " + std::to_string(minimum));
    w.key("input").string(input);
    w.key("ctx").start_object().key("ge").integer(minimum).end_object();
  });
}

std::optional<bool> query_bool_value(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* t : {"1", "on", "t", "true", "y", "yes"}) {
    if (lower == t) return true;
  }
  for (const char* f : {"0", "off", "f", "false", "n", "no"}) {
    if (lower == f) return false;
  }
  return std::nullopt;
}

}  // namespace jobmon::api
