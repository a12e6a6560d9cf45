// The plain request heads jobmond reads without Pistache's parser (host/src/request_head.h): what
// it reads and to what, what it leaves to Pistache, and that it never reads a header value that
// Pistache's own parser would refuse.
#include "http/request_head.h"

#include <gtest/gtest.h>
#include <pistache/http.h>
#include <pistache/http_headers.h>

#include <random>
#include <string>
#include <vector>

namespace jobmon::host {
namespace {

// The head the Jobmon client (python-requests) sends for a POST.
const std::string kClientHead =
    "POST /api/v3/task_instance/7/log_report_by?a=1&b HTTP/1.1\r\n"
    "Host: 127.0.0.1:8080\r\n"
    "User-Agent: python-requests/2.28.1\r\n"
    "Accept-Encoding: gzip, deflate\r\n"
    "Accept: */*\r\n"
    "Connection: keep-alive\r\n"
    "Content-Length: 28\r\n"
    "Content-Type: application/json\r\n"
    "\r\n";

std::string with_header(const std::string& line) {
  return "GET /x HTTP/1.1\r\n" + line + "\r\n\r\n";
}

TEST(RequestHeadTest, ReadsTheJobmonClientsRequest) {
  const auto head = read_plain_head(kClientHead);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->method, "POST");
  EXPECT_EQ(head->path, "/api/v3/task_instance/7/log_report_by");
  EXPECT_EQ(head->query, "a=1&b");
  EXPECT_FALSE(head->http10);
  EXPECT_TRUE(head->keep_alive);
  EXPECT_EQ(head->content_length, 28u);
  ASSERT_EQ(head->headers.size(), 7u);
  EXPECT_EQ(head->header("host"), "127.0.0.1:8080");
  EXPECT_EQ(head->header("ACCEPT-ENCODING"), "gzip, deflate");
  EXPECT_FALSE(head->header("Authorization"));
}

TEST(RequestHeadTest, ValuesAreKeptAsPistacheKeepsThem) {
  // Leading spaces go, tabs and trailing blanks stay (Pistache's raw header value). The head
  // is read in place: its text must outlive what was read from it.
  const std::string spaced = with_header("X-Thing:   a b\t ");
  const auto head = read_plain_head(spaced);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("x-thing"), "a b\t ");
  const std::string tabbed = with_header("X-Thing:\tv");
  const auto tab = read_plain_head(tabbed);
  ASSERT_TRUE(tab);
  EXPECT_EQ(tab->header("X-Thing"), "\tv");
  const auto bare = read_plain_head("GET / HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->path, "/");
  EXPECT_EQ(bare->query, "");
  EXPECT_TRUE(bare->headers.empty());
}

TEST(RequestHeadTest, KeepAliveFollowsTheVersionAndTheConnectionHeader) {
  EXPECT_TRUE(read_plain_head("GET / HTTP/1.1\r\n\r\n")->keep_alive);
  EXPECT_FALSE(read_plain_head("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n")->keep_alive);
  EXPECT_FALSE(read_plain_head("GET / HTTP/1.0\r\n\r\n")->keep_alive);
  const auto old = read_plain_head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->http10);
  EXPECT_TRUE(old->keep_alive);
}

TEST(RequestHeadTest, LeavesEveryOtherHeadToPistache) {
  const std::vector<std::string> not_plain = {
      // request line
      "HEAD / HTTP/1.1\r\n\r\n",
      "OPTIONS / HTTP/1.1\r\n\r\n",
      "get / HTTP/1.1\r\n\r\n",
      "GET / HTTP/2.0\r\n\r\n",
      "GET / HTTP/1\r\n\r\n",
      "GET /\r\n\r\n",
      "GET  / HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1 \r\n\r\n",
      "GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n",
      "GET /" + std::string(kMaxRequestLineBytes, 'a') + " HTTP/1.1\r\n\r\n",
      // header lines
      with_header("NoColon"),
      with_header(": empty name"),
      with_header("Bad Name: v"),
      with_header("X-Thing: caf\xc3\xa9"),
      with_header("X-Thing: a\rb"),
      "GET / HTTP/1.1\r\nHost: x\r\nhost: x\r\n\r\n",
      with_header("Transfer-Encoding: chunked"),
      with_header("Cookie: a=b"),
      with_header("Set-Cookie: a=b"),
      with_header("Expect: 100-continue"),
      with_header("Date: Sat, 28 Nov 2026 00:00:00 GMT"),
      with_header("Cache-Control: no-cache"),
      with_header("Accept: text/html, */*;q=0.8"),
      with_header("Accept: garbage"),
      with_header("Content-Type: text/plain"),
      with_header("Content-Length: x"),
      with_header("Content-Length: 1234567890123456"),
      with_header("Connection: clo"),
      with_header("Connection: upgrade"),
      "GET / HTTP/1.1\r\nHost: h:99999\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h:abc\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: \r\n\r\n",
      // not one head
      "GET / HTTP/1.1\r\nHost: x\r\n",
      "GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n",
  };
  for (const auto& head : not_plain) {
    EXPECT_FALSE(read_plain_head(head)) << head.substr(0, 80);
  }
}

// Every name in Pistache's header registry is one the reader knows: a value it does not vouch
// for sends the head to Pistache. Other names are kept as sent, whatever their value.
TEST(RequestHeadTest, KnowsEveryHeaderPistacheTypes) {
  const std::string unvouched = "?not a value Pistache types?";
  for (const std::string& name : Pistache::Http::Header::Registry::instance().headersList()) {
    const auto head = read_plain_head(with_header(name + ": " + unvouched));
    const bool any_value = name == "User-Agent" || name == "Authorization";
    EXPECT_EQ(static_cast<bool>(head), any_value) << name;
  }
  EXPECT_TRUE(read_plain_head(with_header("X-Custom: " + unvouched)));
}

// Pistache builds a typed header of these names; every value the reader reads must be one that
// Pistache's typed parse takes, or the same request would be refused when it comes in pieces.
TEST(RequestHeadTest, ReadsOnlyValuesPistacheParses) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> candidates = {
      {"Host",
       {"localhost", "localhost:8080", "127.0.0.1:65535", "a.b-c:1", "h:0", "h:99999",
        "h:", "h:abc", ":80", "[::1]:80", "h:123456"}},
      {"Content-Length", {"0", "28", "999999999999999", "x", "1 2", "-1"}},
      {"Connection", {"close", "keep-alive", "Keep-Alive", "CLOSE", "clo", "upgrade"}},
      {"Accept", {"*/*", "application/json", "garbage", "text/html, */*;q=0.8"}},
      {"Content-Type",
       {"application/json", "application/json; charset=utf-8", "application/json; charset=UTF-8",
        "garbage", "text/plain"}},
      {"User-Agent", {"python-requests/2.28.1", "x", "a b c"}},
      {"Authorization", {"Bearer a.b.c", "Basic !!!", "garbage"}},
  };
  int read = 0;
  for (const auto& [name, values] : candidates) {
    for (const auto& value : values) {
      if (!read_plain_head(with_header(name + ": " + value))) continue;
      ++read;
      auto typed = Pistache::Http::Header::Registry::instance().makeHeader(name);
      EXPECT_NO_THROW(typed->parseRaw(value.data(), value.size())) << name << ": " << value;
    }
  }
  EXPECT_EQ(read, 23);  // the plain ones above
}

// Heads mutated at random (bytes replaced, inserted, removed): every one the reader reads,
// Pistache's parser reads too, without an error and to the same method, path, version, header
// values and keep-alive; only then may an answer not depend on which of the two read it.
TEST(RequestHeadTest, PistacheReadsEveryMutatedHeadItReadsTheSameWay) {
  const std::vector<std::string> seeds = {
      kClientHead,
      "GET /api/v2/health HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
      "PUT /x?a=1&a=2 HTTP/1.0\r\nConnection: keep-alive\r\nX-Server-Structlog-Context: {}\r\n"
      "Authorization: Bearer a.b.c\r\n\r\n",
      "DELETE /y HTTP/1.1\r\nAccept: application/json\r\nContent-Type: application/json; "
      "charset=utf-8\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
  };
  // The bytes mutations draw from, the terminating NUL among them.
  const char kAlphabet[] = " :\r\n\t?&=/;,*.-Aa0Zz\x80\xff";
  const std::string alphabet(kAlphabet, sizeof kAlphabet);
  std::mt19937 random(20261129);
  int read = 0;
  for (int i = 0; i < 40000; ++i) {
    std::string text = seeds[random() % seeds.size()];
    const int mutations = 1 + static_cast<int>(random() % 3);
    for (int m = 0; m < mutations; ++m) {
      const std::size_t at = random() % text.size();
      const char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text[at] = c;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          text.erase(at, 1);
      }
    }
    // What the framer hands over: up to the first blank line.
    const std::size_t end = text.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    text.resize(end + 4);
    const auto plain = read_plain_head(text);
    if (!plain) continue;
    ++read;
    Pistache::Http::RequestParser parser(std::size_t{1} << 20);
    ASSERT_TRUE(parser.feed(text.data(), text.size()));
    Pistache::Http::Private::State state{};
    ASSERT_NO_THROW(state = parser.parse()) << text;
    const bool headers_read = state == Pistache::Http::Private::State::Done ||
                              parser.step()->id() == Pistache::Http::Private::BodyStep::Id;
    ASSERT_TRUE(headers_read) << text;
    const auto& request = parser.request;
    EXPECT_EQ(Pistache::Http::methodString(request.method()), plain->method) << text;
    EXPECT_EQ(request.resource(), plain->path) << text;
    EXPECT_EQ(request.version() == Pistache::Http::Version::Http10, plain->http10) << text;
    for (const auto& h : plain->headers) {
      const auto raw = request.headers().tryGetRaw(std::string(h.name));
      ASSERT_TRUE(raw) << text;
      EXPECT_EQ(raw->value(), h.value) << text;
    }
    const auto connection = request.headers().tryGet<Pistache::Http::Header::Connection>();
    const bool keep_alive =
        request.version() == Pistache::Http::Version::Http11
            ? !connection || connection->control() != Pistache::Http::ConnectionControl::Close
            : connection && connection->control() == Pistache::Http::ConnectionControl::KeepAlive;
    EXPECT_EQ(keep_alive, plain->keep_alive) << text;
  }
  EXPECT_GT(read, 4000);  // the mutations left many heads plain
}

}  // namespace
}  // namespace jobmon::host
