#pragma once
// Where each request ends in a connection's byte stream.
//
// Why: a client may send its next request before the answer to the previous one (HTTP/1.1
// pipelining), so one read can hold the end of a request and the start of the next. Pistache
// 0.0.5's parser drops whatever follows the request it completes, so the HTTP server feeds it one
// request at a time: the framer says how many bytes of a read belong to the current request.
//
// It reads just enough HTTP/1.1 to find the end: the head up to the blank line, then a
// Content-Length body or a chunked one (sizes, data, trailer). What it cannot frame (a head over
// the limit, a malformed length) turns it off for the rest of the connection: every byte then
// belongs to the current request, as if there were no framer, and the parser reports the error.
#include <cstddef>
#include <string>
#include <string_view>

namespace jobmon::host {

class RequestFramer {
 public:
  static constexpr std::size_t kMaxHeadBytes = 1u << 20;

  // How many of the `len` bytes at `data` belong to the current request (all of them unless
  // the request ends among them). Call again with the rest after next().
  std::size_t take(const char* data, std::size_t len);

  // The current request has been read to its end (never, once framing is off).
  bool complete() const { return phase_ == Phase::kComplete; }

  // The current request's head has been read to its blank line (never, once framing is off).
  bool head_complete() const { return phase_ != Phase::kHead && phase_ != Phase::kOff; }

  // No byte of the current request has been taken yet (never, once framing is off).
  bool at_start() const { return phase_ == Phase::kHead && head_.empty(); }

  // Starts on the next request (after complete(), or to give up on the current one: the
  // bytes that follow are then taken as the start of a new request).
  void next();

  // Stops framing for good: every later byte belongs to the current request.
  void turn_off() { phase_ = Phase::kOff; }
  bool off() const { return phase_ == Phase::kOff; }

  // The current request's head as read so far (request line and headers).
  std::string_view head() const { return head_; }

 private:
  enum class Phase {
    kHead,
    kBody,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailer,
    kComplete,
    kOff
  };

  void end_of_head();
  std::size_t take_line(const char* data, std::size_t len);  // into line_, to its '\n'
  void end_of_chunk_size_line();
  void end_of_trailer_line();

  Phase phase_ = Phase::kHead;
  std::string head_;
  std::string line_;                  // chunk-size and trailer lines, as they come in
  bool line_complete_ = false;        // line_ holds a whole line (up to its '\n')
  unsigned long long remaining_ = 0;  // body or chunk bytes still to come
};

}  // namespace jobmon::host
