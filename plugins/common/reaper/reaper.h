#pragma once
// The workflow reaper's routes (docs/api-cli-reaper.md, "Reaper"), the same in every API
// version: finding runs that stopped heartbeating and moving them and their workflows to
// terminal states.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "common/core/context.h"
#include "jobmon/orm/queries/reaper.h"

namespace jobmon::routes::reaper {

struct FixWfInconsistency {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/fix_status_inconsistency";
  static constexpr const char* kSummary = "Mark FAILED workflows whose tasks are all DONE as DONE.";
  struct Body {
    std::int64_t increase_step = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("increase_step", &Body::increase_step,
                                   "How many workflow ids after the path's one to look at.")};
    }
  };
  struct Answer {
    std::int64_t wfid = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("wfid", &Answer::wfid,
                                   "The workflow id to start from next time (0: past the last).")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

struct GetWfNameAndArgs {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/workflow/{workflow_id:int}/workflow_name_and_args";
  static constexpr const char* kSummary = "Name and args of a workflow.";
  struct Answer {
    std::optional<std::string> workflow_name;
    std::optional<std::string> workflow_args;
    static constexpr auto fields() {
      return std::tuple{
          api::field("workflow_name", &Answer::workflow_name, "Null when no such workflow."),
          api::field("workflow_args", &Answer::workflow_args, "Null when no such workflow.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

struct GetLostWorkflowRuns {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = "/lost_workflow_run";
  static constexpr const char* kSummary = "Runs in the given states whose heartbeat is overdue.";
  // Both are required, checked in this order (FastAPI's 422 names status before version).
  struct Query {
    std::vector<std::string> status;
    std::string version;
    static constexpr auto fields() {
      return std::tuple{
          api::field("status", &Query::status, "Repeated: ?status=C&status=H.").at_least_once(),
          api::field("version", &Query::version, "The server version that wrote the runs.")};
    }
  };
  struct Answer {
    std::vector<std::tuple<std::int64_t, std::int64_t>> workflow_runs;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_runs", &Answer::workflow_runs,
                                   "[[workflow_run_id, workflow_id], ...]")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<api::NoBody, Query>& in);
};

// v3's form (Jobmon 3.6's answer, with kill_self_remaining); v2's is plugins/v2/run_routes.h.
struct ReapWorkflowRun {
  static constexpr api::Method kMethod = api::Method::kPut;
  static constexpr const char* kPath = "/workflow_run/{workflow_run_id:int}/reap";
  static constexpr const char* kSummary =
      "Move a dead run and its workflow to a terminal state (a resumed run once no worker can "
      "still see its KILL_SELF instances).";
  struct Answer {
    std::string status;
    api::Omittable<std::int64_t> kill_self_remaining;
    static constexpr auto fields() {
      return std::tuple{
          api::field("status", &Answer::status,
                     "The run's new status; empty when it was not reaped; C or H while it waits."),
          api::field("kill_self_remaining", &Answer::kill_self_remaining,
                     "Only while a resumed run waits: its instances still in KILL_SELF.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// The work of every form of reap.
orm::queries::Reaped reap_workflow_run(const Context& ctx, std::int64_t workflow_run_id);

// The reaper routes every API version serves alike.
std::span<const RouteMaker> routes();
// The routes above whose form v2 changes, in v3's form (v2's: plugins/v2/run_routes.h).
std::span<const RouteMaker> v3_forms();

}  // namespace jobmon::routes::reaper
