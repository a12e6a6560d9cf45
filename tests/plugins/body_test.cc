#include "jobmon/routes/body.h"

#include <gtest/gtest.h>

#include "jobmon/errors.h"

namespace jobmon::routes {
namespace {

struct ParsedRequest {
  api::JsonDocument doc;
  api::Request req;
  explicit ParsedRequest(const char* body) {
    req.path = "/api/v2/tool";
    req.body = body;
    auto r = api::parse_json(body, doc);
    if (r.ok) req.json = &doc;
    req.json_error = r.error;
  }
};

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const api::InvalidUsage& e) {
    EXPECT_EQ(e.status(), 400);
    return e.what();
  }
  ADD_FAILURE() << "no InvalidUsage thrown";
  return "";
}

TEST(BodyTest, MissingFieldNamesItTheReferenceWay) {
  ParsedRequest r(R"({"other": 1})");
  Body body(r.req);
  EXPECT_EQ(message_of([&] { body.require_string("name"); }), "'name' in request to /api/v2/tool");
}

TEST(BodyTest, IntegersAcceptDigitStringsAndIntegralFloats) {
  ParsedRequest r(R"({"a": 5, "b": "6", "c": 7.0, "d": "x", "e": 1.5})");
  Body body(r.req);
  EXPECT_EQ(body.require_int("a"), 5);
  EXPECT_EQ(body.require_int("b"), 6);
  EXPECT_EQ(body.require_int("c"), 7);
  EXPECT_EQ(message_of([&] { body.require_int("d"); }), "'d' in request to /api/v2/tool");
  EXPECT_EQ(message_of([&] { body.require_int("e"); }), "'e' in request to /api/v2/tool");
}

TEST(BodyTest, HugeIntegerKeepsItsDigits) {
  const char* digits =
      "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  std::string text = std::string(R"({"task_hash": )") + digits + "}";
  ParsedRequest r(text.c_str());
  EXPECT_EQ(Body(r.req).require_integer_text("task_hash"), digits);
}

TEST(BodyTest, NullCountsAsAbsent) {
  ParsedRequest r(R"({"a": null})");
  Body body(r.req);
  EXPECT_FALSE(body.optional_string("a").has_value());
  EXPECT_FALSE(body.has("a"));
}

TEST(BodyTest, InvalidJsonIsAClientError) {
  ParsedRequest r("{not json");
  EXPECT_NE(message_of([&] { Body body(r.req); }).find("in request to /api/v2/tool"),
            std::string::npos);
  ParsedRequest empty("");
  EXPECT_EQ(message_of([&] { Body body(empty.req); }),
            "Expecting value: line 1 column 1 (char 0) in request to /api/v2/tool");
}

TEST(BodyTest, ScalarTextIsPythonStr) {
  ParsedRequest r(R"({"s": "x", "i": 3, "f": 2.5, "t": true})");
  Body body(r.req);
  EXPECT_EQ(body.require_scalar_text("s"), "x");
  EXPECT_EQ(body.require_scalar_text("i"), "3");
  EXPECT_EQ(body.require_scalar_text("f"), "2.5");
  EXPECT_EQ(body.require_scalar_text("t"), "True");
}

}  // namespace
}  // namespace jobmon::routes
