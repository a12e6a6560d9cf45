#include "http_server.h"

#include <pistache/http.h>
#include <pistache/listener.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <functional>

#include "ascii.h"
#include "connection_sweeper.h"
#include "error_mapping.h"
#include "jobmon/errors.h"
#include "log.h"
#include "request_framer.h"
#include "request_head.h"
#include "response_wire.h"

namespace jobmon::host {

namespace {

using namespace Pistache;

// Per-connection state next to Pistache's parser. Guarded by the mutex of its ConnectionClock:
// the network thread reads the connection, a handler thread answers a request handed to it (and
// reads on what arrived meanwhile), and the sweeper closes the connection when it is idle or slow
// for too long (connection_sweeper.h). Whoever holds the mutex may use the connection's parser:
// Pistache's plain TCP transport, which jobmond uses, touches no connection state on its own.
struct ConnectionState : ConnectionClock {
  using ConnectionClock::ConnectionClock;

  std::size_t discard_remaining = 0;  // bytes of an oversized body to drop
  bool discard_all = false;           // the stream is unusable (malformed or unbounded request)
  // The request line of the request being read, kept because Pistache's query parser keeps
  // one value per name and clients repeat names (GET /lost_workflow_run?status=C&status=H).
  std::string request_line;
  bool request_line_complete = false;
  // The last response said "Connection: Close": end the stream once it has been written.
  bool close_when_written = false;
  // A request of this connection is with a handler thread: what arrives meanwhile (a pipelined
  // next request) waits here, and is read once that request is answered, so answers keep order.
  bool busy = false;
  std::string pending;
  bool head_done = false;    // the current request's head is in (its body's read time starts)
  RequestFramer framer;      // where the request being read ends
  std::string peer_address;  // the client's address, once asked for
};

// The framer has seen the current request's last byte: what follows starts the next one.
void start_next_request(ConnectionState& conn) {
  conn.framer.next();
  conn.request_line.clear();
  conn.request_line_complete = false;
}

// Room for a request's head on top of the body limit: the largest request Pistache takes.
constexpr std::size_t kHeadRoom = std::size_t{1} << 20;

using QueryItems = std::vector<std::pair<std::string, std::string>>;

// The items of a query string "a=1&a=2&b", still encoded, in order.
QueryItems query_items(std::string_view query) {
  QueryItems items;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      items.emplace_back(item.substr(0, eq),
                         eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return items;
}

// The query items of a request line "GET /path?a=1&a=2 HTTP/1.1".
std::optional<QueryItems> query_of_request_line(std::string_view line) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 <= sp1) return std::nullopt;
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) return QueryItems{};
  return query_items(target.substr(q + 1));
}

// What is already known to be no request line, which Pistache's parser would wait on (for the
// space that ends the method or the target, across lines) until the read timeout: one that
// starts with a control byte, a space or a non-ASCII byte (a TLS handshake sent to the HTTP
// port, a stray empty line; h11, the Python server's parser, refuses these at the first byte),
// or a complete line with fewer than three parts ("GARBAGE", "GET /"). Everything else the
// parser judges itself (method, version).
bool malformed_request_line(const std::string& line, bool complete) {
  if (!line.empty() && (static_cast<unsigned char>(line[0]) <= 0x20 ||
                        static_cast<unsigned char>(line[0]) >= 0x7f)) {
    return true;
  }
  if (!complete) return false;
  const auto sp1 = line.find(' ');
  return sp1 == std::string::npos || line.find(' ', sp1 + 1) == std::string::npos;
}

const std::string kConnectionData = "jobmond.connection";

// Made by onConnection for every connection.
std::shared_ptr<ConnectionState> connection_state(const std::shared_ptr<Tcp::Peer>& peer) {
  return std::static_pointer_cast<ConnectionState>(peer->tryGetData(kConnectionData));
}

// Forgets a request whose body was refused half-way. Pistache's reset() keeps BodyStep's count
// of body bytes already read, which would corrupt the next request on this connection; a
// synthetic request whose body completes that count brings it back to zero.
void abandon_request(Http::RequestParser& parser, std::size_t body_bytes_read) {
  parser.reset();
  if (body_bytes_read == 0) return;
  const std::string filler =
      "GET / HTTP/1.1\r\nContent-Length: " + std::to_string(body_bytes_read + 1) + "\r\n\r\nx";
  if (parser.feed(filler.data(), filler.size())) parser.parse();
  parser.reset();
}

// HTTP/1.1 keeps the connection unless the client says close; HTTP/1.0 only on request.
bool wants_keep_alive(const Http::Request& request) {
  auto connection = request.headers().tryGet<Http::Header::Connection>();
  if (request.version() == Http::Version::Http11) {
    return !connection || connection->control() != Http::ConnectionControl::Close;
  }
  return connection && connection->control() == Http::ConnectionControl::KeepAlive;
}

std::optional<api::Method> to_api_method(Http::Method m) {
  switch (m) {
    case Http::Method::Get:
      return api::Method::kGet;
    case Http::Method::Post:
      return api::Method::kPost;
    case Http::Method::Put:
      return api::Method::kPut;
    case Http::Method::Delete:
      return api::Method::kDelete;
    case Http::Method::Patch:
      return api::Method::kPatch;
    default:
      return std::nullopt;
  }
}

// Pistache keeps every header as sent, next to the typed form of those it knows.
std::optional<std::string> header_value(const Http::Request& request, std::string_view name) {
  if (auto raw = request.headers().tryGetRaw(std::string(name))) return raw->value();
  return std::nullopt;
}

// The client's address, as Pistache 0.0.5 does not fill Request::address() outside its own
// onInput, which ours replaces. Kept per connection: formatting it is not free.
const std::string& peer_address(Tcp::Peer& peer, ConnectionState& conn) {
  if (conn.peer_address.empty()) conn.peer_address = peer.address().host();
  return conn.peer_address;
}

// A request as Pistache's parser read it. `raw_query`: the query read from the request line
// (Pistache's keeps one value per name).
IncomingRequest incoming_request(const Http::Request& request, std::optional<QueryItems> raw_query,
                                 std::string peer) {
  IncomingRequest in;
  in.method = to_api_method(request.method());
  in.method_text = Http::methodString(request.method());
  in.raw_path = request.resource();
  if (raw_query) {
    in.raw_query = std::move(*raw_query);
  } else {
    for (auto it = request.query().parameters_begin(); it != request.query().parameters_end();
         ++it) {
      in.raw_query.emplace_back(it->first, it->second);
    }
  }
  in.host_header = header_value(request, "Host").value_or("");
  in.peer = std::move(peer);
  in.body = request.body();
  in.header = [&request](std::string_view name) { return header_value(request, name); };
  return in;
}

// A request read by read_plain_head(), its body the `body` bytes after the head. The header
// lookup refers to `head`.
IncomingRequest incoming_request(const PlainHead& head, std::string_view body, std::string peer) {
  IncomingRequest in;
  in.method = head.route_method;
  in.method_text = head.method;
  in.raw_path = head.path;
  in.raw_query = query_items(head.query);
  in.host_header = head.header("Host").value_or("");
  in.peer = std::move(peer);
  in.body = body;
  in.header = [&head](std::string_view name) -> std::optional<std::string> {
    if (auto value = head.header(name)) return std::string(*value);
    return std::nullopt;
  };
  return in;
}

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A request handed to a handler thread. It owns what its IncomingRequest refers to: the network
// thread reuses the buffers the request was read from as soon as it reads on.
struct HandedOverRequest {
  IncomingRequest in;
  HeaderList headers;  // as sent; the first of a name wins, any case (Pistache's lookup)
};

std::shared_ptr<const HandedOverRequest> hand_over(const IncomingRequest& in, HeaderList headers) {
  auto r = std::make_shared<HandedOverRequest>();
  r->in = in;
  r->headers = std::move(headers);
  const HeaderList* list = &r->headers;  // lives as long as r->in
  r->in.header = [list](std::string_view name) -> std::optional<std::string> {
    for (const auto& [key, value] : *list) {
      if (iequals_ascii(key, name)) return value;
    }
    return std::nullopt;
  };
  return r;
}

HeaderList headers_of(const Http::Request& request) {
  HeaderList list;
  for (const auto& [name, raw] : request.headers().rawList()) {
    list.emplace_back(raw.name(), raw.value());
  }
  return list;
}

HeaderList headers_of(const PlainHead& head) {
  HeaderList list;
  list.reserve(head.headers.size());
  for (const PlainHeader& h : head.headers) list.emplace_back(h.name, h.value);
  return list;
}

api::Response too_large_response(std::size_t limit) {
  return detail_response(413,
                         "Request body exceeds the limit of " + std::to_string(limit) + " bytes");
}

using Lock = std::unique_lock<std::mutex>;

// Ends the server's side of the stream (FIN after the queued bytes); the client's close then
// reaches Pistache's reactor, which drops the connection. Reads are left open so that the
// reactor sees that close.
void end_stream(ConnectionState& conn) {
  ::shutdown(conn.fd, SHUT_WR);
  conn.stream_ended = true;
}

// A handler call ended (answered, or refused before one ran): stop() may be waiting for it.
void request_done(ServerState& state) {
  {
    std::lock_guard<std::mutex> guard(state.mutex);
    --state.in_flight;
  }
  state.changed.notify_all();
}

bool is_draining(ServerState& state) {
  std::lock_guard<std::mutex> guard(state.mutex);
  return state.draining;
}

// Sends a response on `conn` (locked by `lock`) at once, from whichever thread answered it, with
// no trip through Pistache's write queue (see response_wire.h for why). What the socket does not
// take at once goes to that queue, and so does every later response until it has drained, so
// responses leave in order. Queued writes are counted in ServerState so stop() can wait for them.
// `keep_alive` false: the response says "Connection: Close", and the server ends its side of the
// stream after it, so that clients reading the body to the end of the stream see the end.
void write_response(const std::shared_ptr<ServerState>& state,
                    const std::shared_ptr<Tcp::Peer>& peer,
                    const std::shared_ptr<ConnectionState>& conn, Lock& lock, std::string bytes,
                    bool keep_alive) {
  conn->phase = ConnectionClock::Phase::kIdle;  // the keep-alive timeout applies now
  conn->since = ConnectionClock::Clock::now();
  if (!keep_alive) {
    conn->close_when_written = true;
    conn->discard_all = true;  // nothing after a "Connection: Close" is answered
  }
  if (conn->closed || conn->stream_ended) return;  // nobody left to read it
  std::size_t sent = 0;
  if (conn->queued_writes == 0) {
    while (sent < bytes.size()) {
      const ssize_t n = ::send(conn->fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n >= 0) {
        sent += static_cast<std::size_t>(n);
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        break;
      } else if (errno != EINTR) {
        // The client is gone; the reactor sees the hang-up and drops the connection.
        log_debug(std::string("response not sent: ") + std::strerror(errno));
        return;
      }
    }
    if (sent == bytes.size()) {
      if (conn->close_when_written) end_stream(*conn);
      return;
    }
  }
  ++conn->queued_writes;
  {
    std::lock_guard<std::mutex> guard(state->mutex);
    ++state->pending_writes;
  }
  auto done = [state, conn] {
    {
      std::lock_guard<std::mutex> guard(conn->mutex);
      --conn->queued_writes;
      if (conn->queued_writes == 0 && conn->close_when_written && !conn->closed &&
          !conn->stream_ended) {
        end_stream(*conn);
      }
    }
    {
      std::lock_guard<std::mutex> guard(state->mutex);
      --state->pending_writes;
    }
    state->changed.notify_all();
  };
  // Through Peer::send, not Transport::asyncWrite: the promise must be made in libpistache,
  // which resolves it. Pistache tells promise types apart by the address of a static in a
  // template; an instance compiled here (hidden visibility) is another type to it (BadType).
  // Unlocked: a promise resolved before then() runs its callback at once, which locks.
  const std::size_t rest = bytes.size() - sent;
  auto written = peer->send(RawBuffer(bytes.substr(sent), rest));
  lock.unlock();
  written.then([done](ssize_t) { done(); }, [done](std::exception_ptr) { done(); });
  lock.lock();
}

class JobmondHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(JobmondHandler)

  explicit JobmondHandler(std::shared_ptr<ServerState> state) : state_(std::move(state)) {}

  // Pistache calls this only from its own onInput, which ours replaces; kept for the contract.
  void onRequest(const Http::Request& request, Http::ResponseWriter response) override;

 private:
  void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override;
  // Replaces Http::Handler::onInput (same parser, same steps) to own the body limit and the
  // answers to malformed requests; see the header comment.
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override;
  // Reads `len` bytes of the stream (conn locked), answering each request they complete. A
  // request handed to a handler thread ends the reading: the rest waits in conn->pending.
  void read_input(const std::shared_ptr<Tcp::Peer>& peer,
                  const std::shared_ptr<ConnectionState>& conn, Lock& lock, const char* buffer,
                  std::size_t len);
  // Answers the request that is all of `data` when its head is plain (request_head.h); false,
  // with nothing done, when it is not.
  bool answer_plain(const std::shared_ptr<Tcp::Peer>& peer,
                    const std::shared_ptr<ConnectionState>& conn, Lock& lock, const char* data,
                    std::size_t len);
  // Feeds bytes of one request (never of the next) to the parser; answers it once complete.
  void read_request_part(const std::shared_ptr<Tcp::Peer>& peer,
                         const std::shared_ptr<ConnectionState>& conn, Lock& lock,
                         const char* buffer, std::size_t len);
  // Answers a complete request: here (what the dispatcher answers without plugin code or the
  // database, and 503 while draining), or on a handler thread. `headers` lists the request's
  // headers, for a copy that outlives the buffers.
  void answer(const IncomingRequest& in, const std::function<HeaderList()>& headers, bool http10,
              bool keep_alive, const std::shared_ptr<Tcp::Peer>& peer,
              const std::shared_ptr<ConnectionState>& conn, Lock& lock);
  void answer_now(const std::shared_ptr<Tcp::Peer>& peer,
                  const std::shared_ptr<ConnectionState>& conn, Lock& lock, Http::Version version,
                  const api::Response& r, bool keep_alive, const char* what);
  // On a handler thread: dispatches the request, writes the answer, and lets the network thread
  // read on.
  // The handler clone outlives the handler threads (HttpServer::stop() joins them first).
  void answer_on_handler_thread(const std::shared_ptr<const HandedOverRequest>& request,
                                bool http10, bool keep_alive,
                                const std::shared_ptr<Tcp::Peer>& peer,
                                const std::shared_ptr<ConnectionState>& conn);

  std::shared_ptr<ServerState> state_;
};

void JobmondHandler::onConnection(const std::shared_ptr<Tcp::Peer>& peer) {
  // What Http::Handler::onConnection (private) does: the connection's parser.
  peer->putData(Http::Handler::ParserData,
                std::make_shared<Http::RequestParser>(getMaxRequestSize()));
  auto conn = std::make_shared<ConnectionState>(peer->fd());
  peer->putData(kConnectionData, conn);
  state_->sweeper->add(conn);
}

void JobmondHandler::onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) {
  auto conn = connection_state(peer);
  if (!conn) return;
  {
    std::lock_guard<std::mutex> guard(conn->mutex);
    conn->closed = true;  // Pistache closes the descriptor when this returns
  }
  state_->sweeper->remove(conn.get());
}

void JobmondHandler::answer_now(const std::shared_ptr<Tcp::Peer>& peer,
                                const std::shared_ptr<ConnectionState>& conn, Lock& lock,
                                Http::Version version, const api::Response& r, bool keep_alive,
                                const char* what) {
  write_response(state_, peer, conn, lock,
                 serialize_response(version == Http::Version::Http10, r, keep_alive), keep_alive);
  log_info(std::string(what) + " " + std::to_string(r.status));
}

void JobmondHandler::onInput(const char* buffer, size_t len,
                             const std::shared_ptr<Tcp::Peer>& peer) {
  try {
    auto conn = connection_state(peer);
    Lock lock(conn->mutex);
    if (conn->busy) {
      // What a client pipelines waits for the answer, up to the largest request it could send
      // (Pistache's limit): beyond that it gets that answer and then the end of the stream,
      // rather than the server buffering without bound.
      if (conn->pending.size() + len > state_->max_body_bytes + kHeadRoom) {
        conn->pending.clear();
        conn->discard_all = true;
        conn->close_when_written = true;
        return;
      }
      if (!conn->discard_all) conn->pending.append(buffer, len);
      return;
    }
    read_input(peer, conn, lock, buffer, len);
  } catch (...) {
    // Nothing may escape into Pistache (a non-std exception would terminate the process).
    log_error("unexpected failure while reading a request");
  }
}

void JobmondHandler::read_input(const std::shared_ptr<Tcp::Peer>& peer,
                                const std::shared_ptr<ConnectionState>& conn, Lock& lock,
                                const char* buffer, std::size_t len) {
  // Nothing can be answered on a stream whose end the server has sent.
  if (conn->stream_ended) return;
  // One request at a time: a read may end one request and start the next (pipelining), and
  // Pistache's parser would drop what follows the request it completes.
  while (len > 0 && !conn->discard_all) {
    if (conn->phase == ConnectionClock::Phase::kIdle) {  // a request starts: its head's time
      conn->phase = ConnectionClock::Phase::kReading;
      conn->since = ConnectionClock::Clock::now();
      conn->head_done = false;
    }
    // A request that starts and ends in this read may skip Pistache's parser (request_head.h).
    const bool at_start = conn->framer.at_start() && conn->discard_remaining == 0;
    std::size_t n = conn->framer.take(buffer, len);
    if (n == 0) {  // not expected: a complete request is always followed by next()
      conn->framer.turn_off();
      n = len;
    }
    if (!conn->head_done && conn->framer.head_complete()) {  // the body's time starts
      conn->head_done = true;
      conn->since = ConnectionClock::Clock::now();
    }
    const bool whole = at_start && conn->framer.complete();
    if (!whole || !answer_plain(peer, conn, lock, buffer, n)) {
      read_request_part(peer, conn, lock, buffer, n);
    }
    if (conn->framer.complete()) start_next_request(*conn);
    buffer += n;
    len -= n;
    if (conn->busy) {  // the rest is read once that request is answered
      conn->pending.append(buffer, len);
      return;
    }
  }
}

bool JobmondHandler::answer_plain(const std::shared_ptr<Tcp::Peer>& peer,
                                  const std::shared_ptr<ConnectionState>& conn, Lock& lock,
                                  const char* data, std::size_t len) {
  const std::string_view head = conn->framer.head();
  const std::optional<PlainHead> plain = read_plain_head(head);
  // An oversized body is refused by the parser's path, which has the 413 and its bookkeeping.
  if (!plain || plain->content_length > state_->max_body_bytes ||
      head.size() + plain->content_length != len) {
    return false;
  }
  answer(
      incoming_request(*plain, std::string_view(data + head.size(), plain->content_length),
                       peer_address(*peer, *conn)),
      [&plain] { return headers_of(*plain); }, plain->http10, plain->keep_alive, peer, conn, lock);
  return true;
}

void JobmondHandler::read_request_part(const std::shared_ptr<Tcp::Peer>& peer,
                                       const std::shared_ptr<ConnectionState>& conn, Lock& lock,
                                       const char* buffer, std::size_t len) {
  if (conn->discard_remaining > 0) {
    const std::size_t n = std::min(len, conn->discard_remaining);
    conn->discard_remaining -= n;
    buffer += n;
    len -= n;
    if (len == 0) return;
  }
  if (!conn->request_line_complete) {
    const char* eol = static_cast<const char*>(std::memchr(buffer, '\n', len));
    conn->request_line.append(buffer, eol ? static_cast<std::size_t>(eol - buffer) : len);
    conn->request_line_complete = eol != nullptr;
  }
  auto parser = getParser(peer);
  auto& request = parser->request;
  const bool too_long = conn->request_line.size() > kMaxRequestLineBytes;
  if (too_long || malformed_request_line(conn->request_line, conn->request_line_complete)) {
    conn->discard_all = true;
    answer_now(peer, conn, lock, Http::Version::Http11,
               too_long ? detail_response(414, "Request line too long")
                        : detail_response(400, "Malformed request line"),
               false, "malformed request:");
    parser->reset();
    return;
  }
  try {
    if (!parser->feed(buffer, len)) {
      // Beyond Pistache's buffer (headers plus the body limit): a body without a usable
      // Content-Length. Answer, and drop everything else this client sends.
      conn->discard_all = true;
      answer_now(peer, conn, lock, request.version(), too_large_response(state_->max_body_bytes),
                 false, "request over the size limit:");
      parser->reset();
      return;
    }
    const auto parsed = parser->parse();
    if (parsed == Http::Private::State::Done) {
      // Where the framer and the parser disagree on the end, the parser decides from here on.
      if (!conn->framer.complete()) conn->framer.turn_off();
      std::optional<QueryItems> raw_query;
      if (conn->request_line_complete) {
        std::string_view line = conn->request_line;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        raw_query = query_of_request_line(line);
      }
      conn->request_line.clear();
      conn->request_line_complete = false;
      answer(
          incoming_request(request, std::move(raw_query), peer_address(*peer, *conn)),
          [&request] { return headers_of(request); }, request.version() == Http::Version::Http10,
          wants_keep_alive(request), peer, conn, lock);
      parser->reset();
      return;
    }
    if (conn->framer.complete()) conn->framer.turn_off();
    if (parser->step()->id() == Http::Private::BodyStep::Id) {
      // Headers are in: refuse an oversized body now instead of buffering it.
      auto length = request.headers().tryGet<Http::Header::ContentLength>();
      if (length && length->value() > state_->max_body_bytes) {
        const std::size_t have = request.body().size();
        conn->discard_remaining = length->value() > have ? length->value() - have : 0;
        answer_now(peer, conn, lock, request.version(), too_large_response(state_->max_body_bytes),
                   wants_keep_alive(request), "request body over the limit:");
        abandon_request(*parser, have);
        // The next request line comes after the discarded body.
        conn->request_line.clear();
        conn->request_line_complete = false;
      }
    }
  } catch (const Http::HttpError& e) {
    conn->discard_all = true;
    answer_now(peer, conn, lock, request.version(), detail_response(e.code(), e.reason()), false,
               "malformed request:");
    parser->reset();
  } catch (const std::exception& e) {
    conn->discard_all = true;
    log_error(std::string("request parsing failed: ") + e.what());
    answer_now(peer, conn, lock, request.version(), detail_response(400, "Bad Request"), false,
               "malformed request:");
    parser->reset();
  }
}

void JobmondHandler::onRequest(const Http::Request& request, Http::ResponseWriter response) {
  try {
    auto peer = response.peer();
    auto conn = connection_state(peer);
    Lock lock(conn->mutex);
    answer(
        incoming_request(request, std::nullopt, peer_address(*peer, *conn)),
        [&request] { return headers_of(request); }, request.version() == Http::Version::Http10,
        wants_keep_alive(request), peer, conn, lock);
  } catch (...) {
    log_error("unexpected failure while answering " + request.resource());
  }
}

void JobmondHandler::answer(const IncomingRequest& in, const std::function<HeaderList()>& headers,
                            bool http10, bool keep_alive, const std::shared_ptr<Tcp::Peer>& peer,
                            const std::shared_ptr<ConnectionState>& conn, Lock& lock) {
  const auto start = std::chrono::steady_clock::now();
  bool accepted = false;
  try {
    {
      std::lock_guard<std::mutex> guard(state_->mutex);
      if (!state_->draining) {
        ++state_->in_flight;
        accepted = true;
      }
    }
    if (!accepted) {  // answered here, not by the dispatcher (which logs what it answers)
      const api::Response out = custom_error_response(503, api::kServerErrorType,
                                                      api::python_repr("Server is shutting down"));
      write_response(state_, peer, conn, lock, serialize_response(http10, out, false), false);
      log_request(request_log_entry(in.method_text, in.raw_path, out.status, start));
      return;
    }
    const Lane lane = state_->dispatcher->lane(in);
    if (in.body.size() <= state_->max_body_bytes && lane != Lane::kNetwork) {
      conn->busy = true;
      conn->phase = ConnectionClock::Phase::kBusy;
      WorkerPool& pool = lane == Lane::kProbe ? *state_->probes : *state_->handlers;
      pool.submit([this, request = hand_over(in, headers()), http10, keep_alive, peer, conn] {
        answer_on_handler_thread(request, http10, keep_alive, peer, conn);
      });
      return;
    }
    const api::Response out = in.body.size() > state_->max_body_bytes  // a chunked body
                                  ? too_large_response(state_->max_body_bytes)
                                  : state_->dispatcher->dispatch(in);
    write_response(state_, peer, conn, lock, serialize_response(http10, out, keep_alive),
                   keep_alive);
  } catch (...) {
    log_error("unexpected failure while answering " + in.raw_path);
  }
  if (accepted) request_done(*state_);
}

void JobmondHandler::answer_on_handler_thread(
    const std::shared_ptr<const HandedOverRequest>& request, bool http10, bool keep_alive,
    const std::shared_ptr<Tcp::Peer>& peer, const std::shared_ptr<ConnectionState>& conn) {
  ServerState& state = *state_;
  try {
    const api::Response out = state.dispatcher->dispatch(request->in);
    // A draining server closes each connection after its answer: the client then opens a new
    // one, and learns that the server is going, rather than sending into a closing socket.
    keep_alive = keep_alive && !is_draining(state);
    std::string bytes = serialize_response(http10, out, keep_alive);
    Lock lock(conn->mutex);
    write_response(state_, peer, conn, lock, std::move(bytes), keep_alive);
    conn->busy = false;
    if (!conn->closed && !conn->pending.empty()) {
      // What the client sent meanwhile is read here, still under the lock, so that what arrives
      // now queues behind it; a request handed on makes the connection busy again.
      const std::string input = std::move(conn->pending);
      conn->pending.clear();
      read_input(peer, conn, lock, input.data(), input.size());
    }
  } catch (...) {
    log_error("unexpected failure while answering " + request->in.raw_path);
  }
  request_done(state);
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, std::shared_ptr<const Dispatcher> dispatcher)
    : options_(std::move(options)), state_(std::make_shared<ServerState>()) {
  state_->dispatcher = std::move(dispatcher);
  state_->max_body_bytes = options_.max_body_bytes;
}

HttpServer::~HttpServer() {
  if (listener_) stop(std::chrono::milliseconds(0));
}

std::uint16_t HttpServer::start() {
  using namespace Pistache;
  // Pistache's plain TCP listener, not its HTTP endpoint: the endpoint adds a timer that closes
  // connections by its own clock, reading their parser from the network thread, while handler
  // threads may hold them (connection_sweeper.h keeps the timeouts instead). One network thread:
  // it only reads, writes what it answers itself and hands requests on.
  listener_ = std::make_unique<Tcp::Listener>(Address(options_.host, Port(options_.port)));
  listener_->init(1, Flags<Tcp::Options>(Tcp::Options::ReuseAddr));
  // Pistache's limit covers headers plus body; ours (the body) is checked first, from
  // Content-Length, so give Pistache room for the headers on top.
  auto handler = Http::make_handler<JobmondHandler>(state_);
  handler->setMaxRequestSize(options_.max_body_bytes + kHeadRoom);
  handler->setMaxResponseSize(std::size_t{1} << 30);
  listener_->setHandler(handler);
  state_->handlers = std::make_unique<WorkerPool>(options_.threads);
  state_->probes = std::make_unique<WorkerPool>(1);
  state_->sweeper = std::make_unique<ConnectionSweeper>(
      options_.keepalive_timeout, options_.request_read_timeout,
      serialize_response(false, detail_response(408, "Request Timeout"), false));
  try {
    listener_->bind();
    listener_->runThreaded();
  } catch (const std::exception& e) {
    listener_.reset();  // nothing was served: there is nothing to drain
    stop_threads();
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + e.what());
  }
  return static_cast<std::uint16_t>(listener_->getPort());
}

bool HttpServer::stop(std::chrono::milliseconds drain_timeout) {
  if (!listener_) return true;
  bool drained = true;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->draining = true;
  }
  // Idle keep-alive connections end now (FIN), while the server still reads them: their
  // clients see the close before their next request, instead of a reset after the exit. A
  // request that crossed the FIN is read and dropped; its client sees the end of the stream.
  state_->sweeper->end_idle_streams(
      [](ConnectionClock& c) { static_cast<ConnectionState&>(c).discard_all = true; });
  {
    std::unique_lock<std::mutex> lock(state_->mutex);
    drained =
        state_->changed.wait_for(lock, drain_timeout, [this] { return state_->in_flight == 0; });
    // What the socket did not take at once is written by the network thread: give it a moment.
    state_->changed.wait_for(lock, std::chrono::seconds(1),
                             [this] { return state_->pending_writes == 0; });
  }
  stop_threads();  // a handler still running (drain timed out) is waited for here
  listener_->shutdown();
  listener_.reset();  // joins the network thread; every handler clone is gone after this
  return drained;
}

void HttpServer::stop_threads() {
  if (state_->handlers) state_->handlers->stop();
  if (state_->probes) state_->probes->stop();
  if (state_->sweeper) state_->sweeper->stop();
}

}  // namespace jobmon::host
