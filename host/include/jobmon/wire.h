#pragma once
// Typed JSON on the wire: the vocabulary in which a route declares its request and its answers.
//
// A body, a query or an answer is a plain aggregate struct whose static fields() lists its
// members by their wire names (api::field). From that one list come the parsing and validation
// of a request (the reference's 400 and 422 messages), the serialisation of an answer, and the
// JSON Schema of both in the OpenAPI document. route.h puts them together into a route;
// docs/plugins.md shows a whole one.
//
//   struct Greeting {
//     std::string name;
//     std::optional<std::int64_t> times;
//     static constexpr auto fields() {
//       return std::tuple{api::field("name", &Greeting::name, "Who to greet.").max_length(64),
//                         api::field("times", &Greeting::times)};
//     }
//   };
//
// What each C++ type means on the wire (the Jobmon client's habits decide what is accepted):
//   std::int64_t      integer; also an integral float or a digit string (the reference int()s it)
//   double            number; also a numeric string (float())
//   Seconds           a duration in seconds: a number within ten years either way
//   bool              true or false; also 0 or 1
//   std::string       a JSON string and nothing else
//   PyStr             Python str() of a scalar: strings as sent, numbers as Python prints
//                     them, true/false as True/False (the reference stores str(value))
//   BigInt            an integer of any length (78-digit hashes), kept as its decimal digits
//   JsonRef           request only: any JSON value, read where it is (valid during the call)
//   RawJson           answer only: JSON text written as it is
//   std::optional<T>  request: may be absent or null; answer: the key is there, maybe null
//   Omittable<T>      answer only: the key is left out when empty
//   std::vector<T>    array
//   std::tuple<T...>  array of a fixed length whose positions have their own types (tuples)
//   std::map<K, T>    object (K std::string or std::int64_t; keys in their sorted order)
//   Object<T>         object with its keys in the order given (dicts built in a set order)
//   a struct          object of its fields(); an answer's objects are closed (no other keys)
//
// A request field that is absent, null where not optional, or not of its type is answered 400
// with "'<field>' in request to <path>" (the reference's InvalidUsage), naming the top-level
// field even when the bad value is deep inside it. Fields are checked in declaration order.
// Query parameters are answered 422 in FastAPI's shape, as the reference's query models are.
#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "jobmon/errors.h"
#include "jobmon/json.h"
#include "jobmon/plugin_api.h"

namespace jobmon::api {

// ---- Vocabulary types ---------------------------------------------------------------------

// Python str() of a scalar (see above). Is a std::string.
struct PyStr : std::string {
  using std::string::basic_string;
  PyStr() = default;
  PyStr(std::string s) : std::string(std::move(s)) {}  // NOLINT: implicit by design
};

// The decimal digits of an integer of any length. Is a std::string.
struct BigInt : std::string {
  using std::string::basic_string;
  BigInt() = default;
  BigInt(std::string s) : std::string(std::move(s)) {}  // NOLINT: implicit by design
};

// A duration in seconds (next_report_increment). Beyond ten years the databases' date arithmetic
// overflows (an error on PostgreSQL, a silent NULL on SQLite), so larger values are refused.
struct Seconds {
  double value = 0;
  operator double() const { return value; }  // NOLINT: implicit by design
};

// Any JSON value of the request, read in place.
struct JsonRef {
  const JsonValue* value = nullptr;
};

// JSON text written into an answer as it is. Its schema is "any value".
struct RawJson {
  std::string text;
};

// An answer member whose key is left out when it holds nothing.
template <class T>
struct Omittable : std::optional<T> {
  using std::optional<T>::optional;
  using std::optional<T>::operator=;
};

// An object whose keys keep the order they were added in. A key added twice keeps its first
// place and its last value (what a Python dict does).
template <class T>
struct Object : std::vector<std::pair<std::string, T>> {
  void set(std::string key, T value) {
    for (auto& [k, v] : *this) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    this->emplace_back(std::move(key), std::move(value));
  }
};

// ---- Fields ---------------------------------------------------------------------------------

template <class S, class M>
struct Field {
  std::string_view name;
  M S::*member;
  std::string_view description;
  std::size_t max_chars = 0;  // 0: no limit; counted in UTF-8 characters (VARCHAR(n))
  std::optional<std::int64_t> minimum;
  bool required = false;  // a repeated query parameter: at least one value

  // A repeated query parameter (a vector) that must be given at least once (422 otherwise).
  constexpr Field at_least_once() const {
    Field f = *this;
    f.required = true;
    return f;
  }
  // A text longer than n characters is refused (the column is VARCHAR(n)).
  constexpr Field max_length(std::size_t n) const {
    Field f = *this;
    f.max_chars = n;
    return f;
  }
  // An integer below `n` is refused.
  constexpr Field at_least(std::int64_t n) const {
    Field f = *this;
    f.minimum = n;
    return f;
  }
};

template <class S, class M>
constexpr Field<S, M> field(std::string_view name, M S::*member,
                            std::string_view description = {}) {
  return Field<S, M>{name, member, description, 0, std::nullopt, false};
}

// A struct that lists its fields.
template <class T>
concept Described = requires {
  T::fields();
};

template <class S, class F>
constexpr void for_each_field(F&& f) {
  std::apply([&](const auto&... field) { (f(field), ...); }, S::fields());
}

// ---- Helpers shared by the codecs (wire.cc) ----------------------------------------------

// Python int() of a JSON value: integers, integral floats and digit strings.
std::optional<std::int64_t> int_value(const JsonValue& v);
// Python float(): numbers and numeric strings.
std::optional<double> number_value(const JsonValue& v);
// Python str() of a scalar (nullopt for arrays and objects; "None" for null).
std::optional<std::string> scalar_text(const JsonValue& v);
// Python str() of a float: the shortest repr, "1.0" for integral values, exponent form outside
// [1e-4, 1e16) ("1e-05", "1e+16").
std::string python_float_text(double d);
// UTF-8 characters in `s`: what VARCHAR(n) limits on PostgreSQL and MySQL.
std::size_t char_count(std::string_view s);

// What the schema writer needs to know besides the type.
struct SchemaNote {
  bool answer = false;  // answers are closed objects whose keys are all required
  std::string_view description;
  std::size_t max_chars = 0;
  std::optional<std::int64_t> minimum;
};

// Writes `"key": value` members shared by the schema writers.
void schema_type(JsonWriter& w, std::string_view type);
void schema_limits(JsonWriter& w, const SchemaNote& note);

// ---- Codecs ---------------------------------------------------------------------------------
// Wire<T> reads T from a JSON value (false: not a T), writes it, and writes the members of its
// JSON Schema object. A plugin may specialise it for a type of its own.

template <class T>
struct Wire;

template <class T>
void write_schema(JsonWriter& w, const SchemaNote& note) {
  w.start_object();
  Wire<T>::schema(w, note);
  if (!note.description.empty()) w.key("description").string(note.description);
  w.end_object();
}

template <>
struct Wire<std::int64_t> {
  static bool read(const JsonValue& v, std::int64_t& out) {
    auto i = int_value(v);
    if (i) out = *i;
    return i.has_value();
  }
  static void write(JsonWriter& w, std::int64_t v) { w.integer(v); }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    schema_type(w, "integer");
    schema_limits(w, note);
  }
};

template <>
struct Wire<double> {
  static bool read(const JsonValue& v, double& out) {
    auto d = number_value(v);
    if (d) out = *d;
    return d.has_value();
  }
  static void write(JsonWriter& w, double v) { w.number(v); }
  static void schema(JsonWriter& w, const SchemaNote&) { schema_type(w, "number"); }
};

template <>
struct Wire<Seconds> {
  static bool read(const JsonValue& v, Seconds& out);
  static void write(JsonWriter& w, Seconds v) { w.number(v.value); }
  static void schema(JsonWriter& w, const SchemaNote&);
};

template <>
struct Wire<bool> {
  static bool read(const JsonValue& v, bool& out);
  static void write(JsonWriter& w, bool v) { w.boolean(v); }
  static void schema(JsonWriter& w, const SchemaNote&) { schema_type(w, "boolean"); }
};

template <>
struct Wire<std::string> {
  static bool read(const JsonValue& v, std::string& out);
  static void write(JsonWriter& w, const std::string& v) { w.string(v); }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    schema_type(w, "string");
    schema_limits(w, note);
  }
};

template <>
struct Wire<PyStr> {
  static bool read(const JsonValue& v, PyStr& out);
  static void write(JsonWriter& w, const PyStr& v) { w.string(v); }
  static void schema(JsonWriter& w, const SchemaNote& note);
};

template <>
struct Wire<BigInt> {
  static bool read(const JsonValue& v, BigInt& out);
  static void write(JsonWriter& w, const BigInt& v) { w.raw_integer(v); }
  static void schema(JsonWriter& w, const SchemaNote&) { schema_type(w, "integer"); }
};

template <>
struct Wire<JsonRef> {
  static bool read(const JsonValue& v, JsonRef& out) {
    out.value = &v;
    return true;
  }
  static void write(JsonWriter& w, const JsonRef& v) { v.value ? w.value(*v.value) : w.null(); }
  static void schema(JsonWriter&, const SchemaNote&) {}
};

template <>
struct Wire<RawJson> {
  static void write(JsonWriter& w, const RawJson& v) { w.raw_json(v.text); }
  static void schema(JsonWriter&, const SchemaNote&) {}
};

template <class T>
struct Wire<std::optional<T>> {
  static bool read(const JsonValue& v, std::optional<T>& out) {
    if (v.IsNull()) {
      out.reset();
      return true;
    }
    T value{};
    if (!Wire<T>::read(v, value)) return false;
    out = std::move(value);
    return true;
  }
  static void write(JsonWriter& w, const std::optional<T>& v) {
    if (v) {
      Wire<T>::write(w, *v);
    } else {
      w.null();
    }
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    SchemaNote inner = note;
    inner.description = {};
    w.key("anyOf").start_array();
    write_schema<T>(w, inner);
    w.start_object();
    schema_type(w, "null");
    w.end_object().end_array();
  }
};

template <class T>
struct Wire<Omittable<T>> {
  static void write(JsonWriter& w, const Omittable<T>& v) { Wire<T>::write(w, *v); }
  static void schema(JsonWriter& w, const SchemaNote& note) { Wire<T>::schema(w, note); }
};

template <class T>
struct Wire<std::vector<T>> {
  static bool read(const JsonValue& v, std::vector<T>& out) {
    if (!v.IsArray()) return false;
    out.clear();
    out.reserve(v.Size());
    for (const auto& e : v.GetArray()) {
      T item{};
      if (!Wire<T>::read(e, item)) return false;
      out.push_back(std::move(item));
    }
    return true;
  }
  static void write(JsonWriter& w, const std::vector<T>& v) {
    w.start_array();
    for (const auto& e : v) Wire<T>::write(w, e);
    w.end_array();
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    schema_type(w, "array");
    SchemaNote inner{note.answer, {}, note.max_chars, note.minimum};
    w.key("items");
    write_schema<T>(w, inner);
  }
};

template <class... T>
struct Wire<std::tuple<T...>> {
  static bool read(const JsonValue& v, std::tuple<T...>& out) {
    if (!v.IsArray() || v.Size() != sizeof...(T)) return false;
    return read_at(v, out, std::index_sequence_for<T...>{});
  }
  static void write(JsonWriter& w, const std::tuple<T...>& v) {
    w.start_array();
    std::apply([&](const auto&... e) { (Wire<std::decay_t<decltype(e)>>::write(w, e), ...); }, v);
    w.end_array();
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    schema_type(w, "array");
    SchemaNote inner{note.answer, {}, 0, std::nullopt};
    w.key("prefixItems").start_array();
    (write_schema<T>(w, inner), ...);
    w.end_array();
    w.key("minItems").integer(sizeof...(T)).key("maxItems").integer(sizeof...(T));
  }

 private:
  template <std::size_t... I>
  static bool read_at(const JsonValue& v, std::tuple<T...>& out, std::index_sequence<I...>) {
    return (Wire<T>::read(v[static_cast<rapidjson::SizeType>(I)], std::get<I>(out)) && ...);
  }
};

// Keys of objects: text as it is, or integers written as their digits.
template <class K>
struct WireKey;
template <>
struct WireKey<std::string> {
  static bool read(std::string_view s, std::string& out) {
    out = s;
    return true;
  }
  static std::string text(const std::string& k) { return k; }
};
template <>
struct WireKey<std::int64_t> {
  static bool read(std::string_view s, std::int64_t& out) {
    auto i = int_value(JsonValue(rapidjson::StringRef(s.data(), s.size())));
    if (i) out = *i;
    return i.has_value();
  }
  static std::string text(std::int64_t k) { return std::to_string(k); }
};

template <class K, class T>
struct Wire<std::map<K, T>> {
  static bool read(const JsonValue& v, std::map<K, T>& out) {
    if (!v.IsObject()) return false;
    out.clear();
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      K key{};
      T item{};
      if (!WireKey<K>::read({m->name.GetString(), m->name.GetStringLength()}, key) ||
          !Wire<T>::read(m->value, item)) {
        return false;
      }
      out[std::move(key)] = std::move(item);  // a repeated key keeps its last value
    }
    return true;
  }
  static void write(JsonWriter& w, const std::map<K, T>& v) {
    w.start_object();
    for (const auto& [k, e] : v) {
      w.key(WireKey<K>::text(k));
      Wire<T>::write(w, e);
    }
    w.end_object();
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    schema_type(w, "object");
    SchemaNote inner{note.answer, {}, note.max_chars, note.minimum};
    w.key("additionalProperties");
    write_schema<T>(w, inner);
  }
};

template <class T>
struct Wire<Object<T>> {
  static bool read(const JsonValue& v, Object<T>& out) {
    if (!v.IsObject()) return false;
    out.clear();
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      T item{};
      if (!Wire<T>::read(m->value, item)) return false;
      out.set(std::string(m->name.GetString(), m->name.GetStringLength()), std::move(item));
    }
    return true;
  }
  static void write(JsonWriter& w, const Object<T>& v) {
    w.start_object();
    for (const auto& [k, e] : v) {
      w.key(k);
      Wire<T>::write(w, e);
    }
    w.end_object();
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    Wire<std::map<std::string, T>>::schema(w, note);
  }
};

// ---- Structs ----------------------------------------------------------------------------

template <class M>
inline constexpr bool kOptionalMember = false;
template <class T>
inline constexpr bool kOptionalMember<std::optional<T>> = true;
template <class M>
inline constexpr bool kOmittableMember = false;
template <class T>
inline constexpr bool kOmittableMember<Omittable<T>> = true;

template <class M>
inline constexpr bool kVectorMember = false;
template <class T>
inline constexpr bool kVectorMember<std::vector<T>> = true;

// A field's own limits (length, minimum) on a value already read; they apply to the elements
// of an array and to an optional's value.
template <class T>
bool within_limits(const T& v, std::size_t max_chars, const std::optional<std::int64_t>& min) {
  if constexpr (kOptionalMember<T>) {
    return !v || within_limits(*v, max_chars, min);
  } else if constexpr (kVectorMember<T>) {
    for (const auto& e : v) {
      if (!within_limits(e, max_chars, min)) return false;
    }
    return true;
  } else if constexpr (std::is_base_of_v<std::string, T>) {
    return max_chars == 0 || char_count(v) <= max_chars;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return !min || v >= *min;
  } else {
    return true;
  }
}

// Reads one field of `s` from `object` (a JSON object). Absent and null are the same: an
// optional member becomes empty, any other is missing.
// The member `name` of a JSON object, or null when absent. A key sent twice counts with its
// last value, as Python's json.loads reads it.
const JsonValue* last_member(const JsonValue& object, std::string_view name);

template <class S, class M>
bool read_field(const JsonValue& object, const Field<S, M>& f, S& s) {
  const JsonValue* value = last_member(object, f.name);
  if (value == nullptr || value->IsNull()) {
    if constexpr (kOptionalMember<M>) {
      (s.*f.member).reset();
      return true;
    } else {
      return false;
    }
  }
  return Wire<M>::read(*value, s.*f.member) && within_limits(s.*f.member, f.max_chars, f.minimum);
}

template <Described S>
struct Wire<S> {
  static bool read(const JsonValue& v, S& out) {
    if (!v.IsObject()) return false;
    bool ok = true;
    for_each_field<S>([&](const auto& f) { ok = ok && read_field(v, f, out); });
    return ok;
  }
  static void write(JsonWriter& w, const S& s) {
    w.start_object();
    for_each_field<S>([&](const auto& f) {
      using M = std::decay_t<decltype(s.*f.member)>;
      if constexpr (kOmittableMember<M>) {
        if (!(s.*f.member)) return;
      }
      w.key(f.name);
      Wire<M>::write(w, s.*f.member);
    });
    w.end_object();
  }
  static void schema(JsonWriter& w, const SchemaNote& note) {
    schema_type(w, "object");
    w.key("properties").start_object();
    for_each_field<S>([&](const auto& f) {
      using M = std::decay_t<decltype(std::declval<S&>().*f.member)>;
      w.key(f.name);
      write_schema<M>(w, SchemaNote{note.answer, f.description, f.max_chars, f.minimum});
    });
    w.end_object();
    w.key("required").start_array();
    for_each_field<S>([&](const auto& f) {
      using M = std::decay_t<decltype(std::declval<S&>().*f.member)>;
      const bool required = note.answer ? !kOmittableMember<M> : !kOptionalMember<M>;
      if (required) w.string(f.name);
    });
    w.end_array();
    // An answer carries exactly its fields; a request may carry more (the reference ignores
    // keys it does not read, and newer clients send some).
    if (note.answer) w.key("additionalProperties").boolean(false);
  }
};

// ---- Whole bodies and answers -------------------------------------------------------------

// The JSON text of an answer.
template <class T>
std::string to_json_text(const T& value) {
  JsonWriter w;
  Wire<T>::write(w, value);
  return w.str();
}

// The JSON Schema (text) of T as a request (answer = false) or an answer.
template <class T>
std::string schema_text(bool answer) {
  JsonWriter w;
  write_schema<T>(w, SchemaNote{answer, {}, 0, std::nullopt});
  return w.str();
}

// The request's body checked the way the reference does before reading a field: present, JSON,
// and (for a struct) a JSON object. Throws InvalidUsage otherwise.
const JsonValue& body_json(const Request& req, bool must_be_object);
// Throws the reference's InvalidUsage for a missing or bad `field` of the request's body.
[[noreturn]] void bad_field(const Request& req, std::string_view field);

// Reads the request's body as a T. A struct's first bad field is the error; any other T that
// does not read names the body as a whole ('body').
template <class T>
T read_body(const Request& req) {
  T out{};
  if constexpr (Described<T>) {
    const JsonValue& object = body_json(req, true);
    for_each_field<T>([&](const auto& f) {
      if (!read_field(object, f, out)) bad_field(req, f.name);
    });
  } else {
    if (!Wire<T>::read(body_json(req, false), out)) bad_field(req, "body");
  }
  return out;
}

// ---- Query parameters -----------------------------------------------------------------------
// A query is a struct of fields too. Scalars take the parameter's last value; a vector takes
// every value in order (?task_ids=1&task_ids=2). Errors are FastAPI's 422s (missing,
// int_parsing, bool_parsing, greater_than_equal) naming the parameter.

[[noreturn]] void query_missing(std::string_view name);
[[noreturn]] void query_not_integer(std::string_view name, std::optional<std::size_t> index,
                                    std::string_view input);
[[noreturn]] void query_not_boolean(std::string_view name, std::string_view input);
[[noreturn]] void query_below(std::string_view name, std::int64_t minimum, std::string_view input);
std::optional<bool> query_bool_value(std::string_view text);  // FastAPI's bool words

template <class T>
struct QueryWire;

template <>
struct QueryWire<std::int64_t> {
  static void read(std::string_view name, std::string_view text, std::int64_t& out,
                   std::optional<std::size_t> index = std::nullopt) {
    if (!WireKey<std::int64_t>::read(text, out)) query_not_integer(name, index, text);
  }
  static constexpr std::string_view kType = "integer";
};
template <>
struct QueryWire<std::string> {
  static void read(std::string_view, std::string_view text, std::string& out,
                   std::optional<std::size_t> = std::nullopt) {
    out = text;
  }
  static constexpr std::string_view kType = "string";
};
template <>
struct QueryWire<bool> {
  static void read(std::string_view name, std::string_view text, bool& out,
                   std::optional<std::size_t> = std::nullopt) {
    auto b = query_bool_value(text);
    if (!b) query_not_boolean(name, text);
    out = *b;
  }
  static constexpr std::string_view kType = "boolean";
};

template <class S, class M>
void read_query_field(const Request& req, const Field<S, M>& f, S& s) {
  M& out = s.*f.member;
  if constexpr (kOptionalMember<M>) {
    using T = typename M::value_type;
    auto text = req.query_param(f.name);
    if (!text) {
      out.reset();
      return;
    }
    T value{};
    QueryWire<T>::read(f.name, *text, value);
    if constexpr (std::is_same_v<T, std::int64_t>) {
      if (f.minimum && value < *f.minimum) query_below(f.name, *f.minimum, *text);
    }
    out = std::move(value);
  } else if constexpr (requires { typename M::value_type; } && !std::is_same_v<M, std::string>) {
    using T = typename M::value_type;
    out.clear();
    const std::vector<std::string> values = req.query_values(f.name);
    if (values.empty() && f.required) query_missing(f.name);
    for (std::size_t i = 0; i < values.size(); ++i) {
      T value{};
      QueryWire<T>::read(f.name, values[i], value, i);
      out.push_back(std::move(value));
    }
  } else {
    auto text = req.query_param(f.name);
    if (!text) query_missing(f.name);
    QueryWire<M>::read(f.name, *text, out);
    if constexpr (std::is_same_v<M, std::int64_t>) {
      if (f.minimum && out < *f.minimum) query_below(f.name, *f.minimum, *text);
    }
  }
}

template <class T>
T read_query(const Request& req) {
  T out{};
  for_each_field<T>([&](const auto& f) { read_query_field(req, f, out); });
  return out;
}

// The OpenAPI parameter objects (without "in") of a query struct, as a JSON array.
template <class T>
std::string query_parameters_text() {
  JsonWriter w;
  w.start_array();
  for_each_field<T>([&](const auto& f) {
    using M = std::decay_t<decltype(std::declval<T&>().*f.member)>;
    w.start_object().key("name").string(f.name);
    w.key("required").boolean(f.required || (!kOptionalMember<M> && !requires {
                                typename M::value_type;
                              }));
    if (!f.description.empty()) w.key("description").string(f.description);
    w.key("schema").start_object();
    if constexpr (kOptionalMember<M>) {
      schema_type(w, QueryWire<typename M::value_type>::kType);
    } else if constexpr (requires { typename M::value_type; } && !std::is_same_v<M, std::string>) {
      schema_type(w, "array");
      w.key("items").start_object();
      schema_type(w, QueryWire<typename M::value_type>::kType);
      w.end_object();
    } else {
      schema_type(w, QueryWire<M>::kType);
    }
    schema_limits(w, SchemaNote{false, {}, f.max_chars, f.minimum});
    w.end_object().end_object();
  });
  w.end_array();
  return w.str();
}

// Throws an answer of a declared error shape (route.h's Errors) with `status`.
template <class T>
[[noreturn]] void fail_with(int status, const T& body) {
  throw JsonError(status, to_json_text(body));
}

}  // namespace jobmon::api
