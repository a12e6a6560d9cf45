#pragma once
// The HTTP server's connection timeouts, and the end of idle connections on shutdown.
//
// Why not Pistache's: its HTTP endpoint's timer closes a connection whose request is not complete
// after the header/body timeout, counted from the last request's end, without asking the handler.
// Route handlers run on handler threads (worker_pool.h) and may hold a connection longer than that
// (a slow database); Pistache would then close, and reuse, a descriptor a handler is about to
// answer on. So jobmond serves on Pistache's plain TCP listener, which has no timer, and this
// thread closes connections instead, by shutdown(): the descriptor stays valid until Pistache's
// network thread sees the end of the stream and drops the connection (after onDisconnection
// marks it closed under its mutex).
//
// What it closes, every quarter second:
//  * an idle connection (no request started since the last answer) after the keep-alive timeout;
//  * a connection whose request head (or, after the head, whose body) takes longer than the read
//    timeout to arrive: answered 408 first, then closed (slowloris);
//  * never one whose request is with a handler.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace jobmon::host {

// What the sweeper knows of one connection. The HTTP server's per-connection state extends it.
struct ConnectionClock {
  enum class Phase {
    kIdle,     // between requests (or after the last answer of a closing connection)
    kReading,  // a request is arriving
    kBusy,     // the request is with a handler thread
  };
  using Clock = std::chrono::steady_clock;

  explicit ConnectionClock(int descriptor) : fd(descriptor), since(Clock::now()) {}

  std::mutex mutex;  // guards everything below, and whatever the extension adds
  const int fd;
  bool closed = false;        // Pistache is dropping the connection: fd is no longer ours to use
  bool stream_ended = false;  // our side is shut (FIN sent): nothing more can be written
  Phase phase = Phase::kIdle;
  Clock::time_point since;  // when the phase began (kReading: the head's start, then the body's)
  int queued_writes = 0;    // responses (parts) still in Pistache's write queue
};

class ConnectionSweeper {
 public:
  // `timeout_response`: the bytes of the 408 answer (Connection: close).
  ConnectionSweeper(std::chrono::milliseconds keepalive_timeout,
                    std::chrono::milliseconds read_timeout, std::string timeout_response);
  ~ConnectionSweeper();  // stop()
  ConnectionSweeper(const ConnectionSweeper&) = delete;
  ConnectionSweeper& operator=(const ConnectionSweeper&) = delete;

  void add(std::shared_ptr<ConnectionClock> connection);
  void remove(const ConnectionClock* connection);

  // For shutdown: ends the stream (FIN) of every idle connection at once, so that a client sees
  // the close before it sends its next request there (and opens a new connection instead) rather
  // than sending into a socket that is about to be closed (ECONNRESET). A stream it ends takes
  // no more requests: `on_end` is called for each, its mutex held.
  void end_idle_streams(const std::function<void(ConnectionClock&)>& on_end);

  // Ends the sweeping thread. Idempotent.
  void stop();

 private:
  void run();
  void sweep(ConnectionClock::Clock::time_point now);
  std::vector<std::shared_ptr<ConnectionClock>> snapshot();

  const std::chrono::milliseconds keepalive_timeout_, read_timeout_;
  const std::string timeout_response_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::unordered_map<const ConnectionClock*, std::shared_ptr<ConnectionClock>>
      connections_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace jobmon::host
