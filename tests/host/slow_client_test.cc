// Clients out of the request-answer rhythm: a connection that trickles its headers or body
// (slowloris) is answered 408 and closed after the read timeout, while other clients are served
// meanwhile; a client that does not read gets its responses whole and in order once it does; a
// client that pipelines (sends requests before the answers) gets every answer, in order.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "jobmond_process.h"

namespace jobmon::host {
namespace {

using testing::HttpClient;
using testing::JobmondProcess;
using Clock = std::chrono::steady_clock;

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Everything the server sends until it closes the connection or `limit` passes; `closed` says
// whether it closed.
std::string read_until_closed(int fd, std::chrono::milliseconds limit, bool& closed) {
  std::string got;
  closed = false;
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    const int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (::poll(&p, 1, std::max(left, 1)) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      closed = true;
      break;
    }
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

void send_all(int fd, const std::string& s) {
  ASSERT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), static_cast<ssize_t>(s.size()));
}

struct RawResponse {
  std::string head;  // status line and headers
  std::string body;
};

// Reads one response (sized by Content-Length) from `fd`, keeping what follows it in `pending`.
RawResponse read_response(int fd, std::string& pending, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  RawResponse r;
  std::size_t body_size = std::string::npos;
  while (Clock::now() < deadline) {
    const auto end_of_head = pending.find("\r\n\r\n");
    if (body_size == std::string::npos && end_of_head != std::string::npos) {
      r.head = pending.substr(0, end_of_head);
      pending.erase(0, end_of_head + 4);
      const auto at = r.head.find("Content-Length: ");
      if (at == std::string::npos) return r;
      body_size = std::stoul(r.head.substr(at + 16));
    }
    if (body_size != std::string::npos && pending.size() >= body_size) {
      r.body = pending.substr(0, body_size);
      pending.erase(0, body_size);
      return r;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[65536];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    pending.append(buf, static_cast<std::size_t>(n));
  }
  return r;
}

TEST(SlowClientTest, TricklingHeadersOrBodyIsCutOffAndOthersAreServed) {
  JobmondProcess server({"--request-read-timeout", "1"});
  const int port = server.port();

  const int headers = connect_to(port);
  ASSERT_GE(headers, 0);
  send_all(headers, "GET /api/v2/health HTTP/1.1\r\nHost: x\r\n");  // never finished
  const int body = connect_to(port);
  ASSERT_GE(body, 0);
  send_all(body,
           "POST /api/v2/task_instance/1/log_report_by HTTP/1.1\r\nHost: x\r\n"
           "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"next_rep");

  // Meanwhile everyone else is served.
  HttpClient client(port);
  EXPECT_EQ(client.get("/api/v2/health").status, 200);

  for (int fd : {headers, body}) {
    bool closed = false;
    const auto start = Clock::now();
    const std::string answer = read_until_closed(fd, std::chrono::seconds(10), closed);
    EXPECT_TRUE(closed) << "the slow connection was left open";
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(9));
    if (!answer.empty()) {
      EXPECT_NE(answer.find(" 408 "), std::string::npos) << answer;
    }
    ::close(fd);
  }
  EXPECT_EQ(client.get("/api/v2/health").status, 200);
}

// A request line without a target or a version, or not starting like one (a TLS handshake), used
// to get no answer until the read timeout (Pistache's parser waits for the space that would end
// it); an endless one used to be buffered.
TEST(SlowClientTest, MalformedOrEndlessRequestLineIsRefusedAtOnce) {
  JobmondProcess server({"--request-read-timeout", "30"});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"GARBAGE\r\n\r\n", " 400 "},
      {"GET /api/v2/health\r\nHost: x\r\n\r\n", " 400 "},
      {"GET /api/v2/health\tHTTP/1.1\r\n\r\n", " 400 "},
      {"\r\nGET /api/v2/health HTTP/1.1\r\n\r\n", " 400 "},
      {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
       " 400 "},  // TLS, no line end
      {"GET /api/v2/health?" + std::string(70000, 'a') + " HTTP/1.1\r\n\r\n", " 414 "},
  };
  for (const auto& [request, status] : cases) {
    const int fd = connect_to(server.port());
    ASSERT_GE(fd, 0);
    send_all(fd, request);
    bool closed = false;
    const std::string answer = read_until_closed(fd, std::chrono::seconds(5), closed);
    EXPECT_TRUE(closed) << request.substr(0, 40);
    EXPECT_EQ(answer.substr(8, status.size()), status) << answer;
    EXPECT_NE(answer.find(R"({"detail":")"), std::string::npos) << answer;
    ::close(fd);
  }
  HttpClient client(server.port());
  EXPECT_EQ(client.get("/api/v2/health?x=1").status, 200);
}

// "Connection: Close" (asked for, HTTP/1.0 without keep-alive, or a refused request) is kept:
// the server ends the stream after that response, so a client reading to the end of the stream
// is not left waiting for the keep-alive timeout, and answers nothing sent after it.
TEST(SlowClientTest, ConnectionCloseEndsTheStreamAfterTheResponse) {
  JobmondProcess server;  // the keep-alive timeout (15 s) is longer than the reads below
  const std::vector<std::string> requests = {
      "GET /api/v2/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
      "GET /api/v2/health HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/v2/health HTTP/1.0\r\n\r\n",
      "POST /api/v2/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
  };
  for (const auto& request : requests) {
    const int fd = connect_to(server.port());
    ASSERT_GE(fd, 0);
    send_all(fd, request);
    bool closed = false;
    const std::string answer = read_until_closed(fd, std::chrono::seconds(5), closed);
    EXPECT_TRUE(closed) << request;
    EXPECT_NE(answer.find("Connection: Close\r\n"), std::string::npos) << answer;
    EXPECT_EQ(answer.find("HTTP/1.", 1), std::string::npos)
        << "answered after the close: " << answer;
    ::close(fd);
  }
}

// Responses are sent from the handler's thread when the socket takes them whole. The first one
// here is bigger than the loopback socket buffers and the client reads nothing, so its rest is
// queued; the second request's answer must wait behind it.
TEST(SlowClientTest, ResponsesBiggerThanTheSocketBuffersArriveWholeAndInOrder) {
  JobmondProcess server({"--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins", "fixture_good"});
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  const std::string payload(24u << 20, 'x');
  const std::string json = "{\"data\":\"" + payload + "\"}";
  send_all(fd,
           "POST /fixture/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
               std::to_string(json.size()) + "\r\n\r\n" + json);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // answered, partly sent
  // Queued behind the first; the stream must end after it, not before the queue has drained.
  send_all(fd, "GET /fixture/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  std::string pending;
  const RawResponse echoed = read_response(fd, pending, std::chrono::seconds(30));
  EXPECT_EQ(echoed.head.rfind("HTTP/1.1 200 OK", 0), 0u) << echoed.head;
  EXPECT_GT(echoed.body.size(), payload.size());
  EXPECT_NE(echoed.body.find("\"data\":\"" + payload + "\""), std::string::npos);
  const RawResponse alive = read_response(fd, pending, std::chrono::seconds(10));
  EXPECT_EQ(alive.head.rfind("HTTP/1.1 200 OK", 0), 0u) << alive.head;
  EXPECT_EQ(alive.body, R"({"msg":"fixture alive"})");
  EXPECT_TRUE(pending.empty());
  bool closed = false;
  EXPECT_EQ(read_until_closed(fd, std::chrono::seconds(5), closed), "");
  EXPECT_TRUE(closed);
  ::close(fd);
}

// Requests sent back to back in one write, so that reads end one request and start the next:
// Content-Length and chunked bodies, a 404, and a 413 whose body is skipped.
TEST(SlowClientTest, PipelinedRequestsAreAllAnsweredInOrder) {
  JobmondProcess server({"--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins", "fixture_good",
                         "--max-body-bytes", "1024"});
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  const std::string big(2000, ' ');
  send_all(fd,
           "GET /fixture/ HTTP/1.1\r\nHost: x\r\n\r\n"
           "POST /fixture/echo?n=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}"
           "POST /fixture/echo?n=2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
           "4\r\n{\"b\"\r\n3\r\n:2}\r\n0\r\n\r\n"
           "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
           "POST /fixture/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" +
               big + "GET /fixture/echo?n=3 HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string pending;
  std::vector<RawResponse> got;
  for (int i = 0; i < 6; ++i) got.push_back(read_response(fd, pending, std::chrono::seconds(10)));
  const std::vector<std::string> statuses = {"200", "200", "200", "404", "413", "405"};
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    EXPECT_EQ(got[i].head.substr(0, 12), "HTTP/1.1 " + statuses[i]) << i << ": " << got[i].head;
  }
  EXPECT_EQ(got[0].body, R"({"msg":"fixture alive"})");
  EXPECT_NE(got[1].body.find(R"("query":{"n":"1"})"), std::string::npos) << got[1].body;
  EXPECT_NE(got[1].body.find(R"("json":{"a":1})"), std::string::npos) << got[1].body;
  EXPECT_NE(got[2].body.find(R"("query":{"n":"2"})"), std::string::npos) << got[2].body;
  EXPECT_NE(got[2].body.find(R"("json":{"b":2})"), std::string::npos) << got[2].body;
  EXPECT_TRUE(pending.empty());
  ::close(fd);
}

// While a handler has a request, what the client pipelines behind it waits, up to the largest
// request it could send: a client that sends more meanwhile gets its answer, then the end of the
// stream, instead of the server buffering all of it.
TEST(SlowClientTest, InputPipelinedBehindABusyHandlerIsBounded) {
  JobmondProcess server({"--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins", "fixture_good",
                         "--max-body-bytes", "1024", "--threads", "1"});
  // The one handler thread sleeps 1 s for another client, then 1 s for this one: the flood
  // below has time to arrive while this connection's request is with a handler.
  const int other = connect_to(server.port());
  ASSERT_GE(other, 0);
  send_all(other, "GET /fixture/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  send_all(fd, "GET /fixture/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // Three times the limit (1 MiB + 1 KiB) of requests that would each be answered.
  const std::string one = "GET /fixture/ HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string flood;
  while (flood.size() < (std::size_t{3} << 20)) flood += one;
  std::size_t sent = 0;
  while (sent < flood.size()) {
    const ssize_t n = ::send(fd, flood.data() + sent, flood.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close first
    sent += static_cast<std::size_t>(n);
  }
  std::string pending;
  const RawResponse answer = read_response(fd, pending, std::chrono::seconds(10));
  EXPECT_EQ(answer.head.substr(0, 12), "HTTP/1.1 200") << answer.head;
  bool closed = false;
  const std::string rest = pending + read_until_closed(fd, std::chrono::seconds(5), closed);
  EXPECT_TRUE(closed) << "the flooding connection was left open";
  EXPECT_EQ(rest.find("HTTP/1.1"), std::string::npos) << "the flood was answered";
  ::close(fd);
  ::close(other);
  HttpClient client(server.port());  // and the server serves on
  EXPECT_EQ(client.get("/fixture/").status, 200);
}

// A request that arrives in one read may be read without Pistache's parser (request_head.h); one
// that arrives in pieces never is. Either way its answer is the same, byte for byte: plain
// requests, ones the plain reader leaves to Pistache (which refuses "Accept: garbage"), a
// redirect built from the Host header, and the keep-alive rules.
TEST(SlowClientTest, AnswerDoesNotDependOnHowTheRequestIsCutIntoReads) {
  JobmondProcess server({"--plugin-dir", JOBMOND_TEST_FIXTURE_DIR, "--plugins", "fixture_good"});
  const std::string body = R"({"a":[1,2]})";
  const std::vector<std::string> requests = {
      "GET /fixture/ HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /fixture/echo?n=1&n=2&flag HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
      "User-Agent: python-requests/2.28.1\r\nAccept-Encoding: gzip, deflate\r\n"
      "Accept: */*\r\nConnection: keep-alive\r\nContent-Length: " +
          std::to_string(body.size()) + "\r\nContent-Type: application/json\r\n\r\n" + body,
      "GET /fixture/redirect_target?client_jobmon_version=3 HTTP/1.1\r\n"
      "Host: example.org:8080\r\n\r\n",
      "GET /fixture/ HTTP/1.1\r\nHost: x\r\nAccept: garbage\r\n\r\n",
      "GET /nowhere HTTP/1.1\r\nhost: x\r\nx-custom:  v\r\n\r\n",
      "GET /fixture/ HTTP/1.0\r\nHost: x\r\n\r\n",
      "GET /fixture/ HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
      "GET /fixture/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  };
  for (const auto& request : requests) {
    std::string answers[2];
    for (int pieces = 0; pieces < 2; ++pieces) {
      const int fd = connect_to(server.port());
      ASSERT_GE(fd, 0);
      if (pieces == 0) {
        send_all(fd, request);
      } else {
        // Three pieces with pauses between them, so that no read holds the whole request.
        const std::size_t third = request.size() / 3;
        send_all(fd, request.substr(0, third));
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        send_all(fd, request.substr(third, third));
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        send_all(fd, request.substr(2 * third));
      }
      std::string pending;
      const RawResponse r = read_response(fd, pending, std::chrono::seconds(10));
      answers[pieces] = r.head + "\r\n\r\n" + r.body;
      ::close(fd);
    }
    EXPECT_EQ(answers[0], answers[1]) << request.substr(0, request.find('\r'));
    EXPECT_EQ(answers[0].substr(0, 9).substr(0, 5), "HTTP/") << answers[0];
  }
}

}  // namespace
}  // namespace jobmon::host
