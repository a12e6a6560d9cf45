#include "http/request_framer.h"

#include <algorithm>
#include <cstring>

#include "ascii.h"

namespace jobmon::host {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool contains_chunked(std::string_view value) {
  for (std::size_t i = 0; i + 7 <= value.size(); ++i) {
    if (iequals_ascii(value.substr(i, 7), "chunked")) return true;
  }
  return false;
}

}  // namespace

std::size_t RequestFramer::take(const char* data, std::size_t len) {
  std::size_t used = 0;
  while (used < len) {
    const char* at = data + used;
    const std::size_t left = len - used;
    switch (phase_) {
      case Phase::kOff:
        return len;
      case Phase::kComplete:
        return used;
      case Phase::kHead: {
        // The blank line may straddle reads: search from the last three bytes already kept.
        const std::size_t kept = head_.size();
        head_.append(at, left);
        const std::size_t from = kept >= 3 ? kept - 3 : 0;
        const std::size_t end = head_.find("\r\n\r\n", from);
        if (end == std::string::npos) {
          if (head_.size() > kMaxHeadBytes) turn_off();
          return len;
        }
        head_.resize(end + 4);
        used += end + 4 - kept;
        end_of_head();
        break;
      }
      case Phase::kBody:
      case Phase::kChunkData: {
        const std::size_t n =
            static_cast<std::size_t>(std::min<unsigned long long>(remaining_, left));
        remaining_ -= n;
        used += n;
        if (remaining_ == 0) {
          if (phase_ == Phase::kBody) {
            phase_ = Phase::kComplete;
          } else {
            phase_ = Phase::kChunkDataEnd;
            line_.clear();
            line_complete_ = false;
          }
        }
        break;
      }
      case Phase::kChunkSize:
      case Phase::kChunkDataEnd:
      case Phase::kTrailer: {
        used += take_line(at, left);
        if (!line_complete_) return len;
        if (phase_ == Phase::kChunkSize) {
          end_of_chunk_size_line();
        } else if (phase_ == Phase::kChunkDataEnd) {
          // The CRLF after a chunk's data.
          if (trim(line_).empty()) {
            phase_ = Phase::kChunkSize;
          } else {
            turn_off();
          }
        } else {
          end_of_trailer_line();
        }
        line_.clear();
        line_complete_ = false;
        break;
      }
    }
  }
  return used;
}

std::size_t RequestFramer::take_line(const char* data, std::size_t len) {
  const char* nl = static_cast<const char*>(std::memchr(data, '\n', len));
  const std::size_t n = nl ? static_cast<std::size_t>(nl - data) + 1 : len;
  line_.append(data, n);
  line_complete_ = nl != nullptr;
  if (!line_complete_ && line_.size() > kMaxHeadBytes) turn_off();
  return n;
}

void RequestFramer::end_of_head() {
  bool has_length = false;
  bool chunked = false;
  unsigned long long length = 0;
  std::string_view rest(head_);
  rest.remove_prefix(std::min(rest.size(), rest.find("\r\n") + 2));  // after the request line
  while (!rest.empty()) {
    const std::size_t eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals_ascii(name, "Content-Length")) {
      unsigned long long parsed = 0;
      if (has_length || !parse_ascii_number(value, 10, parsed)) return turn_off();
      has_length = true;
      length = parsed;
    } else if (iequals_ascii(name, "Transfer-Encoding")) {
      chunked = chunked || contains_chunked(value);
      if (!chunked) return turn_off();  // an encoding the parser refuses or mis-frames
    }
  }
  if (has_length && chunked) return turn_off();  // the parser refuses the request
  line_.clear();
  line_complete_ = false;
  if (chunked) {
    phase_ = Phase::kChunkSize;
  } else if (length > 0) {
    phase_ = Phase::kBody;
    remaining_ = length;
  } else {
    phase_ = Phase::kComplete;
  }
}

void RequestFramer::end_of_chunk_size_line() {
  std::string_view size = trim(line_);
  size = size.substr(0, size.find(';'));  // chunk extensions
  unsigned long long parsed = 0;
  if (!parse_ascii_number(trim(size), 16, parsed)) return turn_off();
  if (parsed == 0) {
    phase_ = Phase::kTrailer;
  } else {
    phase_ = Phase::kChunkData;
    remaining_ = parsed;
  }
}

void RequestFramer::end_of_trailer_line() {
  if (trim(line_).empty()) phase_ = Phase::kComplete;  // the blank line ends the request
}

void RequestFramer::next() {
  if (phase_ == Phase::kOff) return;
  phase_ = Phase::kHead;
  head_.clear();
  line_.clear();
  line_complete_ = false;
  remaining_ = 0;
}

}  // namespace jobmon::host
