#pragma once
// A minimal blocking HTTP/1.1 client for tests: one keep-alive connection to 127.0.0.1.
// Enough for requests to jobmond; not a general-purpose client.
#include <map>
#include <string>

namespace jobmon::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse get(const std::string& path) { return request("GET", path, ""); }
  HttpResponse post(const std::string& path, const std::string& json) {
    return request("POST", path, json);
  }
  HttpResponse put(const std::string& path, const std::string& json) {
    return request("PUT", path, json);
  }
  // Sends one request and reads the whole response. Reconnects if the server closed the
  // connection. Throws std::runtime_error on socket errors or a 30 s timeout.
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body,
                       const std::map<std::string, std::string>& headers = {});

 private:
  void connect_if_needed();
  void close_socket();
  int port_;
  int fd_ = -1;
};

}  // namespace jobmon::testing
