#pragma once
// The Pistache endpoint and jobmond's own Http::Handler. No Rest::Router (route-table race,
// wrong 404/405 bodies): requests go to the Dispatcher. The handler also owns:
//  * the Connection header of every response (keep-alive for HTTP/1.1 unless the client said
//    close; Pistache alone answers "Close" to requests without the header);
//  * the body limit (413 JSON, decided from Content-Length as soon as the headers are in, the
//    rest of the oversized body is read and discarded so the connection stays usable);
//  * framing: one request at a time goes to Pistache's parser, which would drop the start of a
//    pipelined next request read together with the end of this one (request_framer.h);
//  * reading plain heads: a request that arrived in one read, with a head in the shape nearly
//    every client sends, skips Pistache's parser (request_head.h says why and what is plain);
//  * writing responses: from the reactor thread straight to the socket (response_wire.h), with
//    Pistache's write queue only for what the socket does not take at once;
//  * draining: a count of requests in flight, so stop() can let them finish before the endpoint
//    is torn down (Pistache's shutdown does not wait for handlers).
// Threading: Pistache clones the handler into each reactor thread; the clones share one
// ServerState. Handlers run on the reactor threads.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "dispatcher.h"

namespace Pistache::Http {
class Endpoint;
}

namespace jobmon::host {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int threads = 2;
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

  // Stops taking new requests (they get 503), waits up to drain_timeout for those in flight
  // and their responses to be written, then shuts the endpoint down and joins its threads.
  // Returns false if the drain timed out.
  bool stop(std::chrono::milliseconds drain_timeout);

 private:
  HttpServerOptions options_;
  std::shared_ptr<ServerState> state_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace jobmon::host
