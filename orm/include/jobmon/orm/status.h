#pragma once
// Status letters of the four state machines (docs/data-model.md §5), as stored in the database.
#include <optional>
#include <string_view>

namespace jobmon::orm {

enum class TaskStatus : char {
  kRegistering = 'G',
  kQueued = 'Q',
  kInstantiating = 'I',
  kLaunched = 'O',
  kRunning = 'R',
  kDone = 'D',
  kErrorRecoverable = 'E',
  kAdjustingResources = 'A',
  kErrorFatal = 'F',
};

enum class TaskInstanceStatus : char {
  kQueued = 'Q',
  kInstantiated = 'I',
  kLaunched = 'O',
  kRunning = 'R',
  kTriaging = 'T',
  kKillSelf = 'K',
  kNoHeartbeat = 'X',
  kDone = 'D',
  kError = 'E',
  kUnknownError = 'U',
  kNoDistributorId = 'W',
  kResourceError = 'Z',
  kErrorFatal = 'F',
};

enum class WorkflowStatus : char {
  kRegistering = 'G',
  kQueued = 'Q',
  kInstantiating = 'I',
  kLaunched = 'O',
  kRunning = 'R',
  kDone = 'D',
  kHalted = 'H',
  kFailed = 'F',
  kAborted = 'A',
};

enum class WorkflowRunStatus : char {
  kRegistered = 'G',
  kLinking = 'L',
  kBound = 'B',
  kInstantiated = 'I',
  kLaunched = 'O',
  kRunning = 'R',
  kDone = 'D',
  kStopped = 'S',
  kError = 'E',
  kAborted = 'A',
  kColdResume = 'C',
  kHotResume = 'H',
  kTerminated = 'T',
};

template <class Status>
constexpr char letter(Status s) {
  return static_cast<char>(s);
}

// Every status of each machine, in the order docs/data-model.md §5 lists them.
inline constexpr char kTaskLetters[] = "GQIORDEAF";
inline constexpr char kTaskInstanceLetters[] = "QIORTKXDEUWZF";
inline constexpr char kWorkflowLetters[] = "GQIORDHFA";
inline constexpr char kWorkflowRunLetters[] = "GLBIORDSEACHT";

// The status for a letter, or nullopt for a letter the machine does not have (client input).
template <class Status>
std::optional<Status> parse_status(char c);

template <>
inline std::optional<TaskStatus> parse_status<TaskStatus>(char c) {
  if (c == '\0' || std::string_view(kTaskLetters).find(c) == std::string_view::npos) return {};
  return static_cast<TaskStatus>(c);
}
template <>
inline std::optional<TaskInstanceStatus> parse_status<TaskInstanceStatus>(char c) {
  if (c == '\0' || std::string_view(kTaskInstanceLetters).find(c) == std::string_view::npos) {
    return {};
  }
  return static_cast<TaskInstanceStatus>(c);
}
template <>
inline std::optional<WorkflowStatus> parse_status<WorkflowStatus>(char c) {
  if (c == '\0' || std::string_view(kWorkflowLetters).find(c) == std::string_view::npos) return {};
  return static_cast<WorkflowStatus>(c);
}
template <>
inline std::optional<WorkflowRunStatus> parse_status<WorkflowRunStatus>(char c) {
  if (c == '\0' || std::string_view(kWorkflowRunLetters).find(c) == std::string_view::npos) {
    return {};
  }
  return static_cast<WorkflowRunStatus>(c);
}

// Whole strings ("R") as clients send them; anything but one known letter is nullopt.
template <class Status>
std::optional<Status> parse_status(std::string_view s) {
  if (s.size() != 1) return {};
  return parse_status<Status>(s[0]);
}

}  // namespace jobmon::orm
