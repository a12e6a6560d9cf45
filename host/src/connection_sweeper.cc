#include "connection_sweeper.h"

#include <sys/socket.h>

#include "log.h"

namespace jobmon::host {

namespace {

constexpr std::chrono::milliseconds kSweepInterval{250};

// Both directions: the reactor then reads the end of the stream and drops the connection.
void close_stream(ConnectionClock& c) {
  ::shutdown(c.fd, SHUT_RDWR);
  c.stream_ended = true;
}

}  // namespace

ConnectionSweeper::ConnectionSweeper(std::chrono::milliseconds keepalive_timeout,
                                     std::chrono::milliseconds read_timeout,
                                     std::string timeout_response)
    : keepalive_timeout_(keepalive_timeout),
      read_timeout_(read_timeout),
      timeout_response_(std::move(timeout_response)),
      thread_([this] { run(); }) {}

ConnectionSweeper::~ConnectionSweeper() { stop(); }

void ConnectionSweeper::add(std::shared_ptr<ConnectionClock> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  const ConnectionClock* key = connection.get();
  connections_.emplace(key, std::move(connection));
}

void ConnectionSweeper::remove(const ConnectionClock* connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  connections_.erase(connection);
}

std::vector<std::shared_ptr<ConnectionClock>> ConnectionSweeper::snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<ConnectionClock>> all;
  all.reserve(connections_.size());
  for (const auto& entry : connections_) all.push_back(entry.second);
  return all;
}

void ConnectionSweeper::end_idle_streams(const std::function<void(ConnectionClock&)>& on_end) {
  for (const auto& c : snapshot()) {
    std::lock_guard<std::mutex> lock(c->mutex);
    if (c->closed || c->stream_ended || c->phase != ConnectionClock::Phase::kIdle ||
        c->queued_writes > 0) {
      continue;
    }
    ::shutdown(c->fd, SHUT_WR);  // FIN; what the client still sends is read, and dropped
    c->stream_ended = true;
    on_end(*c);
  }
}

void ConnectionSweeper::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ConnectionSweeper::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kSweepInterval, [this] { return stopping_; })) {
    lock.unlock();
    sweep(ConnectionClock::Clock::now());
    lock.lock();
  }
}

void ConnectionSweeper::sweep(ConnectionClock::Clock::time_point now) {
  for (const auto& c : snapshot()) {
    std::lock_guard<std::mutex> lock(c->mutex);
    if (c->closed || c->stream_ended) continue;
    const auto waited = now - c->since;
    if (c->phase == ConnectionClock::Phase::kIdle && waited > keepalive_timeout_) {
      close_stream(*c);
    } else if (c->phase == ConnectionClock::Phase::kReading && waited > read_timeout_) {
      // Unless an earlier answer is still queued (it would be overtaken): then just close.
      if (c->queued_writes == 0) {
        ::send(c->fd, timeout_response_.data(), timeout_response_.size(),
               MSG_NOSIGNAL | MSG_DONTWAIT);
      }
      close_stream(*c);
      log_info("request not received within the read timeout: 408, connection closed");
    }
  }
}

}  // namespace jobmon::host
