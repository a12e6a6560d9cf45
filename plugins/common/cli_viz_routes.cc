// The GUI's read routes among the CLI routes (routes/v2|v3/cli at the reference commit): the
// *_viz routes, get_task_template_details and v3's task_template_resource_usage. Where v2 and v3
// answer different fields the handler branches on ctx.version.
#include <cmath>
#include <map>

#include "cli_common.h"
#include "cli_error_clusters.h"
#include "cli_routes.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/orm/queries/cli_viz.h"
#include "run_common.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::viz;
using api::JsonWriter;
using api::Response;

namespace {

void text(JsonWriter& out, const q::Text& v) { v ? out.string(*v) : out.null(); }

// Python's str() of a database time (None -> "None"), as v2 formats dates.
std::string python_str(const q::Text& time) { return time ? *time : "None"; }

// v2 writes dates with str(), v3 with isoformat() (null stays null).
void date(JsonWriter& out, const q::Text& time, ApiVersion version) {
  if (version == ApiVersion::kV2) {
    out.string(python_str(time));
  } else if (time) {
    out.string(iso_time(*time));
  } else {
    out.null();
  }
}

constexpr const char* kCliOrder[] = {"PENDING", "SCHEDULED", "RUNNING", "DONE", "FATAL"};

// Task status letters as the GUI's labels (routes/v2|v3/cli/workflow.py).
std::string workflow_label(char letter) {
  switch (letter) {
    case 'O':
      return "SCHEDULED";
    case 'R':
      return "RUNNING";
    case 'F':
      return "FATAL";
    case 'D':
      return "DONE";
    default:
      return "PENDING";  // A, G, Q, I, E
  }
}

// v2's task-template view maps Q, K, A, H, S, U, W, T to SCHEDULED and G to PENDING; it has no
// label for I, O and E (the reference answered 500): those take the workflow view's labels.
std::string template_label(char letter, ApiVersion version) {
  if (version == ApiVersion::kV3) return workflow_label(letter);
  if (std::string("QKAHSUWT").find(letter) != std::string::npos) return "SCHEDULED";
  return workflow_label(letter);
}

void write_attempts(JsonWriter& out, const q::Attempts& a, bool average_first) {
  if (average_first) out.key("num_attempts_avg").number(a.mean);
  out.key("num_attempts_min").integer(a.min).key("num_attempts_max").integer(a.max);
  if (!average_first) out.key("num_attempts_avg").number(a.mean);
}

std::int64_t positive_query_int(const api::Request& req, const std::string& name) {
  if (!req.query_param(name)) missing_query(name);
  auto v = query_ints(req, name).back();
  if (v < 1) {
    throw api::JsonError(422, R"({"detail":[{"type":"greater_than_equal","loc":["query",")" + name +
                                  R"("],"msg":"Input should be greater than or equal to 1",)"
                                  R"("input":")" +
                                  *req.query_param(name) + R"(","ctx":{"ge":1}}]})");
  }
  return v;
}

}  // namespace

Response workflow_status_viz(const Context& ctx, const api::Request& req) {
  auto ids = query_ints(req, "workflow_ids");
  orm::ReadTx tx(ctx.db);
  std::map<std::int64_t, q::WorkflowTasks> found;
  for (auto& wf : q::workflow_tasks(tx, ids)) found.emplace(wf.workflow_id, std::move(wf));
  JsonWriter out;
  out.start_object();
  std::set<std::int64_t> written;
  for (auto id : ids) {
    if (!written.insert(id).second) continue;
    std::map<std::string, std::int64_t> counts;
    std::int64_t tasks = 0, maxc = 0;
    q::Attempts attempts;  // a workflow without tasks: 0, 0 and 0.0 (v3's coalesce)
    if (auto it = found.find(id); it != found.end()) {
      attempts = it->second.attempts;
      for (const auto& [status, n] : it->second.status_counts) {
        counts[workflow_label(status.empty() ? 'G' : status[0])] += n;
        tasks += n;
      }
      if (tasks > 0) maxc = it->second.max_concurrently_running;
    }
    out.key(std::to_string(id)).start_object().key("id").integer(id).key("tasks").integer(tasks);
    for (const char* label : kCliOrder) out.key(label).integer(counts[label]);
    out.key("MAXC").integer(maxc);
    write_attempts(out, attempts, true);
    out.end_object();
  }
  out.end_object();
  return Response::json(out.str());
}

Response workflow_overview_viz(const Context& ctx, const api::Request& req) {
  q::OverviewFilter f;
  f.user = req.query_param("user");
  f.tool = req.query_param("tool");
  f.wf_name = req.query_param("wf_name");
  f.wf_args = req.query_param("wf_args");
  f.wf_attribute_value = req.query_param("wf_attribute_value");
  f.wf_attribute_key = req.query_param("wf_attribute_key");
  f.wf_id = req.query_param("wf_id");
  f.date_submitted = req.query_param("date_submitted");
  f.date_submitted_end = req.query_param("date_submitted_end");
  f.status = req.query_param("status");
  if (f.wf_id && !f.wf_id->empty()) {
    api::JsonValue v(f.wf_id->c_str(), static_cast<rapidjson::SizeType>(f.wf_id->size()));
    if (!int_value(v))
      throw api::InvalidUsage("wf_id must be an integer in request to " + req.path);
  }
  orm::ReadTx tx(ctx.db);
  JsonWriter out;
  out.start_object().key("workflows").start_array();
  for (const auto& w : q::workflow_overview(tx, f)) {
    out.start_object().key("wf_id").integer(w.id).key("wf_name");
    text(out, w.name);
    out.key("wf_submitted_date");
    text(out, w.created_date ? std::optional(iso_time(*w.created_date)) : std::nullopt);
    out.key("wf_status_date");
    text(out, w.status_date ? std::optional(iso_time(*w.status_date)) : std::nullopt);
    out.key("wf_args");
    text(out, w.workflow_args);
    out.key("wfr_count").integer(w.run_count).key("wf_status").string(w.status_label);
    out.key("wf_tool");
    text(out, w.tool);
    for (const char* label : kCliOrder) out.key(label).integer(0);  // filled in by the GUI later
    out.end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response task_table_viz(const Context& ctx, const api::Request& req) {
  auto name = req.query_param("tt_name");
  if (!name) missing_query("tt_name");
  orm::ReadTx tx(ctx.db);
  JsonWriter out;
  out.start_object().key("tasks").start_array();
  for (const auto& t : q::template_tasks(tx, req.int_param("workflow_id"), *name)) {
    out.start_object().key("task_id").integer(t.id).key("task_name");
    text(out, t.name);
    out.key("task_status").string(workflow_label(t.status.empty() ? 'G' : t.status[0]));
    out.key("task_command");
    text(out, t.command);
    out.key("task_num_attempts").integer(t.num_attempts);
    out.key("task_status_date").string(python_str(t.status_date));
    out.key("task_max_attempts").integer(t.max_attempts).end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response workflow_details_viz(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  const bool v3 = ctx.version == ApiVersion::kV3;
  JsonWriter out;
  out.start_array();
  for (const auto& d : q::workflow_details(tx, req.int_param("workflow_id"))) {
    out.start_object().key("wf_name");
    text(out, d.name);
    out.key("wf_args");
    text(out, d.args);
    out.key("wf_created_date");
    date(out, d.created_date, ctx.version);
    out.key("wf_status_date");
    date(out, d.status_date, ctx.version);
    out.key("tool_name");
    text(out, d.tool_name);
    out.key("wf_status").string(d.status).key("wf_status_desc");
    text(out, d.status_description);
    out.key("wfr_jobmon_version");
    text(out, d.jobmon_version);
    if (v3) {
      out.key("wfr_heartbeat_date");
      date(out, d.heartbeat_date, ctx.version);
      out.key("wfr_user");
      text(out, d.user);
    }
    out.end_object();
  }
  out.end_array();
  return Response::json(out.str());
}

Response task_instance_details_viz(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  const bool v3 = ctx.version == ApiVersion::kV3;
  JsonWriter out;
  out.start_object().key("taskinstances").start_array();
  for (const auto& ti : q::instance_details(tx, req.int_param("task_id"))) {
    out.start_object().key("ti_id").integer(ti.id).key("ti_status").string(ti.status_label);
    const std::pair<const char*, const q::Text*> fields[] = {
        {"ti_stdout", &ti.stdout_path},
        {"ti_stderr", &ti.stderr_path},
        {"ti_stdout_log", &ti.stdout_log},
        {"ti_stderr_log", &ti.stderr_log},
        {"ti_distributor_id", &ti.distributor_id},
        {"ti_nodename", &ti.nodename},
        {"ti_error_log_description", &ti.error},
        {"ti_wallclock", &ti.wallclock},
        {"ti_maxrss", &ti.maxrss},
        {"ti_resources", &ti.requested_resources}};
    for (const auto& [key, value] : fields) {
      out.key(key);
      text(out, *value);
    }
    if (v3) {
      out.key("ti_submit_date");
      date(out, ti.submitted_date, ctx.version);
      out.key("ti_status_date");
      date(out, ti.status_date, ctx.version);
      out.key("ti_queue_name");
      text(out, ti.queue_name);
    }
    out.end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response task_details_viz(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto d = q::task_details(tx, req.int_param("task_id"));
  JsonWriter out;
  out.start_object().key("task_details").start_array();
  if (d) {
    out.start_object().key("task_status").string(d->status);
    out.key("workflow_id").integer(d->workflow_id).key("task_name");
    text(out, d->name);
    out.key("task_command");
    text(out, d->command);
    out.key("task_status_date");
    text(out, d->status_date ? std::optional(iso_time(*d->status_date)) : std::nullopt);
    if (ctx.version == ApiVersion::kV3) {
      out.key("task_template_id");
      d->task_template_id ? out.integer(*d->task_template_id) : out.null();
    }
    out.end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

Response task_template_details(const Context& ctx, const api::Request& req) {
  auto workflow_id = positive_query_int(req, "workflow_id");
  auto template_id = positive_query_int(req, "task_template_id");
  orm::ReadTx tx(ctx.db);
  auto t = q::template_of_workflow(tx, workflow_id, template_id);
  if (!t) throw api::DetailError(404, "Task Template not found for the given workflow.");
  JsonWriter out;
  out.start_object().key("task_template_id").integer(t->id).key("task_template_name");
  out.string(t->name).key("task_template_version_id").integer(t->version_id).end_object();
  return Response::json(out.str());
}

Response workflow_tt_status_viz(const Context& ctx, const api::Request& req) {
  const std::int64_t wf = req.int_param("workflow_id");
  orm::ReadTx tx(ctx.db);
  struct Template {
    std::int64_t id = 0;
    std::string name;
    std::int64_t tasks = 0, version_id = 0, first_task = 0, last_task = 0;
    std::map<std::string, std::int64_t> counts;
    std::optional<std::int64_t> maxc;
  };
  std::vector<Template> order;  // by each template's first task
  std::map<std::int64_t, std::size_t> index;
  for (const auto& g : q::template_task_statuses(tx, wf)) {
    auto [it, fresh] = index.emplace(g.template_id, order.size());
    if (fresh)
      order.push_back({g.template_id,
                       g.template_name,
                       0,
                       g.version_id,
                       g.first_task_id,
                       g.last_task_id,
                       {},
                       g.array_max_concurrently_running});
    Template& t = order[it->second];
    t.tasks += g.tasks;
    t.counts[template_label(g.status.empty() ? 'G' : g.status[0], ctx.version)] += g.tasks;
    if (g.first_task_id < t.first_task) t.first_task = g.first_task_id, t.version_id = g.version_id;
    // MAXC is the array limit seen on the template's last task.
    if (g.last_task_id >= t.last_task) {
      t.last_task = g.last_task_id;
      t.maxc = g.array_max_concurrently_running;
    }
  }
  std::map<std::int64_t, q::Attempts> attempts;
  for (const auto& a : q::template_attempts(tx, wf)) attempts[a.template_id] = a.attempts;
  JsonWriter out;
  out.start_object();
  for (const auto& t : order) {
    out.key(std::to_string(t.id)).start_object().key("id").integer(t.id).key("name").string(t.name);
    out.key("tasks").integer(t.tasks);
    for (const char* label : kCliOrder) {
      auto c = t.counts.find(label);
      out.key(label).integer(c == t.counts.end() ? 0 : c->second);
    }
    out.key("MAXC");
    t.maxc ? out.integer(*t.maxc) : out.string("NA");
    write_attempts(out, attempts[t.id], false);
    out.key("task_template_version_id").integer(t.version_id).end_object();
  }
  out.end_object();
  return Response::json(out.str());
}

Response tt_error_log_viz(const Context& ctx, const api::Request& req) {
  q::ErrorLogQuery query;
  query.workflow_id = req.int_param("wf_id");
  query.task_template_id = req.int_param("tt_id");
  if (req.path_params.count("ti_id") && req.int_param("ti_id") != 0) {
    query.task_instance_id = req.int_param("ti_id");
  }
  std::int64_t page = req.query_param("page") ? query_ints(req, "page").back() : 1;
  std::int64_t page_size = req.query_param("page_size") ? query_ints(req, "page_size").back() : 10;
  if (page < 1 || page_size < 0) {
    throw api::InvalidUsage("page must be at least 1 and page_size not negative in request to " +
                            req.path);
  }
  auto flag = [&](const char* name) {
    auto v = req.query_param(name);
    std::string s = v ? *v : "false";
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s == "true";
  };
  query.just_recent = flag("just_recent_errors");
  query.offset = (page - 1) * page_size;
  query.limit = page_size;
  orm::ReadTx tx(ctx.db);
  auto result = q::error_logs(tx, query);
  JsonWriter out;
  out.start_object().key("error_logs").start_array();
  std::int64_t total = result.total;
  if (flag("cluster_errors")) {
    std::vector<ErrorLogEntry> entries;
    for (const auto& r : result.rows) {
      // The log that describes the failure: the instance's stderr, else the error message.
      const q::Text& log = r.stderr_log && !r.stderr_log->empty() ? r.stderr_log : r.description;
      entries.push_back({r.task_id, r.task_instance_id, python_str(r.error_time),
                         log ? *log : "None", r.workflow_run_id, r.workflow_id});
    }
    auto clusters = cluster_error_logs(entries);
    total = static_cast<std::int64_t>(clusters.size());
    for (const auto& c : clusters) {
      out.start_object().key("error_score").number(c.score);
      out.key("group_instance_count").integer(c.count).key("task_instance_ids").start_array();
      for (auto id : c.task_instance_ids) out.integer(id);
      out.end_array().key("task_ids").start_array();
      for (auto id : c.task_ids) out.integer(id);
      out.end_array().key("sample_error").string(c.sample_error);
      out.key("first_error_time").string(c.first_error_time);
      out.key("workflow_run_id").integer(c.workflow_run_id);
      out.key("workflow_id").integer(c.workflow_id).end_object();
    }
  } else {
    for (const auto& r : result.rows) {
      out.start_object().key("task_id").integer(r.task_id);
      out.key("task_instance_id").integer(r.task_instance_id);
      out.key("task_instance_err_id").integer(r.error_id);
      out.key("error_time").string(python_str(r.error_time));
      out.key("error").string(python_str(r.description));
      out.key("task_instance_stderr_log").string(python_str(r.stderr_log));
      out.key("workflow_run_id").integer(r.workflow_run_id);
      out.key("workflow_id").integer(r.workflow_id).end_object();
    }
  }
  out.end_array().key("total_count").integer(total).key("page").integer(page);
  out.key("page_size").integer(page_size).end_object();
  return Response::json(out.str());
}

}  // namespace jobmon::routes::cli

namespace jobmon::routes::cli {

// v3's POST /task_template_resource_usage: the GUI's per-instance rows ({"result_viz": [...]}
// with viz true, else {"result_viz": null}); the statistics are v2's (the CLI's) business.
Response task_template_resource_viz(const Context& ctx, const api::Request& req) {
  Body body(req);
  if (!body.root().HasMember("task_template_version_id")) {
    throw api::JsonError(
        422, R"({"detail":[{"type":"missing","loc":["body","task_template_version_id"],)"
             R"("msg":"Field required","input":)" +
                 api::to_json(body.root()) + "}]}");
  }
  std::int64_t version = body.require_int("task_template_version_id");
  const std::vector<std::int64_t> workflows = id_array(body, "workflows", false);
  // node_args {name: [values]}: every listed arg must have one of its listed values.
  std::map<std::string, std::set<std::string>> wanted;
  if (const auto* a = body.find("node_args")) {
    if (!a->IsObject()) body.fail("node_args");
    for (const auto& m : a->GetObject()) {
      if (!m.value.IsArray()) body.fail("node_args");
      auto& values = wanted[std::string(m.name.GetString(), m.name.GetStringLength())];
      for (const auto& v : m.value.GetArray()) {
        auto t = scalar_text(v);
        if (!t) body.fail("node_args");
        values.insert(*t);
      }
    }
  }
  if (!truthy(body.find("viz"))) return Response::json(R"({"result_viz":null})");
  orm::ReadTx tx(ctx.db);
  auto rows = q::version_instance_resources(tx, version, workflows);
  if (!wanted.empty()) {
    std::vector<std::int64_t> nodes;
    for (const auto& r : rows) nodes.push_back(r.node_id);
    std::map<std::int64_t, std::map<std::string, std::set<std::string>>> args_of;
    for (const auto& a : orm::queries::cli::node_arg_values(tx, nodes)) {
      args_of[a.node_id][a.arg_name].insert(a.value);
    }
    std::erase_if(rows, [&](const q::InstanceResources& r) {
      const auto& have = args_of[r.node_id];
      for (const auto& [name, values] : wanted) {
        auto it = have.find(name);
        if (it == have.end()) return true;
        bool match = false;
        for (const auto& v : it->second) match = match || values.count(v) > 0;
        if (!match) return true;
      }
      return false;
    });
  }
  JsonWriter out;
  out.start_object().key("result_viz").start_array();
  for (const auto& r : rows) {
    // Rows whose usage does not read as numbers are left out, as the reference skips them.
    std::optional<double> wallclock;
    std::optional<std::int64_t> maxrss;
    if (r.wallclock) {
      char* end = nullptr;
      double d = std::strtod(r.wallclock->c_str(), &end);
      if (r.wallclock->empty() || *end != '\0') continue;
      wallclock = d;
    }
    if (r.maxrss) {
      api::JsonValue v(r.maxrss->c_str(), static_cast<rapidjson::SizeType>(r.maxrss->size()));
      maxrss = int_value(v);
      if (!maxrss) continue;
    }
    out.start_object().key("r");
    wallclock ? out.number(*wallclock) : out.null();
    out.key("m");
    maxrss ? out.integer(*maxrss) : out.null();
    out.key("node_id").integer(r.node_id).key("task_id").integer(r.task_id);
    out.key("requested_resources");
    text(out, r.requested_resources);
    out.key("attempt_number_of_instance").integer(r.attempt_number);
    out.key("status").string(r.status).end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

}  // namespace jobmon::routes::cli
