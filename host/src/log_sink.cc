#include "log_sink.h"

#include <unistd.h>

#include <cerrno>

namespace jobmon::host {

namespace {

// Writes all of `text` to descriptor 2. A failing write (a full disk, a closed stderr) drops
// what is left of the batch: there is nowhere to say so.
void write_all(const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

BatchedStderrSink::BatchedStderrSink() : writer_([this] { write_lines(); }) {}

BatchedStderrSink::~BatchedStderrSink() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  lines_waiting_.notify_one();
  writer_.join();
}

void BatchedStderrSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t line;
  formatter_->format(msg, line);
  std::unique_lock<std::mutex> lock(mutex_);
  lines_written_.wait(lock, [&] { return pending_.size() < kMaxPendingBytes; });
  pending_.append(line.data(), line.size());
  ++handed_over_;
  lock.unlock();
  lines_waiting_.notify_one();
}

void BatchedStderrSink::wait_written() {
  std::unique_lock<std::mutex> lock(mutex_);
  const std::uint64_t target = handed_over_;
  lines_written_.wait(lock, [&] { return written_ >= target; });
}

void BatchedStderrSink::write_lines() {
  std::string batch;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    lines_waiting_.wait(lock, [&] { return !pending_.empty() || stopping_; });
    if (pending_.empty()) return;  // stopping, and everything written
    batch.swap(pending_);
    const std::uint64_t in_batch = handed_over_;
    lock.unlock();
    write_all(batch);
    batch.clear();
    lock.lock();
    written_ = in_batch;
    lines_written_.notify_all();
  }
}

}  // namespace jobmon::host
