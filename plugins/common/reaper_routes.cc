// The workflow reaper's routes (routes/v2|v3/reaper at the reference commit), the same in v2
// and v3.
#include "jobmon/errors.h"
#include "jobmon/orm/queries/reaper.h"
#include "jobmon/routes/run.h"
#include "run_common.h"

namespace jobmon::routes {

namespace q = orm::queries;
using api::JsonWriter;
using api::Response;

namespace {

Response fix_status_inconsistency(const Context& ctx, const api::Request& req) {
  std::int64_t step = Body(req).require_int("increase_step");
  std::int64_t next = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    next = q::fix_status_inconsistency(tx, req.int_param("workflow_id"), step).next_start;
  });
  return Response::json(R"({"wfid":)" + std::to_string(next) + "}");
}

Response workflow_name_and_args(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto wf = q::workflow_name_and_args(tx, req.int_param("workflow_id"));
  JsonWriter out;
  auto text = [&](const std::optional<std::string>& v) { v ? out.string(*v) : out.null(); };
  out.start_object().key("workflow_name");
  text(wf ? wf->name : std::nullopt);
  out.key("workflow_args");
  text(wf ? wf->args : std::nullopt);
  out.end_object();
  return Response::json(out.str());
}

Response lost_workflow_runs(const Context& ctx, const api::Request& req) {
  auto missing = [](const char* name) {
    return api::JsonError(422, R"({"detail":[{"type":"missing","loc":["query",")" +
                                   std::string(name) +
                                   R"("],"msg":"Field required","input":null}]})");
  };
  // The reaper repeats the parameter for several statuses: ?status=C&status=H.
  auto statuses = req.query_values("status");
  auto version = req.query_param("version");
  if (statuses.empty()) throw missing("status");
  if (!version) throw missing("version");
  orm::ReadTx tx(ctx.db);
  JsonWriter out;
  out.start_object().key("workflow_runs").start_array();
  for (const auto& [run, wf] : q::lost_workflow_runs(tx, statuses, *version)) {
    out.start_array().integer(run).integer(wf).end_array();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response reap_workflow_run(const Context& ctx, const api::Request& req) {
  std::string status;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    status = q::reap_workflow_run(tx, req.int_param("workflow_run_id"));
  });
  JsonWriter out;
  out.start_object().key("status").string(status).end_object();
  return Response::json(out.str());
}

using api::Method;
constexpr RouteEntry kReaperRoutes[] = {
    {Method::kPut, "/workflow/{workflow_id:int}/fix_status_inconsistency", fix_status_inconsistency,
     "Mark FAILED workflows whose tasks are all DONE as DONE.", "increase_step:integer!",
     "wfid:integer", nullptr},
    {Method::kGet, "/workflow/{workflow_id:int}/workflow_name_and_args", workflow_name_and_args,
     "Name and args of a workflow.", nullptr, "workflow_name:string,workflow_args:string", nullptr},
    {Method::kGet, "/lost_workflow_run", lost_workflow_runs,
     "Runs in the given states whose heartbeat is overdue.", nullptr, "workflow_runs:array",
     "status:string!,version:string!"},
    {Method::kPut, "/workflow_run/{workflow_run_id:int}/reap", reap_workflow_run,
     "Move a dead run and its workflow to a terminal state.", nullptr, "status:string", nullptr},
};

}  // namespace

std::span<const RouteEntry> reaper_routes() { return kReaperRoutes; }

}  // namespace jobmon::routes
