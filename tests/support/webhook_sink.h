#pragma once
// A webhook for tests: a thread that accepts HTTP requests on 127.0.0.1 (an ephemeral port),
// records each one (request line, headers, body) and answers a fixed status, as a Slack
// incoming webhook answers "ok".
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace jobmon::testing {

struct ReceivedRequest {
  std::string request_line;                    // "POST /hook HTTP/1.1"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

class WebhookSink {
 public:
  explicit WebhookSink(int answer_status = 200);
  ~WebhookSink();
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<ReceivedRequest> received() const;

 private:
  void serve();
  void handle(int fd);
  int listen_fd_ = -1;
  int port_ = 0;
  int answer_status_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> received_;
  std::thread thread_;
};

}  // namespace jobmon::testing
