// The bytes jobmond writes for a response (host/src/response_wire.h).
#include "http/response_wire.h"

#include <gtest/gtest.h>

namespace jobmon::host {
namespace {

TEST(ResponseWireTest, StatusLineHeadersLengthAndBody) {
  api::Response r = api::Response::json(R"({"status":"OK"})");
  r.headers = {{"X-Frame-Options", "DENY"}, {"WWW-Authenticate", "Bearer"}};
  EXPECT_EQ(serialize_response(false, r, true),
            "HTTP/1.1 200 OK\r\n"
            "X-Frame-Options: DENY\r\n"
            "WWW-Authenticate: Bearer\r\n"
            "Content-Type: application/json\r\n"
            "Connection: Keep-Alive\r\n"
            "Content-Length: 15\r\n"
            "\r\n"
            R"({"status":"OK"})");
}

TEST(ResponseWireTest, HostOwnsConnectionLengthAndType) {
  api::Response r;
  r.status = 423;
  r.content_type = "application/custom+json";
  r.body = "{}";
  r.headers = {{"connection", "upgrade"}, {"CONTENT-LENGTH", "99"}, {"Content-type", "text/x"}};
  EXPECT_EQ(serialize_response(true, r, false),
            "HTTP/1.0 423 Locked\r\n"
            "Content-Type: application/custom+json\r\n"
            "Connection: Close\r\n"
            "Content-Length: 2\r\n"
            "\r\n"
            "{}");
}

TEST(ResponseWireTest, EmptyBodyAndNoContentType) {
  api::Response r;
  r.status = 204;
  r.content_type.clear();
  EXPECT_EQ(serialize_response(false, r, true),
            "HTTP/1.1 204 No Content\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n");
}

}  // namespace
}  // namespace jobmon::host
