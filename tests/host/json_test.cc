#include "jobmon/json.h"

#include <gtest/gtest.h>

#include <string>

namespace jobmon::api {
namespace {

constexpr const char* k78Digits =
    "115792089237316195423570985008687907853269984665640564039457584007913129639935";

TEST(JsonTest, HugeIntegerSurvivesRoundTrip) {
  ASSERT_EQ(std::string(k78Digits).size(), 78u);
  JsonDocument doc;
  std::string text = std::string(R"({"hash":)") + k78Digits + "}";
  ASSERT_TRUE(parse_json(text, doc).ok);
  const JsonValue& v = doc["hash"];
  EXPECT_TRUE(is_big_integer(v));
  ASSERT_TRUE(integer_text(v).has_value());
  EXPECT_EQ(*integer_text(v), k78Digits);
  JsonWriter w;
  w.start_object().key("hash").raw_integer(*integer_text(v)).end_object();
  EXPECT_EQ(w.str(), text);
  EXPECT_EQ(to_json(doc), text);
}

TEST(JsonTest, NegativeHugeIntegerAndStringsAreDistinguished) {
  JsonDocument doc;
  std::string big = std::string("-") + k78Digits;
  ASSERT_TRUE(parse_json("[" + big + ",\"" + k78Digits + "\"]", doc).ok);
  EXPECT_TRUE(is_big_integer(doc[0]));
  EXPECT_EQ(*integer_text(doc[0]), big);
  // A JSON string of digits is a string, not a big integer, but still has integer text.
  EXPECT_FALSE(is_big_integer(doc[1]));
  EXPECT_EQ(*integer_text(doc[1]), k78Digits);
  EXPECT_EQ(to_json(doc), "[" + big + ",\"" + k78Digits + "\"]");
}

TEST(JsonTest, SixtyFourBitBoundaries) {
  JsonDocument doc;
  ASSERT_TRUE(parse_json("[9223372036854775807,-9223372036854775808,18446744073709551615,"
                         "18446744073709551616,1.5,3.0,-0]",
                         doc)
                  .ok);
  EXPECT_EQ(*as_int64(doc[0]), INT64_MAX);
  EXPECT_EQ(*as_int64(doc[1]), INT64_MIN);
  EXPECT_TRUE(doc[2].IsUint64());
  EXPECT_FALSE(as_int64(doc[2]).has_value());
  EXPECT_EQ(*integer_text(doc[2]), "18446744073709551615");
  EXPECT_TRUE(is_big_integer(doc[3]));
  EXPECT_EQ(*integer_text(doc[3]), "18446744073709551616");
  EXPECT_FALSE(as_int64(doc[4]).has_value());
  EXPECT_DOUBLE_EQ(*as_double(doc[4]), 1.5);
  EXPECT_EQ(*as_int64(doc[5]), 3);  // Python's int(3.0)
  EXPECT_FALSE(integer_text(doc[5]).has_value());
  EXPECT_EQ(*as_int64(doc[6]), 0);
}

TEST(JsonTest, IntegerTextNormalisesStrings) {
  JsonDocument doc;
  ASSERT_TRUE(parse_json(R"(["007","+12","-0","12a",""])", doc).ok);
  EXPECT_EQ(*integer_text(doc[0]), "7");
  EXPECT_EQ(*integer_text(doc[1]), "12");
  EXPECT_EQ(*integer_text(doc[2]), "0");
  EXPECT_FALSE(integer_text(doc[3]).has_value());
  EXPECT_FALSE(integer_text(doc[4]).has_value());
}

TEST(JsonTest, PythonStyleErrors) {
  JsonDocument doc;
  EXPECT_EQ(parse_json("", doc).error, "Expecting value: line 1 column 1 (char 0)");
  EXPECT_EQ(parse_json("  ", doc).error, "Expecting value: line 1 column 3 (char 2)");
  EXPECT_EQ(parse_json("{} x", doc).error, "Extra data: line 1 column 4 (char 3)");
  EXPECT_EQ(parse_json("{\"a\" 1}", doc).error,
            "Expecting ':' delimiter: line 1 column 6 (char 5)");
  EXPECT_EQ(parse_json("{\n\"a\":}", doc).error, "Expecting value: line 2 column 5 (char 6)");
  EXPECT_EQ(parse_json("{'a':1}", doc).error,
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)");
  EXPECT_FALSE(parse_json("[1,2", doc).ok);
}

TEST(JsonTest, TextMustBeUtf8) {
  JsonDocument doc;
  EXPECT_TRUE(parse_json("{\"a\":\"caf\xC3\xA9\"}", doc).ok);
  JsonParseResult r = parse_json("{\"a\":\"\xFF\xFE\"}", doc);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.rfind("Invalid UTF-8 in string", 0), 0u) << r.error;
  EXPECT_FALSE(parse_json("{\"\xC3\x28\":1}", doc).ok);
}

TEST(JsonTest, DepthLimit) {
  JsonDocument doc;
  std::string ok(kMaxJsonDepth, '[');
  ok += std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json(ok, doc).ok);
  std::string deep(kMaxJsonDepth + 1, '[');
  deep += std::string(kMaxJsonDepth + 1, ']');
  JsonParseResult r = parse_json(deep, doc);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("nested deeper than 64"), std::string::npos) << r.error;
  std::string hostile(100000, '[');
  EXPECT_FALSE(parse_json(hostile, doc).ok);
}

TEST(JsonTest, WriterIsCompactAndKeepsUtf8) {
  JsonDocument doc;
  ASSERT_TRUE(parse_json(R"( { "a" : [ 1 , true , null ] , "é" : "ü" } )", doc).ok);
  EXPECT_EQ(to_json(doc), R"({"a":[1,true,null],"é":"ü"})");
  JsonWriter w;
  EXPECT_THROW(w.raw_integer("12x"), std::invalid_argument);
}

}  // namespace
}  // namespace jobmon::api
