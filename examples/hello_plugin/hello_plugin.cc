// The smallest useful jobmond plugin: two routes under its own prefix, each declared once (its
// query, answers and handler in one struct), from which the host gets the parsing, the answer
// and the OpenAPI document. It requires the v3 plugin to show how a plugin states what it
// builds on (the host refuses to load it otherwise). docs/plugins.md walks through it.
#include <cstdint>
#include <optional>
#include <string>

#include "jobmon/plugin_api.h"
#include "jobmon/route.h"

namespace {

namespace api = jobmon::api;

// What every handler of this plugin shares (here nothing; a database plugin keeps
// `registry.database()` in it).
struct Hello {};

struct Greeting {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/greeting";
  static constexpr const char* kSummary = "Say hello.";
  struct Query {
    std::optional<std::string> name;
    static constexpr auto fields() {
      return std::tuple{api::field("name", &Query::name, "Who to greet (default: world).")};
    }
  };
  struct Answer {
    std::string hello, user;
    static constexpr auto fields() {
      return std::tuple{api::field("hello", &Answer::hello),
                        api::field("user", &Answer::user, "The caller, as authenticated.")};
    }
  };
  static Answer handle(const Hello&, const api::In<api::NoBody, Query>& in) {
    return {in.query.name.value_or("world"), in.user().username};
  }
};

struct Square {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/square/{n:int}";  // the host answers 422 for "x"
  static constexpr const char* kSummary = "Square an integer.";
  struct Answer {
    std::int64_t square = 0;
    static constexpr auto fields() { return std::tuple{api::field("square", &Answer::square)}; }
  };
  using Errors = api::Errors<api::Error<400, api::DetailMessage>>;
  static Answer handle(const Hello&, const api::In<>& in) {
    const std::int64_t n = in.path_int("n");
    if (n > 3037000499 || n < -3037000499)
      api::fail_with(400, api::DetailMessage{"n is too large"});
    return {n * n};
  }
};

constexpr const char* kRequires[] = {"v3", nullptr};

void register_routes(api::Registry& registry) {
  registry.set_auth_policy(api::AuthPolicy::kNone);
  registry.add(api::make_route<Greeting>(Hello{}));
  registry.add(api::make_route<Square>(Hello{}));
}

}  // namespace

JOBMON_DECLARE_PLUGIN("hello", "/api/hello", kRequires, register_routes)
