#include "webhook_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace jobmon::testing {

WebhookSink::WebhookSink(int answer_status) : answer_status_(answer_status) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("webhook sink: cannot listen");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

WebhookSink::~WebhookSink() {
  stop_ = true;
  thread_.join();
  ::close(listen_fd_);
}

std::vector<ReceivedRequest> WebhookSink::received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

void WebhookSink::serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) != 1) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void WebhookSink::handle(int fd) {
  std::string data;
  char buf[4096];
  ReceivedRequest req;
  std::size_t header_end = std::string::npos, length = 0;
  // Headers, then Content-Length bytes of body; 5 s at most.
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) return;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    data.append(buf, static_cast<std::size_t>(n));
    if (header_end == std::string::npos &&
        (header_end = data.find("\r\n\r\n")) != std::string::npos) {
      std::size_t line_end = data.find("\r\n");
      req.request_line = data.substr(0, line_end);
      for (std::size_t at = line_end + 2; at < header_end;) {
        std::size_t end = data.find("\r\n", at);
        std::string line = data.substr(at, end - at);
        std::size_t colon = line.find(':');
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        req.headers[name] = value;
        at = end + 2;
      }
      length =
          std::stoul(req.headers.count("content-length") ? req.headers["content-length"] : "0");
    }
    if (header_end != std::string::npos && data.size() >= header_end + 4 + length) break;
  }
  req.body = data.substr(header_end + 4, length);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    received_.push_back(req);
  }
  const std::string answer = "HTTP/1.1 " + std::to_string(answer_status_) +
                             " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
  ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
}

}  // namespace jobmon::testing
