#pragma once
// The root routes every API version serves: liveness, the database's time, health, the API
// version, and a deliberate failure for testing error handling (docs/api-contract.md, root).
#include <span>
#include <string>

#include "common/core/context.h"

namespace jobmon::routes::root {

struct IsAlive {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/";
  static constexpr const char* kSummary = "Liveness check that returns a fixed message.";
  struct Answer {
    std::string msg;
    static constexpr auto fields() {
      return std::tuple{api::field("msg", &Answer::msg, "Always \"Yes, I am alive\".")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct DatabaseTime {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/time";
  static constexpr const char* kSummary = "Return the database's current time as a string.";
  struct Answer {
    std::string time;
    static constexpr auto fields() {
      return std::tuple{
          api::field("time", &Answer::time, "The database's clock, \"YYYY-MM-DD HH:MM:SS\".")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct Health {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/health";
  static constexpr const char* kSummary = "Check database connectivity (a round trip).";
  struct Answer {
    std::string status;
    static constexpr auto fields() {
      return std::tuple{api::field("status", &Answer::status, "Always \"OK\".")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct TestBad {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/test_bad";
  static constexpr const char* kSummary = "Deliberately fail with a database error (500).";
  struct Answer {
    static constexpr auto fields() { return std::tuple{}; }
  };
  [[noreturn]] static Answer handle(const Context& ctx, const api::In<>& in);
};

struct ApiVersionName {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/api_version";
  static constexpr const char* kSummary = "The API version served under this prefix.";
  struct Answer {
    std::string status;
    static constexpr auto fields() {
      return std::tuple{api::field("status", &Answer::status, "\"v2\" or \"v3\".")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Every root route; each API version serves all of them.
std::span<const RouteMaker> routes();

}  // namespace jobmon::routes::root
