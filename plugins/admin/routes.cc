#include "admin/routes.h"

#include <algorithm>
#include <cctype>

#include "jobmon/errors.h"
#include "jobmon/orm/queries/admin.h"
#include "jobmon/orm/status_history.h"

namespace jobmon::admin {

namespace q = orm::queries::admin;

namespace {

constexpr std::int64_t kMaxPageSize = 1000;

// Runs `work` in a write transaction whose changes the history attributes to the caller with the
// admin's reason (the host's scope already names the route, the plugin and the user).
template <class Work>
void with_reason(const Context& ctx, const std::string& reason, Work&& work) {
  if (std::all_of(reason.begin(), reason.end(), [](unsigned char c) { return std::isspace(c); })) {
    throw api::InvalidUsage("'reason' in request: an admin action needs a reason");
  }
  const orm::ChangeAttribution* outer = orm::AttributionScope::current();
  orm::ChangeAttribution mine = outer ? *outer : orm::ChangeAttribution{};
  mine.reason = reason;
  const orm::AttributionScope scope(mine);
  orm::with_write_tx(ctx.db, std::forward<Work>(work));
}

Killed killed(q::KillOutcome o) {
  return Killed{std::move(o.fatal_instances), std::move(o.kill_self_instances),
                std::move(o.fatal_tasks)};
}

// "YYYY-MM-DD HH:MM:SS" (a "T" accepted between date and time), as the history stores times.
std::optional<std::string> database_time(const std::optional<std::string>& text, const char* name) {
  if (!text) return std::nullopt;
  std::string t = *text;
  if (t.size() == 10) t += " 00:00:00";
  if (t.size() == 19 && t[10] == 'T') t[10] = ' ';
  const char* shape = "dddd-dd-dd dd:dd:dd";
  bool ok = t.size() == 19;
  for (std::size_t i = 0; ok && i < t.size(); ++i) {
    ok = shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(t[i])) != 0 : t[i] == shape[i];
  }
  if (!ok) {
    throw api::InvalidUsage("'" + std::string(name) +
                            "' in request: expected YYYY-MM-DD HH:MM:SS, got '" + *text + "'");
  }
  return t;
}

}  // namespace

Killed KillTaskInstance::handle(const Context& ctx, const api::In<Body>& in) {
  q::KillOutcome out;
  with_reason(ctx, in.body.reason, [&](orm::WriteTx& tx) {
    out = q::kill_task_instance(tx, in.path_int("task_instance_id"), in.body.reason);
  });
  return killed(std::move(out));
}

Killed KillTasks::handle(const Context& ctx, const api::In<Body>& in) {
  q::KillOutcome out;
  with_reason(ctx, in.body.reason,
              [&](orm::WriteTx& tx) { out = q::kill_tasks(tx, in.body.task_ids, in.body.reason); });
  return killed(std::move(out));
}

KillWorkflow::Answer KillWorkflow::handle(const Context& ctx, const api::In<Body>& in) {
  q::WorkflowKill out;
  with_reason(ctx, in.body.reason, [&](orm::WriteTx& tx) {
    out = q::kill_workflow(tx, in.path_int("workflow_id"), in.body.reason);
  });
  return Answer{killed(std::move(out.instances)), std::move(out.stopped_runs)};
}

ResetFailedTasks::Answer ResetFailedTasks::handle(const Context& ctx, const api::In<Body>& in) {
  Answer answer;
  with_reason(ctx, in.body.reason, [&](orm::WriteTx& tx) {
    answer.reset_task_ids = q::reset_failed_tasks(tx, in.body.task_ids);
  });
  return answer;
}

LimitChanged SetWorkflowLimit::handle(const Context& ctx, const api::In<Body>& in) {
  LimitChanged answer{0, in.body.max_concurrently_running};
  with_reason(ctx, in.body.reason, [&](orm::WriteTx& tx) {
    answer.previous =
        q::set_workflow_limit(tx, in.path_int("workflow_id"), in.body.max_concurrently_running);
  });
  return answer;
}

LimitChanged SetArrayLimit::handle(const Context& ctx, const api::In<Body>& in) {
  LimitChanged answer{0, in.body.max_concurrently_running};
  with_reason(ctx, in.body.reason, [&](orm::WriteTx& tx) {
    answer.previous =
        q::set_array_limit(tx, in.path_int("array_id"), in.body.max_concurrently_running);
  });
  return answer;
}

History::Answer History::handle(const Context& ctx, const api::In<api::NoBody, Query>& in) {
  q::HistoryFilter filter;
  filter.task_id = in.query.task_id;
  filter.task_instance_id = in.query.task_instance_id;
  filter.workflow_id = in.query.workflow_id;
  filter.user = in.query.user;
  filter.since = database_time(in.query.since, "since");
  filter.until = database_time(in.query.until, "until");
  filter.page_size = std::min(in.query.page_size.value_or(100), kMaxPageSize);
  // Past the last page there is nothing; a huge page number must not overflow the offset.
  filter.page =
      std::min(in.query.page.value_or(1), std::numeric_limits<std::int64_t>::max() / kMaxPageSize);
  orm::ReadTx tx(ctx.db);
  q::HistoryPage page = q::read_history(tx, filter);
  Answer answer;
  answer.total = page.total;
  answer.page = filter.page;
  answer.page_size = filter.page_size;
  for (auto& r : page.rows) {
    answer.history.push_back(Entry{r.id, std::move(r.entity), r.entity_id, std::move(r.field),
                                   std::move(r.from_value), std::move(r.to_value),
                                   std::move(r.changed_date), std::move(r.route),
                                   std::move(r.plugin), std::move(r.user), std::move(r.reason)});
  }
  return answer;
}

}  // namespace jobmon::admin
