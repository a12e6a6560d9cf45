#pragma once
// Pistache's TCP listener and jobmond's own Http::Handler. No Rest::Router (route-table race,
// wrong 404/405 bodies): requests go to the Dispatcher. The handler also owns:
//  * threads: one network (reactor) thread reads and writes every connection and answers what
//    needs neither plugin code nor the database itself (/livez, /metrics, the API documents,
//    CORS preflights: Dispatcher::lane); route handlers run on a pool of --threads handler
//    threads, /readyz on a probe thread of its own (worker_pool.h). A handler waiting on the
//    database so never holds up a liveness probe, a scrape, or the reading of other requests;
//  * the Connection header of every response (keep-alive for HTTP/1.1 unless the client said
//    close; Pistache alone answers "Close" to requests without the header);
//  * the body limit (413 JSON, decided from Content-Length as soon as the headers are in, the
//    rest of the oversized body is read and discarded so the connection stays usable);
//  * framing: one request at a time goes to Pistache's parser, which would drop the start of a
//    pipelined next request read together with the end of this one (request_framer.h); while a
//    request is with a handler thread, what follows it waits, so answers leave in order;
//  * reading plain heads: a request that arrived in one read, with a head in the shape nearly
//    every client sends, skips Pistache's parser (request_head.h says why and what is plain);
//  * writing responses: from the thread that answered straight to the socket (response_wire.h),
//    with Pistache's write queue only for what the socket does not take at once;
//  * timeouts: keep-alive and request-read, kept by the sweeper (connection_sweeper.h);
//  * draining: a count of requests in flight, so stop() can let them finish before the listener
//    is torn down (Pistache's shutdown does not wait for handlers), and idle connections closed
//    cleanly at its start.
// Threading: a connection's state is guarded by its own mutex (ConnectionClock::mutex), taken by
// the network thread, the handler thread answering it, and the sweeper.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "connection_sweeper.h"
#include "dispatcher.h"
#include "worker_pool.h"

namespace Pistache::Tcp {
class Listener;
}

namespace jobmon::host {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int threads = 2;  // handler threads
  std::size_t max_body_bytes = 64u << 20;
  std::chrono::milliseconds keepalive_timeout{15000};
  std::chrono::milliseconds request_read_timeout{30000};
};

// Shared by every clone of the handler.
struct ServerState {
  std::shared_ptr<const Dispatcher> dispatcher;
  std::size_t max_body_bytes = 0;
  std::mutex mutex;
  std::condition_variable changed;
  bool draining = false;   // guarded by mutex
  int in_flight = 0;       // handler calls running; guarded by mutex
  int pending_writes = 0;  // responses queued but not yet written; guarded by mutex
  // Made by start(), stopped by stop() before the listener goes.
  std::unique_ptr<WorkerPool> handlers;  // route handlers (--threads)
  std::unique_ptr<WorkerPool> probes;    // /readyz
  std::unique_ptr<ConnectionSweeper> sweeper;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, std::shared_ptr<const Dispatcher> dispatcher);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the server threads; returns the bound port. Throws on bind failure, with
  // a message naming the address.
  std::uint16_t start();

  // Stops taking new requests (they get 503), ends the streams of idle connections (FIN), waits
  // up to drain_timeout for those in flight and their responses to be written (each saying
  // Connection: close), then shuts the listener down and joins its threads.
  // Returns false if the drain timed out.
  bool stop(std::chrono::milliseconds drain_timeout);

 private:
  void stop_threads();

  HttpServerOptions options_;
  std::shared_ptr<ServerState> state_;
  std::unique_ptr<Pistache::Tcp::Listener> listener_;
};

}  // namespace jobmon::host
