#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "contract.h"

namespace jobmon::testing {

namespace {

constexpr int kTimeoutMs = 30000;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::~HttpClient() { close_socket(); }

void HttpClient::close_socket() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void HttpClient::connect_if_needed() {
  if (fd_ >= 0) return;
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("socket() failed");
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close_socket();
    throw std::runtime_error("connect() to 127.0.0.1:" + std::to_string(port_) + " failed");
  }
}

HttpResponse HttpClient::request(const std::string& method, const std::string& path,
                                 const std::string& body,
                                 const std::map<std::string, std::string>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    connect_if_needed();
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool has_content_type = false;
    for (const auto& [k, v] : headers) {
      req += k + ": " + v + "\r\n";
      if (lower(k) == "content-type") has_content_type = true;
    }
    if (!body.empty() && !has_content_type) req += "Content-Type: application/json\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    std::size_t sent = 0;
    bool failed = false;
    while (sent < req.size()) {
      ssize_t n = ::send(fd_, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        failed = true;
        break;
      }
      sent += static_cast<std::size_t>(n);
    }
    if (failed) {  // a kept-alive connection the server had closed: reconnect once
      close_socket();
      continue;
    }

    std::string data;
    std::size_t header_end = std::string::npos;
    HttpResponse resp;
    std::size_t content_length = 0;
    bool have_length = false;
    while (true) {
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          std::size_t line_end = data.find("\r\n");
          std::string status_line = data.substr(0, line_end);
          resp.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
          std::size_t pos = line_end + 2;
          while (pos < header_end) {
            std::size_t eol = data.find("\r\n", pos);
            std::string line = data.substr(pos, eol - pos);
            std::size_t colon = line.find(':');
            if (colon != std::string::npos) {
              std::string value = line.substr(colon + 1);
              value.erase(0, value.find_first_not_of(' '));
              resp.headers[lower(line.substr(0, colon))] = value;
            }
            pos = eol + 2;
          }
          auto it = resp.headers.find("content-length");
          if (it != resp.headers.end()) {
            content_length = std::stoul(it->second);
            have_length = true;
          }
        }
      }
      if (header_end != std::string::npos && have_length &&
          data.size() >= header_end + 4 + content_length) {
        resp.body = data.substr(header_end + 4, content_length);
        break;
      }
      pollfd pfd{fd_, POLLIN, 0};
      if (::poll(&pfd, 1, kTimeoutMs) <= 0) {
        close_socket();
        throw std::runtime_error(method + " " + path + ": no response within 30 s");
      }
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (header_end != std::string::npos && !have_length) {  // body ends at close
          resp.body = data.substr(header_end + 4);
          close_socket();
          return resp;
        }
        close_socket();
        if (data.empty() && attempt == 0) break;  // stale keep-alive: retry on a new socket
        throw std::runtime_error(method + " " + path + ": connection closed mid-response");
      }
      data.append(buf, static_cast<std::size_t>(n));
    }
    if (resp.status == 0) continue;
    if (lower(resp.header("connection")) == "close") close_socket();
    check_answer(port_, method, path, resp.status, resp.header("content-type"), resp.body);
    return resp;
  }
  throw std::runtime_error(method + " " + path + ": could not send the request");
}

}  // namespace jobmon::testing
