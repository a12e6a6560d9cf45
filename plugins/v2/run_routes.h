#pragma once
// v2's forms of run and reaper routes whose v3 answer Jobmon 3.6 extended: v2 keeps the 3.4
// contract (docs/compatibility.md, "Client generations"). Each runs the area's shared work and
// leaves out the keys 3.6 added.
#include <cstdint>
#include <string>
#include <tuple>

#include "common/reaper/reaper.h"
#include "common/run/run.h"

namespace jobmon::routes::v2 {

// Without pending_kill_self.
struct WorkflowIsResumable : run::WorkflowIsResumable {
  struct Answer {
    bool workflow_is_resumable = false;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_is_resumable", &Answer::workflow_is_resumable)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Without num_terminated.
struct TerminateWorkflowRun : run::TerminateWorkflowRun {
  struct Answer {
    std::int64_t workflow_run_id = 0;
    static constexpr auto fields() {
      return std::tuple{api::field("workflow_run_id", &Answer::workflow_run_id)};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Without kill_self_remaining (a 3.4 reaper announces only T, and ignores the other statuses).
struct ReapWorkflowRun : reaper::ReapWorkflowRun {
  struct Answer {
    std::string status;
    static constexpr auto fields() {
      return std::tuple{api::field("status", &Answer::status,
                                   "The run's new status; empty when it was not reaped; C or H "
                                   "while it waits.")};
    }
  };
  static Answer handle(const Context& ctx, const api::In<>& in);
};

// Jobmon 3.4's messages: "" when the instance moved, else the message helper's warning.
struct LogDistributorId : run::LogDistributorId {
  static Answer handle(const Context& ctx, const api::In<Body>& in);
};

// The forms above, which v2 registers in place of the areas' v3_forms().
std::span<const RouteMaker> run_routes();

}  // namespace jobmon::routes::v2
