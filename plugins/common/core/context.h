#pragma once
// What every shared handler receives besides its request, and how an area's routes are listed.
//
// A handler is written once, for every API version. What an API version decides differently is
// either a route declaration of its own in its plugin's folder (a translation over the shared
// handler: another request or answer shape), or one of the named rules of ApiPolicy below, which
// each plugin fills in. No shared handler asks which version it serves.
#include <cstdint>
#include <span>
#include <string_view>

#include "jobmon/orm/database.h"
#include "jobmon/orm/transaction.h"
#include "jobmon/plugin_api.h"
#include "jobmon/route.h"

namespace jobmon::routes {

// Decides whether the caller may change a workflow (set_resume, concurrency limits, killing its
// tasks); throws api::DetailError 401 otherwise. Called inside the write transaction before any
// task or task-instance lock (ownership.h has the rules).
using OwnershipRule = void (*)(const api::Request& req, orm::WriteTx& tx, std::int64_t workflow_id);

// The rules an API version sets for the routes it shares with the others.
struct ApiPolicy {
  std::string_view name;  // "v2", "v3": what GET /api_version answers
  OwnershipRule ownership;
};

// Owned by the plugin's registration; copied into every handler. The database is the host's
// and the policy the plugin's (a static), so both outlive every handler.
struct Context {
  orm::Database& db;
  const ApiPolicy& policy;
};

// One entry of an area's route table: makes the route's RouteSpec for a plugin's context.
using RouteMaker = api::RouteSpec (*)(const Context&);

template <api::RouteDeclaration R>
api::RouteSpec route(const Context& ctx) {
  return api::make_route<R>(ctx);
}

// A route whose handler reads its body itself, because it checks what field types cannot say
// before the fields are read (which keys are present, in the reference's order and words; an
// empty body that means "no options"): R::OwnBody is that body, documented as the request, and
// the route's declaration reads none (no R::Body).
template <api::RouteDeclaration R>
api::RouteSpec route_reading_own_body(const Context& ctx) {
  api::RouteSpec spec = route<R>(ctx);
  spec.request_schema = api::schema_text<typename R::OwnBody>(false);
  return spec;
}

// Registers every route of `table` with `registry`.
void register_routes(api::Registry& registry, const Context& ctx,
                     std::span<const RouteMaker> table);

}  // namespace jobmon::routes
