#include "common/root/root.h"

#include "jobmon/orm/database.h"

namespace jobmon::routes::root {

IsAlive::Answer IsAlive::handle(const Context&, const api::In<>&) { return {"Yes, I am alive"}; }

DatabaseTime::Answer DatabaseTime::handle(const Context& ctx, const api::In<>&) {
  return {orm::database_now(ctx.db)};
}

Health::Answer Health::handle(const Context& ctx, const api::In<>&) {
  orm::database_now(ctx.db);  // a database that cannot answer makes this a 5xx
  return {"OK"};
}

TestBad::Answer TestBad::handle(const Context& ctx, const api::In<>&) {
  orm::run_deliberately_bad_query(ctx.db);  // always throws; the host answers 500
}

ApiVersionName::Answer ApiVersionName::handle(const Context& ctx, const api::In<>&) {
  return {std::string(ctx.policy.name)};
}
}  // namespace jobmon::routes::root
