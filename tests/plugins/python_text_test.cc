#include "common/core/python_text.h"

#include <gtest/gtest.h>

#include "jobmon/wire.h"

namespace jobmon::routes {
namespace {

api::JsonDocument parse(const char* text) {
  api::JsonDocument doc;
  EXPECT_TRUE(api::parse_json(text, doc).ok) << text;
  return doc;
}

TEST(PythonTextTest, StrOfDictMatchesPython) {
  EXPECT_EQ(python_str(parse(R"({"memory": 0.5, "runtime": 0.5})")),
            "{'memory': 0.5, 'runtime': 0.5}");
  EXPECT_EQ(python_str(parse(R"(["all.q"])")), "['all.q']");
  EXPECT_EQ(python_str(parse(R"({"a": true, "b": null, "c": [1, 2.0]})")),
            "{'a': True, 'b': None, 'c': [1, 2.0]}");
  EXPECT_EQ(python_str(parse(R"(["it's"])")), "[\"it's\"]");
  EXPECT_EQ(python_str(parse(R"([])")), "[]");
  EXPECT_EQ(python_str(parse(R"({})")), "{}");
}

TEST(PythonTextTest, JsonDumpsMatchesPythonDefaults) {
  EXPECT_EQ(python_json_dumps(parse(R"({"memory":"1G","cores":1,"runtime":60.5})")),
            R"({"memory": "1G", "cores": 1, "runtime": 60.5})");
  EXPECT_EQ(python_json_dumps(parse(R"({"q":"caf\u00e9","ok":false,"n":null})")),
            R"({"q": "caf\u00e9", "ok": false, "n": null})");
}

TEST(PythonTextTest, FloatTextMatchesPythonRepr) {
  EXPECT_EQ(api::python_float_text(1.0), "1.0");
  EXPECT_EQ(api::python_float_text(0.1), "0.1");
  EXPECT_EQ(api::python_float_text(1e-05), "1e-05");
  EXPECT_EQ(api::python_float_text(1e16), "1e+16");
  EXPECT_EQ(api::python_float_text(123456.789), "123456.789");
}

TEST(PythonTextTest, ReadsPythonLiteralsAndJson) {
  api::JsonDocument doc;
  ASSERT_TRUE(parse_python_literal("{'cores': (1, 20), 'ok': True, 'x': None}", doc));
  EXPECT_EQ(api::to_json(doc), R"({"cores":[1,20],"ok":true,"x":null})");
  ASSERT_TRUE(parse_python_literal(R"({"memory": "1G", "runtime": 60})", doc));
  EXPECT_EQ(api::to_json(doc), R"({"memory":"1G","runtime":60})");
  EXPECT_FALSE(parse_python_literal("{'a': }", doc));
  EXPECT_FALSE(parse_python_literal("os.system('x')", doc));
}

TEST(PythonTextTest, StrRoundTripsThroughLiteralReader) {
  api::JsonDocument doc;
  auto original = parse(R"({"a": [1, "two", 3.5, false, null], "b": "it's \"q\""})");
  ASSERT_TRUE(parse_python_literal(python_str(original), doc));
  EXPECT_EQ(api::to_json(doc), api::to_json(original));
}

}  // namespace
}  // namespace jobmon::routes
