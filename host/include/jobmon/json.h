#pragma once
// JSON in and out of handlers, over RapidJSON.
//
// Why not plain rapidjson::Document::Parse: Jobmon clients send SHA-256 hashes as JSON integers of
// up to 78 digits. RapidJSON turns an integer that does not fit 64 bits into a double and loses
// digits. parse_json() keeps every integer that does not fit int64/uint64 as a *string* value
// holding its exact digits; integer_text() reads both forms. Writers use raw_integer() to send
// such digits back as a JSON number.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jobmon::api {

using JsonDocument = rapidjson::Document;
using JsonValue = rapidjson::Value;

struct JsonParseResult {
  bool ok = false;
  std::string error;  // "Expecting value: line 1 column 1 (char 0)"-style message when !ok
};

// Parses text into doc, keeping oversized integers verbatim (see above).
// Nesting deeper than kMaxJsonDepth is refused (no stack exhaustion on hostile input).
inline constexpr int kMaxJsonDepth = 64;
JsonParseResult parse_json(std::string_view text, JsonDocument& doc);

// Decimal digits of an integer value: Int64/Uint64 numbers, oversized integers kept as text,
// and strings that are an optionally signed run of digits. nullopt for anything else.
std::optional<std::string> integer_text(const JsonValue& v);
// Int64 value of an integer that fits, or of an integral double (Python's int() of 3.0 is 3).
std::optional<std::int64_t> as_int64(const JsonValue& v);
std::optional<double> as_double(const JsonValue& v);  // any number
// True for integers kept as text by parse_json (so callers can tell them from JSON strings).
bool is_big_integer(const JsonValue& v);

// Compact JSON writer (separators "," and ":", UTF-8 kept as is), as the reference's responses.
class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}
  rapidjson::Writer<rapidjson::StringBuffer>& w() { return writer_; }
  // Shorthands that read well in handlers.
  JsonWriter& start_object() {
    writer_.StartObject();
    return *this;
  }
  JsonWriter& end_object() {
    writer_.EndObject();
    return *this;
  }
  JsonWriter& start_array() {
    writer_.StartArray();
    return *this;
  }
  JsonWriter& end_array() {
    writer_.EndArray();
    return *this;
  }
  JsonWriter& key(std::string_view k) {
    writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    return *this;
  }
  JsonWriter& string(std::string_view s) {
    writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    return *this;
  }
  JsonWriter& integer(std::int64_t i) {
    writer_.Int64(i);
    return *this;
  }
  JsonWriter& number(double d) {
    writer_.Double(d);
    return *this;
  }
  JsonWriter& boolean(bool b) {
    writer_.Bool(b);
    return *this;
  }
  JsonWriter& null() {
    writer_.Null();
    return *this;
  }
  // An integer of any length given as its decimal digits, written as a JSON number.
  JsonWriter& raw_integer(std::string_view digits);
  // JSON text written as it is (the caller vouches that it is one JSON value).
  JsonWriter& raw_json(std::string_view text) {
    writer_.RawValue(text.data(), text.size(), rapidjson::kObjectType);
    return *this;
  }
  // A value copied from a parsed document (big integers come back out as numbers).
  JsonWriter& value(const JsonValue& v);
  std::string str() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

// Serialises a parsed value compactly (big integers as numbers).
std::string to_json(const JsonValue& v);

}  // namespace jobmon::api
