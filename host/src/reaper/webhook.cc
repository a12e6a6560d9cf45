#include "reaper/webhook.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "jobmon/json.h"
#include "log.h"

namespace jobmon::host {

namespace {

// A connected socket, closed when it goes out of scope.
class Socket {
 public:
  Socket(const WebhookUrl& url, std::chrono::milliseconds timeout) : timeout_(timeout) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found); rc != 0) {
      throw std::runtime_error("cannot resolve " + url.host + ": " + ::gai_strerror(rc));
    }
    std::string last = "no address";
    for (addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next) {
      int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) continue;
      if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0 ||
          (errno == EINPROGRESS && wait_for(fd, POLLOUT) && connect_error(fd) == 0)) {
        fd_ = fd;
      } else {
        last = std::strerror(errno);
        ::close(fd);
      }
    }
    ::freeaddrinfo(found);
    if (fd_ < 0)
      throw std::runtime_error("cannot connect to " + url.host + ":" + url.port + ": " + last);
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  void send_all(const std::string& data) {
    for (std::size_t sent = 0; sent < data.size();) {
      ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EAGAIN && wait_for(fd_, POLLOUT)) {
        continue;
      } else {
        throw std::runtime_error(std::string("sending failed: ") + std::strerror(errno));
      }
    }
  }
  // Everything until the peer closes (the request said Connection: close), at most `limit`.
  std::string receive_all(std::size_t limit = 1 << 16) {
    std::string out;
    char buf[4096];
    while (out.size() < limit) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        out.append(buf, static_cast<std::size_t>(n));
      } else if (n == 0) {
        break;
      } else if (errno != EAGAIN || !wait_for(fd_, POLLIN)) {
        throw std::runtime_error("no answer within the timeout");
      }
    }
    return out;
  }

 private:
  bool wait_for(int fd, short events) const {
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, static_cast<int>(timeout_.count())) == 1;
  }
  static int connect_error(int fd) {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    errno = err;
    return err;
  }
  int fd_ = -1;
  std::chrono::milliseconds timeout_;
};

}  // namespace

Webhook::Webhook(const ReaperConfig& config, std::chrono::milliseconds timeout)
    : url_(config.webhook),
      // Not the configured URL: a webhook's path is often its secret (Slack's are).
      shown_url_("http://" + config.webhook.host + ":" + config.webhook.port),
      token_(config.webhook_token),
      channel_(config.webhook_channel),
      timeout_(timeout) {}

bool Webhook::send(const std::string& text) const {
  log_info("reaper notification: " + text);
  if (!configured()) return true;
  api::JsonWriter body;
  body.start_object().key("channel").string(channel_).key("text").string(text).end_object();
  const std::string host =
      url_.host.find(':') != std::string::npos ? "[" + url_.host + "]" : url_.host;
  std::string request = "POST " + url_.path + " HTTP/1.1\r\nHost: " + host + ":" + url_.port +
                        "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + token_ +
                        "\r\nContent-Length: " + std::to_string(body.str().size()) +
                        "\r\nConnection: close\r\n\r\n" + body.str();
  try {
    Socket socket(url_, timeout_);
    socket.send_all(request);
    const std::string answer = socket.receive_all();
    // "HTTP/1.1 200 OK": the status is the second word of the first line.
    const std::size_t space = answer.find(' ');
    const int status = space == std::string::npos ? 0 : std::atoi(answer.c_str() + space + 1);
    if (status >= 200 && status < 300) return true;
    const std::size_t blank = answer.find("\r\n\r\n");
    const std::string content = blank == std::string::npos ? "" : answer.substr(blank + 4, 200);
    log_error("Could not send the reaper's message to " + shown_url_ + ": status " +
              std::to_string(status) + " " + content);
  } catch (const std::exception& e) {
    log_error("Could not send the reaper's message to " + shown_url_ + ": " + e.what());
  }
  return false;
}

}  // namespace jobmon::host
