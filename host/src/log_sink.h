#pragma once
// The sink of jobmond's log: spdlog formats each line on the thread that logs it and hands it
// here; a thread of the sink's own writes the lines to file descriptor 2 (stderr, or the log
// file log_to_file() pointed it at), every line waiting in one write(2). A request never waits
// for the log's disk, and under load many lines cost one system call. Nothing is dropped: past
// kMaxPendingBytes waiting, a logging thread waits for the writer. Lines reach the descriptor in
// the order they were logged.
#include <spdlog/sinks/base_sink.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace jobmon::host {

class BatchedStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  static constexpr std::size_t kMaxPendingBytes = 4 << 20;

  BatchedStderrSink();
  ~BatchedStderrSink() override;  // writes every line still waiting, then stops its thread
  BatchedStderrSink(const BatchedStderrSink&) = delete;
  BatchedStderrSink& operator=(const BatchedStderrSink&) = delete;

  // Returns once every line handed over before the call has been written.
  void wait_written();

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override { wait_written(); }

 private:
  void write_lines();

  std::mutex mutex_;
  std::condition_variable lines_waiting_, lines_written_;
  std::string pending_;
  std::uint64_t handed_over_ = 0, written_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace jobmon::host
