#pragma once
// Typed access to a request's JSON body: the one place where body fields are checked. A missing
// or mistyped field throws api::InvalidUsage with the reference's message form
// ("'field' in request to /api/v2/tool"), so every route answers bad input with the same 400 and
// before anything is written.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jobmon/json.h"
#include "jobmon/plugin_api.h"

namespace jobmon::routes {

class Body {
 public:
  // Throws InvalidUsage when the body is absent, not JSON, or not a JSON object.
  explicit Body(const api::Request& req);

  // The member `name`, or throws InvalidUsage naming it when it is absent.
  const api::JsonValue& require(std::string_view name) const;
  // The member `name`, or nullptr when absent or JSON null.
  const api::JsonValue* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }

  // Integers: JSON integers, integral floats and digit strings (the reference calls int() on them).
  std::int64_t require_int(std::string_view name) const;
  std::optional<std::int64_t> optional_int(std::string_view name) const;
  // Numbers: JSON numbers and numeric strings (the reference calls float()).
  double require_number(std::string_view name) const;
  std::optional<double> optional_number(std::string_view name) const;
  // A duration in seconds (next_report_increment): a finite number within ten years either
  // way. Beyond that the database's date arithmetic overflows (an error on PostgreSQL, a silent
  // NULL on SQLite), so larger values are the caller's error.
  double require_seconds(std::string_view name) const;
  bool require_bool(std::string_view name) const;
  std::string require_string(std::string_view name) const;
  std::optional<std::string> optional_string(std::string_view name) const;
  // Decimal digits of an integer of any length (78-digit hashes), or of a digit string.
  std::string require_integer_text(std::string_view name) const;
  // Python str() of a scalar: strings as they are, numbers as Python prints them, true/false as
  // True/False. Throws InvalidUsage for arrays and objects.
  std::string require_scalar_text(std::string_view name) const;
  std::optional<std::string> optional_scalar_text(std::string_view name) const;

  const api::JsonValue& require_array(std::string_view name) const;
  const api::JsonValue& require_object(std::string_view name) const;

  // The error a handler throws for a bad element inside a field (e.g. one edge of a list).
  [[noreturn]] void fail(std::string_view field) const;
  const std::string& path() const { return path_; }
  const api::JsonValue& root() const { return *root_; }

 private:
  const api::JsonValue* root_;
  std::string path_;
};

// Element conversions with the same rules as Body, for values inside arrays and objects.
std::optional<std::int64_t> int_value(const api::JsonValue& v);
std::optional<double> number_value(const api::JsonValue& v);
std::optional<std::string> scalar_text(const api::JsonValue& v);  // Python str() of a scalar

}  // namespace jobmon::routes
