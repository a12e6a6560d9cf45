#include "reaper/workflow_reaper.h"

#include <utility>

#include "jobmon/orm/queries/reaper.h"
#include "log.h"

namespace jobmon::host {

namespace q = orm::queries;

namespace {

// The sweep's chunk size and count per pass: small chunks keep every statement short, and
// several a pause apart get through a large database within hours (the reference's numbers).
constexpr std::int64_t kSweepStep = 100;
constexpr int kSweepChunks = 5;

const char* reaped_states(char new_status) {
  switch (new_status) {
    case 'E':
      return "FAILED state and associated Workflow Run to ERROR state";
    case 'T':
      return "HALTED state and associated Workflow Run to TERMINATED state";
    default:
      return "ABORTED state and associated Workflow Run to ABORTED state";
  }
}

}  // namespace

std::string reaped_message(const std::string& version, char new_status, std::int64_t workflow_id,
                           std::int64_t workflow_run_id, const std::optional<std::string>& name,
                           const std::optional<std::string>& args) {
  return version + " Workflow Reaper transitioned a Workflow to " + reaped_states(new_status) +
         ".\nWorkflow ID: " + std::to_string(workflow_id) +
         "\nWorkflow Name: " + name.value_or("None") + "\nWorkflow Args: " + args.value_or("None") +
         "\nWorkflowRun ID: " + std::to_string(workflow_run_id);
}

WorkflowReaper::WorkflowReaper(orm::Database& db, const ReaperConfig& config, std::string version,
                               const Webhook& webhook, ReaperMetrics& metrics, Wait wait)
    : db_(db),
      config_(config),
      version_(std::move(version)),
      webhook_(webhook),
      metrics_(metrics),
      wait_(std::move(wait)) {}

WorkflowReaper::PassResult WorkflowReaper::run_pass() {
  bool ok = reap_lost({"C", "H"});
  ok = reap_lost({"L"}) && ok;
  ok = reap_lost({"R"}) && ok;
  const PassResult swept = sweep();
  if (swept != PassResult::kOk) return swept;
  return ok ? PassResult::kOk : PassResult::kFailed;
}

bool WorkflowReaper::reap_lost(const std::vector<std::string>& statuses) {
  std::vector<std::pair<std::int64_t, std::int64_t>> lost;
  try {
    orm::ReadTx tx(db_);
    lost = q::lost_workflow_runs(tx, statuses, std::nullopt);
  } catch (const std::exception& e) {
    log_error(std::string("reaper: cannot look for lost workflow runs: ") + e.what());
    return false;
  }
  bool ok = true;
  for (const auto& [run_id, workflow_id] : lost) {
    std::string status;
    try {
      // Clang before 16 lets no lambda capture a structured binding (C++20, P1091R3).
      orm::with_write_tx(db_, [&, id = run_id](orm::WriteTx& tx) {
        status = q::reap_workflow_run(tx, id, db_.heartbeat().grace_seconds()).status;
      });
    } catch (const std::exception& e) {
      log_error("reaper: cannot reap workflow run " + std::to_string(run_id) + ": " + e.what());
      ok = false;
      continue;
    }
    // It heartbeated, another reaper got there first, or it waits for KILL_SELF instances.
    if (status.empty() || status == "C" || status == "H") continue;
    log_info("reaper: workflow run " + std::to_string(run_id) + " of workflow " +
             std::to_string(workflow_id) + " reaped to " + status);
    metrics_.run_reaped(status[0]);
    announce(status[0], workflow_id, run_id);
  }
  return ok;
}

void WorkflowReaper::announce(char new_status, std::int64_t workflow_id, std::int64_t run_id) {
  std::optional<q::NameAndArgs> wf;
  try {
    orm::ReadTx tx(db_);
    wf = q::workflow_name_and_args(tx, workflow_id);
  } catch (const std::exception& e) {
    log_error("reaper: cannot read workflow " + std::to_string(workflow_id) + ": " + e.what());
  }
  const std::string text =
      reaped_message(version_, new_status, workflow_id, run_id, wf ? wf->name : std::nullopt,
                     wf ? wf->args : std::nullopt);
  const bool sent = webhook_.send(text);
  if (webhook_.configured()) metrics_.notification(sent);
}

WorkflowReaper::PassResult WorkflowReaper::sweep() {
  for (int chunk = 0; chunk < kSweepChunks; ++chunk) {
    if (chunk > 0 && wait_(config_.sweep_pause)) return PassResult::kStopped;
    q::InconsistencySweep done;
    try {
      orm::with_write_tx(db_, [&](orm::WriteTx& tx) {
        done = q::fix_status_inconsistency(tx, sweep_start_, kSweepStep);
      });
    } catch (const std::exception& e) {
      log_error(std::string("reaper: the FAILED-but-DONE sweep failed: ") + e.what());
      return PassResult::kFailed;
    }
    if (done.fixed > 0) {
      log_info("reaper: " + std::to_string(done.fixed) + " FAILED workflows with every task DONE " +
               "in (" + std::to_string(sweep_start_) + ", " +
               std::to_string(sweep_start_ + kSweepStep) + "] set to DONE");
    }
    metrics_.sweep(done.fixed);
    sweep_start_ = done.next_start;
  }
  return PassResult::kOk;
}

}  // namespace jobmon::host
