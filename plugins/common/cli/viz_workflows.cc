// The GUI's reads about workflows (docs/api-cli-reaper.md, "The GUI's reads").
#include <map>
#include <set>

#include "common/cli/cli.h"
#include "common/cli/helpers.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/cli_viz.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::viz;

namespace {

std::int64_t count_of(const std::map<std::string, std::int64_t>& counts, const char* label) {
  auto it = counts.find(label);
  return it == counts.end() ? 0 : it->second;
}

char letter_of(const std::string& status) { return status.empty() ? 'G' : status[0]; }

}  // namespace

GetWorkflowStatusViz::Answer GetWorkflowStatusViz::handle(const Context& ctx,
                                                          const api::In<api::NoBody, Query>& in) {
  const auto& ids = in.query.workflow_ids;
  orm::ReadTx tx(ctx.db);
  std::map<std::int64_t, q::WorkflowTasks> found;
  for (auto& wf : q::workflow_tasks(tx, ids)) found.emplace(wf.workflow_id, std::move(wf));
  Answer out;
  std::set<std::int64_t> written;
  for (auto id : ids) {
    if (!written.insert(id).second) continue;
    std::map<std::string, std::int64_t> counts;
    Counts c;
    c.id = id;
    q::Attempts attempts;  // a workflow without tasks: 0, 0 and 0.0 (v3's coalesce)
    if (auto it = found.find(id); it != found.end()) {
      attempts = it->second.attempts;
      for (const auto& [status, n] : it->second.status_counts) {
        counts[gui_label(letter_of(status))] += n;
        c.tasks += n;
      }
      if (c.tasks > 0) c.MAXC = it->second.max_concurrently_running;
    }
    c.PENDING = count_of(counts, "PENDING");
    c.SCHEDULED = count_of(counts, "SCHEDULED");
    c.RUNNING = count_of(counts, "RUNNING");
    c.DONE = count_of(counts, "DONE");
    c.FATAL = count_of(counts, "FATAL");
    c.num_attempts_avg = attempts.mean;
    c.num_attempts_min = attempts.min;
    c.num_attempts_max = attempts.max;
    out.emplace_back(std::to_string(id), c);
  }
  return out;
}

WorkflowsByUserForm::Answer WorkflowsByUserForm::handle(const Context& ctx,
                                                        const api::In<api::NoBody, Query>& in) {
  const Query& p = in.query;
  if (p.wf_id && !p.wf_id->empty() &&
      !api::int_value(
          api::JsonValue(p.wf_id->c_str(), static_cast<rapidjson::SizeType>(p.wf_id->size())))) {
    throw api::InvalidUsage("wf_id must be an integer in request to " + in.request.path);
  }
  const q::OverviewFilter filter{p.user,
                                 p.tool,
                                 p.wf_name,
                                 p.wf_args,
                                 p.wf_attribute_value,
                                 p.wf_attribute_key,
                                 p.wf_id,
                                 p.date_submitted,
                                 p.date_submitted_end,
                                 p.status};
  orm::ReadTx tx(ctx.db);
  Answer out;
  for (auto& w : q::workflow_overview(tx, filter)) {
    Workflow row;
    row.wf_id = w.id;
    row.wf_name = std::move(w.name);
    row.wf_submitted_date = iso_date(w.created_date);
    row.wf_status_date = iso_date(w.status_date);
    row.wf_args = std::move(w.workflow_args);
    row.wfr_count = w.run_count;
    row.wf_status = std::move(w.status_label);
    row.wf_tool = std::move(w.tool);
    out.workflows.push_back(std::move(row));  // the label counts stay 0: the GUI fills them in
  }
  return out;
}

TaskDetailsByWfId::Answer TaskDetailsByWfId::handle(const Context& ctx,
                                                    const api::In<api::NoBody, Query>& in) {
  orm::ReadTx tx(ctx.db);
  Answer out;
  for (auto& t : q::template_tasks(tx, in.path_int("workflow_id"), in.query.tt_name)) {
    out.tasks.push_back({t.id, std::move(t.name), gui_label(letter_of(t.status)),
                         std::move(t.command), t.num_attempts, str_or_none(t.status_date),
                         t.max_attempts});
  }
  return out;
}

std::vector<q::WorkflowDetails> workflow_details(const Context& ctx, std::int64_t workflow_id) {
  orm::ReadTx tx(ctx.db);
  return q::workflow_details(tx, workflow_id);
}

WfDetailsByWfId::Answer WfDetailsByWfId::handle(const Context& ctx, const api::In<>& in) {
  Answer out;
  for (auto& d : workflow_details(ctx, in.path_int("workflow_id"))) {
    out.push_back({std::move(d.name), std::move(d.args), iso_date(d.created_date),
                   iso_date(d.status_date), std::move(d.tool_name), std::move(d.status),
                   std::move(d.status_description), std::move(d.jobmon_version),
                   iso_date(d.heartbeat_date), std::move(d.user)});
  }
  return out;
}

GetWorkflowTtStatusViz::Answer template_statuses(const Context& ctx, std::int64_t workflow_id,
                                                 StatusLabel label) {
  orm::ReadTx tx(ctx.db);
  struct Template {
    GetWorkflowTtStatusViz::Template out;
    std::int64_t first_task = 0, last_task = 0;
    std::map<std::string, std::int64_t> counts;
    std::optional<std::int64_t> maxc;
  };
  std::vector<Template> order;  // by each template's first task
  std::map<std::int64_t, std::size_t> index;
  for (const auto& g : q::template_task_statuses(tx, workflow_id)) {
    auto [it, fresh] = index.emplace(g.template_id, order.size());
    if (fresh) {
      Template t;
      t.out.id = g.template_id;
      t.out.name = g.template_name;
      t.out.task_template_version_id = g.version_id;
      t.first_task = g.first_task_id;
      t.last_task = g.last_task_id;
      t.maxc = g.array_max_concurrently_running;
      order.push_back(std::move(t));
    }
    Template& t = order[it->second];
    t.out.tasks += g.tasks;
    t.counts[label(letter_of(g.status))] += g.tasks;
    if (g.first_task_id < t.first_task) {
      t.first_task = g.first_task_id;
      t.out.task_template_version_id = g.version_id;
    }
    // MAXC is the array limit seen on the template's last task.
    if (g.last_task_id >= t.last_task) {
      t.last_task = g.last_task_id;
      t.maxc = g.array_max_concurrently_running;
    }
  }
  std::map<std::int64_t, q::Attempts> attempts;
  for (const auto& a : q::template_attempts(tx, workflow_id)) attempts[a.template_id] = a.attempts;
  GetWorkflowTtStatusViz::Answer out;
  for (auto& t : order) {
    auto& row = t.out;
    row.PENDING = count_of(t.counts, "PENDING");
    row.SCHEDULED = count_of(t.counts, "SCHEDULED");
    row.RUNNING = count_of(t.counts, "RUNNING");
    row.DONE = count_of(t.counts, "DONE");
    row.FATAL = count_of(t.counts, "FATAL");
    if (t.maxc) {
      row.MAXC = *t.maxc;
    } else {
      row.MAXC = std::string("NA");
    }
    const q::Attempts& a = attempts[row.id];
    row.num_attempts_min = a.min;
    row.num_attempts_max = a.max;
    row.num_attempts_avg = a.mean;
    out.emplace_back(std::to_string(row.id), std::move(row));
  }
  return out;
}

GetWorkflowTtStatusViz::Answer GetWorkflowTtStatusViz::handle(const Context& ctx,
                                                              const api::In<>& in) {
  return template_statuses(ctx, in.path_int("workflow_id"), gui_label);
}

}  // namespace jobmon::routes::cli
