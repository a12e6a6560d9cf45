#include "jobmon/json.h"

#include <rapidjson/allocators.h>
#include <rapidjson/error/error.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace jobmon::api {

namespace {

bool is_signed_digit_run(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// SAX handler that builds into a Document but decides itself what a number becomes. The reader
// runs with kParseNumbersAsStringsFlag, so every number arrives as its source text.
// Big integers become *const* (non-copied) string values whose characters live in the
// document's allocator; every other string the reader produces is copied. is_big_integer()
// relies on that difference.
class Builder {
 public:
  explicit Builder(JsonDocument& doc) : doc_(doc) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(std::int64_t i) { return doc_.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool String(const char* s, rapidjson::SizeType len, bool copy) {
    return doc_.String(s, len, copy);
  }
  bool Key(const char* s, rapidjson::SizeType len, bool copy) { return doc_.Key(s, len, copy); }
  bool StartObject() { return enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndObject(n);
  }
  bool StartArray() { return enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return doc_.EndArray(n);
  }

  bool RawNumber(const char* s, rapidjson::SizeType len, bool /*copy*/) {
    std::string_view text(s, len);
    if (text.find_first_of(".eE") != std::string_view::npos) {
      double d = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec != std::errc() || end != text.data() + text.size()) return false;
      return doc_.Double(d);
    }
    std::int64_t i = 0;
    auto [iend, iec] = std::from_chars(text.data(), text.data() + text.size(), i);
    if (iec == std::errc() && iend == text.data() + text.size()) return doc_.Int64(i);
    if (text.front() != '-') {
      std::uint64_t u = 0;
      auto [uend, uec] = std::from_chars(text.data(), text.data() + text.size(), u);
      if (uec == std::errc() && uend == text.data() + text.size()) return doc_.Uint64(u);
    }
    // Too big for 64 bits: keep the exact digits as a const string owned by the document.
    auto* copy = static_cast<char*>(doc_.GetAllocator().Malloc(len + 1));
    std::memcpy(copy, s, len);
    copy[len] = '\0';
    return doc_.String(copy, len, false);
  }

  bool too_deep() const { return too_deep_; }

 private:
  bool enter() {
    if (++depth_ > kMaxJsonDepth) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  JsonDocument& doc_;
  int depth_ = 0;
  bool too_deep_ = false;
};

const char* python_message(rapidjson::ParseErrorCode code) {
  using rapidjson::ParseErrorCode;
  switch (code) {
    case rapidjson::kParseErrorDocumentRootNotSingular:
      return "Extra data";
    case rapidjson::kParseErrorObjectMissName:
      return "Expecting property name enclosed in double quotes";
    case rapidjson::kParseErrorObjectMissColon:
      return "Expecting ':' delimiter";
    case rapidjson::kParseErrorObjectMissCommaOrCurlyBracket:
    case rapidjson::kParseErrorArrayMissCommaOrSquareBracket:
      return "Expecting ',' delimiter";
    case rapidjson::kParseErrorStringUnicodeEscapeInvalidHex:
      return "Invalid \\uXXXX escape";
    case rapidjson::kParseErrorStringUnicodeSurrogateInvalid:
      return "Invalid \\uXXXX surrogate pair";
    case rapidjson::kParseErrorStringEscapeInvalid:
      return "Invalid \\escape";
    case rapidjson::kParseErrorStringMissQuotationMark:
      return "Unterminated string starting at";
    case rapidjson::kParseErrorStringInvalidEncoding:
      return "Invalid UTF-8 in string";
    case rapidjson::kParseErrorNumberTooBig:
      return "Number out of range";
    default:
      return "Expecting value";
  }
}

// Python's "msg: line L column C (char P)", with P counted in code points as Python does.
std::string with_position(const std::string& msg, std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t chars = 0;
  std::size_t line = 1;
  std::size_t chars_at_line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    ++chars;
    if (c == '\n') {
      ++line;
      chars_at_line_start = chars;
    }
  }
  const std::size_t column = chars - chars_at_line_start + 1;
  return msg + ": line " + std::to_string(line) + " column " + std::to_string(column) + " (char " +
         std::to_string(chars) + ")";
}

}  // namespace

JsonParseResult parse_json(std::string_view text, JsonDocument& doc) {
  JsonParseResult result;
  Builder builder(doc);
  rapidjson::Reader reader;
  rapidjson::MemoryStream raw(text.data(), text.size());
  // Iterative parsing: no recursion on hostile nesting (the depth limit stops it anyway).
  // Encoding validation: text that is not UTF-8 is refused here (400) instead of reaching a
  // database that rejects it (PostgreSQL: 500).
  constexpr unsigned kFlags = rapidjson::kParseNumbersAsStringsFlag |
                              rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag |
                              rapidjson::kParseValidateEncodingFlag;
  struct Generator {
    rapidjson::Reader& reader;
    rapidjson::MemoryStream& stream;
    Builder& builder;
    bool operator()(JsonDocument&) { return !reader.Parse<kFlags>(stream, builder).IsError(); }
  } generator{reader, raw, builder};
  doc.SetNull();
  doc.Populate(generator);
  if (reader.HasParseError()) {
    doc.SetNull();
    if (builder.too_deep()) {
      result.error =
          with_position("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                        text, reader.GetErrorOffset());
    } else {
      std::size_t offset = reader.GetErrorOffset();
      if (reader.GetParseErrorCode() == rapidjson::kParseErrorValueInvalid) {
        // RapidJSON points inside a bad literal ("nul", "-x"); Python at its first character.
        auto in_token = [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '+' || c == '.';
        };
        while (offset > 0 && offset <= text.size() && in_token(text[offset - 1])) --offset;
      }
      result.error = with_position(python_message(reader.GetParseErrorCode()), text, offset);
    }
    return result;
  }
  // kParseStopWhenDoneFlag leaves trailing text to us: only whitespace may follow.
  std::size_t pos = raw.Tell();
  while (pos < text.size() &&
         (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
    ++pos;
  }
  if (pos != text.size()) {
    doc.SetNull();
    result.error = with_position("Extra data", text, pos);
    return result;
  }
  result.ok = true;
  return result;
}

bool is_big_integer(const JsonValue& v) {
  if (!v.IsString() || v.GetStringLength() < 19) return false;
  if (!is_signed_digit_run(std::string_view(v.GetString(), v.GetStringLength()))) return false;
  // RapidJSON's allocator-copy constructor shares the characters of const strings only: the
  // copy pointing at the same characters proves this is a value parse_json made from a number.
  char buffer[256];
  rapidjson::MemoryPoolAllocator<> scratch(buffer, sizeof buffer);
  JsonValue copy(v, scratch);
  return copy.GetString() == v.GetString();
}

std::optional<std::string> integer_text(const JsonValue& v) {
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (!v.IsString()) return std::nullopt;
  std::string_view s(v.GetString(), v.GetStringLength());
  if (!is_signed_digit_run(s)) return std::nullopt;
  // Python's str(int(s)): no '+', no leading zeros, no "-0".
  bool negative = s.front() == '-';
  if (s.front() == '-' || s.front() == '+') s.remove_prefix(1);
  std::size_t first = s.find_first_not_of('0');
  if (first == std::string_view::npos) return std::string("0");
  std::string out = negative ? "-" : "";
  out.append(s.substr(first));
  return out;
}

std::optional<std::int64_t> as_int64(const JsonValue& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsDouble()) {
    double d = v.GetDouble();
    // Range check before the cast: 2^63 itself is out of range.
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 &&
        d == static_cast<double>(static_cast<std::int64_t>(d))) {
      return static_cast<std::int64_t>(d);
    }
  }
  return std::nullopt;
}

std::optional<double> as_double(const JsonValue& v) {
  if (v.IsNumber()) return v.GetDouble();
  if (is_big_integer(v)) {
    double d = 0;
    auto [end, ec] = std::from_chars(v.GetString(), v.GetString() + v.GetStringLength(), d);
    if (ec == std::errc()) return d;
  }
  return std::nullopt;
}

JsonWriter& JsonWriter::raw_integer(std::string_view digits) {
  if (!is_signed_digit_run(digits) || digits.front() == '+') {
    throw std::invalid_argument("raw_integer needs decimal digits, got '" + std::string(digits) +
                                "'");
  }
  writer_.RawValue(digits.data(), digits.size(), rapidjson::kNumberType);
  return *this;
}

JsonWriter& JsonWriter::value(const JsonValue& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType:
      writer_.Null();
      break;
    case rapidjson::kFalseType:
      writer_.Bool(false);
      break;
    case rapidjson::kTrueType:
      writer_.Bool(true);
      break;
    case rapidjson::kObjectType:
      writer_.StartObject();
      for (const auto& m : v.GetObject()) {
        writer_.Key(m.name.GetString(), m.name.GetStringLength());
        value(m.value);
      }
      writer_.EndObject();
      break;
    case rapidjson::kArrayType:
      writer_.StartArray();
      for (const auto& e : v.GetArray()) value(e);
      writer_.EndArray();
      break;
    case rapidjson::kStringType:
      if (is_big_integer(v)) {
        writer_.RawValue(v.GetString(), v.GetStringLength(), rapidjson::kNumberType);
      } else {
        writer_.String(v.GetString(), v.GetStringLength());
      }
      break;
    case rapidjson::kNumberType:
      if (v.IsInt64()) {
        writer_.Int64(v.GetInt64());
      } else if (v.IsUint64()) {
        writer_.Uint64(v.GetUint64());
      } else {
        writer_.Double(v.GetDouble());
      }
      break;
  }
  return *this;
}

std::string to_json(const JsonValue& v) {
  JsonWriter w;
  w.value(v);
  return w.str();
}

}  // namespace jobmon::api
