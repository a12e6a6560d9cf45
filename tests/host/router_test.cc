#include "http/router.h"

#include <gtest/gtest.h>

#include "http/url.h"

namespace jobmon::host {
namespace {

using api::Method;

Route make(Method m, const std::string& path, const std::string& tag,
           const std::string& plugin = "p") {
  Route r;
  r.method = m;
  r.path_template = path;
  r.plugin = plugin;
  r.handler = [tag](const api::Request&) { return api::Response::json(tag); };
  return r;
}

std::string call(const RouteMatch& m) { return m.route->handler(api::Request{}).body; }

TEST(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  RouteTable t;
  t.add(make(Method::kGet, "/api/v2/task/{task_id:int}", "param"));
  t.add(make(Method::kGet, "/api/v2/task/bind", "literal"));
  RouteMatch m = t.match(Method::kGet, split_path("/api/v2/task/bind"));
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(call(m), "literal");
  m = t.match(Method::kGet, split_path("/api/v2/task/12"));
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(call(m), "param");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "task_id");
  EXPECT_EQ(m.params[0].second, "12");
}

TEST(RouterTest, BacktracksFromLiteralToParameter) {
  RouteTable t;
  t.add(make(Method::kGet, "/a/literal/x", "lx"));
  t.add(make(Method::kGet, "/a/{p}/y", "py"));
  RouteMatch m = t.match(Method::kGet, split_path("/a/literal/y"));
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(call(m), "py");
}

TEST(RouterTest, FullMatchBeatsPartialMatch) {
  RouteTable t;
  t.add(make(Method::kPost, "/a/b", "post-literal"));
  t.add(make(Method::kGet, "/a/{x}", "get-param"));
  RouteMatch m = t.match(Method::kGet, split_path("/a/b"));
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(call(m), "get-param");
}

TEST(RouterTest, MethodNotAllowedVersusNotFound) {
  RouteTable t;
  t.add(make(Method::kGet, "/api/v2/health", "h"));
  EXPECT_EQ(t.match(Method::kPost, split_path("/api/v2/health")).kind,
            RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(t.match(std::nullopt, split_path("/api/v2/health")).kind,
            RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(t.match(Method::kGet, split_path("/api/v2/nothing")).kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(t.match(Method::kGet, split_path("/api/v2/health/")).kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(t.match(Method::kGet, split_path("/api/v2")).kind, RouteMatch::Kind::kNotFound);
}

TEST(RouterTest, RootWithTrailingSlash) {
  RouteTable t;
  t.add(make(Method::kGet, "/api/v2/", "root"));
  EXPECT_EQ(t.match(Method::kGet, split_path("/api/v2/")).kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(t.match(Method::kGet, split_path("/api/v2")).kind, RouteMatch::Kind::kNotFound);
}

TEST(RouterTest, IntParametersMatchAnySegmentAndAreMarked) {
  RouteTable t;
  Route& r = t.add(make(Method::kGet, "/t/{task_id:int}/x/{name}", "r"));
  ASSERT_EQ(r.params.size(), 2u);
  EXPECT_TRUE(r.params[0].is_int);
  EXPECT_FALSE(r.params[1].is_int);
  RouteMatch m = t.match(Method::kGet, split_path("/t/abc/x/q"));
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);  // validated (422) by the dispatcher
}

TEST(RouterTest, DuplicatesAreRefusedNamingBothPlugins) {
  RouteTable t;
  t.add(make(Method::kGet, "/a/{x:int}", "1", "first"));
  t.add(make(Method::kPost, "/a/{x:int}", "2", "first"));  // other method: fine
  try {
    t.add(make(Method::kGet, "/a/{y}", "3", "second"));
    FAIL() << "duplicate accepted";
  } catch (const RouteError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("duplicate route GET /a/{y}"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'first'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'second'"), std::string::npos) << msg;
  }
}

TEST(RouterTest, BadTemplatesAreRefused) {
  RouteTable t;
  EXPECT_THROW(t.add(make(Method::kGet, "no-slash", "x")), RouteError);
  EXPECT_THROW(t.add(make(Method::kGet, "/a/{x:path}", "x")), RouteError);
  EXPECT_THROW(t.add(make(Method::kGet, "/a/{x}/{x}", "x")), RouteError);
  EXPECT_THROW(t.add(make(Method::kGet, "/a/b{x}", "x")), RouteError);
}

TEST(UrlTest, DecodingAndSplitting) {
  EXPECT_EQ(percent_decode("a%20b%2fc%zz%"), "a b/c%zz%");
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(split_path("/"), std::vector<std::string>{""});
  EXPECT_EQ(split_path("/a/b/"), (std::vector<std::string>{"a", "b", ""}));
  EXPECT_TRUE(split_path("relative").empty());
}

TEST(UrlTest, DecodedTextIsAlwaysValidUtf8) {
  EXPECT_EQ(percent_decode("caf%C3%A9"), "caf\xC3\xA9");
  EXPECT_EQ(percent_decode("%FF"), "\xEF\xBF\xBD");    // as Python's unquote(errors="replace")
  EXPECT_EQ(percent_decode("a%C3"), "a\xEF\xBF\xBD");  // truncated sequence
  EXPECT_EQ(valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(valid_utf8("\xED\xA0\x80x"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");                      // a surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80").substr(0, 3), "\xEF\xBF\xBD");  // > U+10FFFF
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98\x80 ok"), "\xF0\x9F\x98\x80 ok");
}

}  // namespace
}  // namespace jobmon::host
