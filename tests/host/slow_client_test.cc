// Slow clients (slowloris): a connection that trickles its headers or body is answered 408 and
// closed after the read timeout, while other clients are served meanwhile.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

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

}  // namespace
}  // namespace jobmon::host
