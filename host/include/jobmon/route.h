#pragma once
// A route, declared once. A route is a struct that names its method, path and summary, its
// request (Body, Query) and answers (Answer, Errors) in the vocabulary of wire.h, and its handler:
//
//   struct Greet {
//     static constexpr api::Method kMethod = api::Method::kPost;
//     static constexpr const char* kPath = "/greeting/{n:int}";
//     static constexpr const char* kSummary = "Greet someone n times.";
//     struct Body { ...fields()... };          // optional: no Body, no body read
//     struct Query { ...fields()... };         // optional
//     struct Answer { ...fields()... };        // the 200 answer
//     using Errors = api::Errors<api::Error<404, api::DetailMessage>>;  // optional
//     static Answer handle(const Ctx& ctx, const api::In<Body, Query>& in);
//   };
//
// make_route<Greet>(ctx) turns it into the RouteSpec the Registry takes: a handler that parses
// and validates the body and the query before `handle` runs (so bad input is answered 400/422
// and changes nothing), writes the answer, and the OpenAPI description of all of it. Nothing is
// written twice, so the document cannot drift from the wire. `Ctx` is whatever the plugin's
// handlers share (usually the database and the plugin's policy); it is copied into the handler.
#include <string_view>
#include <type_traits>
#include <utility>

#include "jobmon/plugin_api.h"
#include "jobmon/wire.h"

namespace jobmon::api {

// A route that reads no body (the body, if any, is ignored, as the reference ignores it) or no
// query parameters.
struct NoBody {};
struct NoQuery {};

// What a handler receives: the request, and its body and query already read.
template <class Body = NoBody, class Query = NoQuery>
struct In {
  const Request& request;
  Body body;
  Query query;

  std::int64_t path_int(std::string_view name) const { return request.int_param(name); }
  const std::string& path(std::string_view name) const { return request.param(name); }
  const User& user() const { return request.user; }
};

// An error answer a route gives besides the host's own (see docs/plugins.md for those): thrown
// with fail_with(Status, T{...}) and documented under Status.
template <int Status, class T>
struct Error {
  static constexpr int kStatus = Status;
  using Type = T;
};
template <class... E>
struct Errors {};

// The error bodies of the reference, for routes to declare (and for the host's own answers).
//
// FastAPI's HTTPException body: {"detail": "..."}.
struct DetailMessage {
  std::string detail;
  static constexpr auto fields() { return std::tuple{field("detail", &DetailMessage::detail)}; }
};
// The reference's hand-written error body: {"error": "..."}.
struct ErrorMessage {
  std::string error;
  static constexpr auto fields() { return std::tuple{field("error", &ErrorMessage::error)}; }
};

// The reference's InvalidUsage and ServerError body (errors.h's custom_error_body):
// {"error": {"type": "<class '...'>", "exception_message": "'...'", "status_code": "400"}}.
struct ErrorInfo {
  std::string type, exception_message, status_code;
  static constexpr auto fields() {
    return std::tuple{
        field("type", &ErrorInfo::type, "The reference's exception class."),
        field("exception_message", &ErrorInfo::exception_message, "Python repr() of the message."),
        field("status_code", &ErrorInfo::status_code, "The status, as text.")};
  }
};
struct CustomError {
  ErrorInfo error;
  static constexpr auto fields() { return std::tuple{field("error", &CustomError::error)}; }
};
// FastAPI's 422 body: {"detail": [{"type", "loc", "msg", "input", "ctx"?}]}, where loc is
// ["path"|"query"|"body", name(, index)].
struct ValidationItem {
  std::string type;
  std::vector<RawJson> loc;
  std::string msg;
  RawJson input;
  Omittable<RawJson> ctx;
  static constexpr auto fields() {
    return std::tuple{field("type", &ValidationItem::type), field("loc", &ValidationItem::loc),
                      field("msg", &ValidationItem::msg), field("input", &ValidationItem::input),
                      field("ctx", &ValidationItem::ctx)};
  }
};
struct ValidationError {
  std::vector<ValidationItem> detail;
  static constexpr auto fields() { return std::tuple{field("detail", &ValidationError::detail)}; }
};

template <class R>
concept RouteDeclaration = requires {
  { R::kMethod } -> std::convertible_to<Method>;
  { R::kPath } -> std::convertible_to<std::string_view>;
  { R::kSummary } -> std::convertible_to<std::string_view>;
  typename R::Answer;
};

namespace detail {
template <class R>
auto body_of() {
  if constexpr (requires { typename R::Body; }) {
    return std::type_identity<typename R::Body>{};
  } else {
    return std::type_identity<NoBody>{};
  }
}
template <class R>
auto query_of() {
  if constexpr (requires { typename R::Query; }) {
    return std::type_identity<typename R::Query>{};
  } else {
    return std::type_identity<NoQuery>{};
  }
}
template <class R>
auto errors_of() {
  if constexpr (requires { typename R::Errors; }) {
    return std::type_identity<typename R::Errors>{};
  } else {
    return std::type_identity<Errors<>>{};
  }
}

template <class... E>
void add_errors(RouteSpec& spec, Errors<E...>) {
  (spec.answers.push_back(AnswerSpec{E::kStatus, "", schema_text<typename E::Type>(true)}), ...);
}
}  // namespace detail

template <class R>
using BodyOf = typename decltype(detail::body_of<R>())::type;
template <class R>
using QueryOf = typename decltype(detail::query_of<R>())::type;
template <class R>
using ErrorsOf = typename decltype(detail::errors_of<R>())::type;

// Reads what route R declares from a request.
template <class Body>
Body parse_body(const Request& req) {
  if constexpr (std::is_same_v<Body, NoBody>) {
    return Body{};
  } else {
    return read_body<Body>(req);
  }
}
template <class Query>
Query parse_query(const Request& req) {
  if constexpr (std::is_same_v<Query, NoQuery>) {
    return Query{};
  } else {
    return read_query<Query>(req);
  }
}

template <RouteDeclaration R, class Ctx>
RouteSpec make_route(Ctx ctx) {
  using Body = BodyOf<R>;
  using Query = QueryOf<R>;
  RouteSpec spec;
  spec.method = R::kMethod;
  spec.path = R::kPath;
  spec.summary = R::kSummary;
  spec.handler = [ctx = std::move(ctx)](const Request& req) {
    In<Body, Query> in{req, parse_body<Body>(req), parse_query<Query>(req)};
    return Response::json(to_json_text(R::handle(ctx, in)));
  };
  if constexpr (!std::is_same_v<Query, NoQuery>) spec.query = query_parameters_text<Query>();
  if constexpr (!std::is_same_v<Body, NoBody>) spec.request_schema = schema_text<Body>(false);
  spec.answers.push_back(AnswerSpec{200, "OK", schema_text<typename R::Answer>(true)});
  detail::add_errors(spec, ErrorsOf<R>{});
  return spec;
}

}  // namespace jobmon::api
