// Where requests end in a byte stream (host/src/request_framer.h), fed whole and byte by byte.
#include "http/request_framer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace jobmon::host {
namespace {

// Splits `stream` into requests as the HTTP server does, feeding it in pieces of `piece` bytes.
// A request is cut when the framer says it is complete; bytes after the last one are returned
// as the last element (empty when the stream ends on a request's end).
std::vector<std::string> split(const std::string& stream, std::size_t piece) {
  RequestFramer framer;
  std::vector<std::string> out;
  std::string current;
  for (std::size_t at = 0; at < stream.size(); at += piece) {
    const char* data = stream.data() + at;
    std::size_t len = std::min(piece, stream.size() - at);
    while (len > 0) {
      const std::size_t n = framer.take(data, len);
      current.append(data, n);
      data += n;
      len -= n;
      if (framer.complete()) {
        out.push_back(current);
        current.clear();
        framer.next();
      }
    }
  }
  out.push_back(current);
  return out;
}

const std::string kGet = "GET /api/v2/health HTTP/1.1\r\nHost: x\r\n\r\n";
const std::string kPost =
    "POST /api/v2/task_instance/1/log_report_by HTTP/1.1\r\nHost: x\r\n"
    "content-length: 28\r\n\r\n{\"next_report_increment\":90}";
const std::string kChunked =
    "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    "4\r\n{\"a\"\r\nA;ext=1\r\n:12345678}\r\n0\r\nX-Trailer: 1\r\n\r\n";

TEST(RequestFramerTest, SplitsPipelinedRequestsWhateverTheReads) {
  const std::string stream = kGet + kPost + kChunked + kGet;
  for (std::size_t piece :
       {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{4096}}) {
    SCOPED_TRACE(piece);
    EXPECT_EQ(split(stream, piece), (std::vector<std::string>{kGet, kPost, kChunked, kGet, ""}));
  }
}

// Whatever the bytes, the requests found do not depend on how the stream is cut into reads, and
// together they are the stream.
TEST(RequestFramerTest, SplitDoesNotDependOnTheReads) {
  const std::vector<std::string> parts = {kGet,
                                          kPost,
                                          kChunked,
                                          "\r\n",
                                          "0\r\n",
                                          "5\r\n",
                                          "Content-Length: 3\r\n",
                                          "Transfer-Encoding: chunked\r\n",
                                          "abc",
                                          ";x",
                                          "\n",
                                          "\r\n\r\n"};
  std::mt19937 random(20261128);
  for (int round = 0; round < 300; ++round) {
    std::string stream;
    const int count = 1 + static_cast<int>(random() % 12);
    for (int i = 0; i < count; ++i) stream += parts[random() % parts.size()];
    const std::vector<std::string> whole = split(stream, stream.size());
    std::string joined;
    for (const auto& request : whole) joined += request;
    ASSERT_EQ(joined, stream);
    for (std::size_t piece : {std::size_t{1}, std::size_t{5}, std::size_t{64}}) {
      ASSERT_EQ(split(stream, piece), whole) << "piece " << piece << " of " << stream;
    }
  }
}

TEST(RequestFramerTest, KeepsTheStartOfAnUnfinishedRequest) {
  EXPECT_EQ(split(kPost + "GET / HT", 5), (std::vector<std::string>{kPost, "GET / HT"}));
  EXPECT_EQ(split(kPost.substr(0, kPost.size() - 1), 4096),
            (std::vector<std::string>{kPost.substr(0, kPost.size() - 1)}));
}

TEST(RequestFramerTest, HeadIsTheRequestLineAndHeaders) {
  RequestFramer framer;
  framer.take(kPost.data(), kPost.size());
  EXPECT_TRUE(framer.complete());
  EXPECT_EQ(framer.head(), kPost.substr(0, kPost.find("\r\n\r\n") + 4));
  framer.next();
  EXPECT_EQ(framer.head(), "");
}

TEST(RequestFramerTest, WhatItCannotFrameTurnsItOff) {
  for (const std::string& head :
       {std::string("POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n"),
        std::string("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
    SCOPED_TRACE(head);
    RequestFramer framer;
    const std::string stream = head + kGet;
    EXPECT_EQ(framer.take(stream.data(), stream.size()), stream.size());
    EXPECT_TRUE(framer.off());
    EXPECT_FALSE(framer.complete());
    framer.next();  // stays off
    EXPECT_EQ(framer.take(kGet.data(), kGet.size()), kGet.size());
    EXPECT_TRUE(framer.off());
  }
}

TEST(RequestFramerTest, AnEndlessHeadTurnsItOff) {
  RequestFramer framer;
  const std::string chunk(64 * 1024, 'a');
  for (std::size_t taken = 0; taken <= RequestFramer::kMaxHeadBytes; taken += chunk.size()) {
    ASSERT_FALSE(framer.off());
    EXPECT_EQ(framer.take(chunk.data(), chunk.size()), chunk.size());
  }
  EXPECT_TRUE(framer.off());
}

}  // namespace
}  // namespace jobmon::host
