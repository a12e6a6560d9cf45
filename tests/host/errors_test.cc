#include "jobmon/errors.h"

#include <gtest/gtest.h>

namespace jobmon::api {
namespace {

TEST(PythonReprTest, QuotesLikePython) {
  EXPECT_EQ(python_repr("abc"), "'abc'");
  EXPECT_EQ(python_repr("it's"), "\"it's\"");
  EXPECT_EQ(python_repr("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(python_repr("a\\b"), "'a\\\\b'");
  EXPECT_EQ(python_repr("line\nnext\ttab"), "'line\\nnext\\ttab'");
  EXPECT_EQ(python_repr(std::string("\x01", 1)), "'\\x01'");
  EXPECT_EQ(python_repr("caf\xc3\xa9"), "'caf\xc3\xa9'");
  EXPECT_EQ(python_repr("nbsp\xc2\xa0"), "'nbsp\\xa0'");
}

TEST(ErrorsTest, FieldErrorMessage) {
  EXPECT_EQ(field_error_message("name", "/api/v2/tool"), "'name' in request to /api/v2/tool");
  // repr() of the whole message, as the reference puts it in exception_message.
  EXPECT_EQ(python_repr(field_error_message("name", "/api/v2/tool")),
            "\"'name' in request to /api/v2/tool\"");
}

TEST(ErrorsTest, CustomErrorBody) {
  EXPECT_EQ(custom_error_body(kInvalidUsageType, "'x'", 400),
            R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.InvalidUsage'>",)"
            R"("exception_message":"'x'","status_code":"400"}})");
}

TEST(ErrorsTest, StatusCarriedByExceptions) {
  EXPECT_EQ(InvalidUsage("x").status(), 400);
  EXPECT_EQ(ServerError("x").status(), 500);
  EXPECT_EQ(InvalidUsage("x", 404).status(), 404);
  EXPECT_EQ(DetailError(403, "Unauthorized").status(), 403);
  try {
    throw InvalidUsage("boom");
  } catch (const HttpError& e) {
    EXPECT_STREQ(e.what(), "boom");
  }
}

}  // namespace
}  // namespace jobmon::api
