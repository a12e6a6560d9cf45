// CLI routes about workflows (routes/v2|v3/cli/workflow.py and array.py at the reference
// commit): identical in v2 and v3.
#include <cmath>
#include <map>

#include "cli_common.h"
#include "cli_routes.h"
#include "cli_statistics.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/routes/python_text.h"
#include "pandas_json.h"
#include "run_common.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;
using api::JsonWriter;
using api::Response;

namespace {

// The CLI's workflow-level labels of task statuses, and the letters behind each.
const std::map<char, std::string>& task_label_of() {
  static const std::map<char, std::string> m = {
      {'A', "PENDING"},   {'G', "PENDING"}, {'Q', "PENDING"}, {'I', "PENDING"}, {'E', "PENDING"},
      {'O', "SCHEDULED"}, {'R', "RUNNING"}, {'F', "FATAL"},   {'D', "DONE"}};
  return m;
}
const std::map<std::string, std::string>& task_letters_of() {
  static const std::map<std::string, std::string> m = {
      {"SCHEDULED", "O"}, {"PENDING", "AGQEI"}, {"RUNNING", "R"}, {"FATAL", "F"}, {"DONE", "D"}};
  return m;
}
// An unmapped letter stays as it is (pandas' replace leaves unknown values alone).
std::string task_label(const std::string& letter) {
  auto it = letter.size() == 1 ? task_label_of().find(letter[0]) : task_label_of().end();
  return it == task_label_of().end() ? letter : it->second;
}
constexpr const char* kCliOrder[] = {"PENDING", "SCHEDULED", "RUNNING", "DONE", "FATAL"};

std::int64_t retries(std::int64_t num_attempts) { return num_attempts <= 1 ? 0 : num_attempts - 1; }

}  // namespace

Response workflow_validation(const Context& ctx, const api::Request& req) {
  Body body(req);
  const std::vector<std::int64_t> ids = id_array(body, "task_ids");
  if (ids.empty()) return Response::json(R"({"validation":true})");
  orm::ReadTx tx(ctx.db);
  auto rows = q::workflows_of_tasks(tx, ids);
  // Valid when every task is in one workflow and that workflow is finished (F, D, A or H).
  bool valid = rows.size() == 1 && std::string("FDAH").find(rows[0].status) != std::string::npos &&
               rows[0].status.size() == 1;
  JsonWriter out;
  out.start_object().key("validation").boolean(valid).key("workflow_status");
  rows.empty() ? out.null() : out.string(rows[0].status);
  out.end_object();
  return Response::json(out.str());
}

Response workflow_tasks(const Context& ctx, const api::Request& req) {
  const std::int64_t limit = *query_int(req, "limit", true);
  std::string letters = letters_of_labels(req.query_values("status"), task_letters_of(), req.path);
  orm::ReadTx tx(ctx.db);
  auto rows = q::workflow_tasks(tx, req.int_param("workflow_id"), letters, limit > 0 ? limit : 0);
  // A negative limit slices from the end, as Python's res[:limit] does.
  if (limit < 0)
    rows.resize(rows.size() > static_cast<std::size_t>(-limit)
                    ? rows.size() - static_cast<std::size_t>(-limit)
                    : 0);
  DataFrameJson df({"TASK_ID", "TASK_NAME", "STATUS", "RETRIES"});
  for (const auto& t : rows) {
    df.add_row({t.id, DataFrameJson::text(t.name), task_label(t.status), retries(t.num_attempts)});
  }
  JsonWriter out;
  out.start_object().key("workflow_tasks").string(df.str()).end_object();
  return Response::json(out.str());
}

Response validate_username(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  const std::string& username = req.param("username");
  bool found = false;
  for (const auto& user : q::workflow_run_users(tx, req.int_param("workflow_id"))) {
    found = found || (user && *user == username);
  }
  JsonWriter out;
  out.start_object().key("validation").boolean(found).end_object();
  return Response::json(out.str());
}

Response validate_for_workflow_reset(const Context& ctx, const api::Request& req) {
  orm::ReadTx tx(ctx.db);
  auto run = q::latest_error_run(tx, req.int_param("workflow_id"));
  JsonWriter out;
  out.start_object().key("workflow_run_id");
  if (run && run->user && *run->user == req.param("username")) {
    out.integer(run->id);
  } else {
    out.null();
  }
  out.end_object();
  return Response::json(out.str());
}

Response reset_workflow(const Context& ctx, const api::Request& req) {
  bool partial = false;
  if (!req.body.empty()) partial = truthy(Body(req).find("partial_reset"));
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::reset_workflow(tx, req.int_param("workflow_id"), partial);
  });
  return Response::json("{}");
}

Response workflow_status(const Context& ctx, const api::Request& req) {
  std::int64_t limit = 5;
  if (auto raw = req.query_param("limit")) {
    api::JsonValue text(raw->c_str(), static_cast<rapidjson::SizeType>(raw->size()));
    auto v = int_value(text);
    if (!v) throw api::InvalidUsage("limit must be an integer in request to " + req.path);
    if (*v != 0) limit = *v;  // 0 means the default, as `limit if limit else 5` does
  }
  // workflow_id: ids, or "all" for no filter; user: names, or "all" for every user.
  std::vector<std::int64_t> requested;
  bool all_workflows = false;
  for (const auto& w : req.query_values("workflow_id")) {
    if (w == "all") {
      all_workflows = true;
      continue;
    }
    api::JsonValue text(w.c_str(), static_cast<rapidjson::SizeType>(w.size()));
    auto id = int_value(text);
    if (!id)
      throw api::InvalidUsage("workflow_id must be integers or 'all' in request to " + req.path);
    requested.push_back(*id);
  }
  auto users = req.query_values("user");
  bool all_users = users.size() == 1 && users[0] == "all";

  orm::ReadTx tx(ctx.db);
  std::vector<std::int64_t> ids;
  if (!requested.empty() && !all_workflows) {
    ids = requested;
    if (limit > 0 && ids.size() > static_cast<std::size_t>(limit)) ids.resize(limit);
  } else if (!users.empty()) {
    ids = q::workflows_of_users(tx, all_users ? std::vector<std::string>{} : users, limit);
  }
  std::map<std::int64_t, q::WorkflowHead> heads;
  for (auto& h : q::workflow_heads(tx, ids)) heads.emplace(h.id, std::move(h));

  struct Summary {
    std::map<std::string, std::int64_t> by_label;
    std::int64_t tasks = 0, retries = 0;
  };
  std::map<std::int64_t, Summary> summaries;  // ascending workflow id, as pandas' groupby sorts
  for (const auto& c : q::task_status_counts(tx, ids)) {
    if (!heads.count(c.workflow_id)) continue;
    auto& s = summaries[c.workflow_id];
    s.by_label[task_label(c.status)] += c.tasks;
    s.tasks += c.tasks;
    s.retries += c.retries;
  }
  if (summaries.empty()) {
    DataFrameJson empty({"WF_ID", "WF_NAME", "WF_STATUS", "CREATED_DATE", "TASKS", "PENDING",
                         "RUNNING", "DONE", "FATAL", "RETRIES"});
    JsonWriter out;
    out.start_object().key("workflows").string(empty.str()).end_object();
    return Response::json(out.str());
  }
  DataFrameJson df({"WF_ID", "WF_NAME", "WF_STATUS", "CREATED_DATE", "TASKS", "PENDING",
                    "SCHEDULED", "RUNNING", "DONE", "FATAL", "RETRIES"});
  for (const auto& [id, s] : summaries) {
    const auto& head = heads.at(id);
    std::vector<DataFrameJson::Cell> row = {id, DataFrameJson::text(head.name), head.status_label};
    auto millis = head.created_date ? epoch_millis(*head.created_date) : std::nullopt;
    row.push_back(millis ? DataFrameJson::Cell(*millis) : DataFrameJson::Cell());
    row.push_back(s.tasks);
    for (const char* label : kCliOrder) {
      auto it = s.by_label.find(label);
      std::int64_t n = it == s.by_label.end() ? 0 : it->second;
      // pandas: (n / tasks) * 100, rounded to one decimal the numpy way (x*10, rint, /10).
      double pct = static_cast<double>(n) / static_cast<double>(s.tasks) * 100.0;
      pct = std::nearbyint(pct * 10.0) / 10.0;
      row.push_back(std::to_string(n) + " (" + python_float_text(pct) + "%)");
    }
    row.push_back(s.retries);
    df.add_row(std::move(row));
  }
  JsonWriter out;
  out.start_object().key("workflows").string(df.str()).end_object();
  return Response::json(out.str());
}

Response array_tasks(const Context& ctx, const api::Request& req) {
  auto array_name = req.query_param("array_name");
  if (!array_name) missing_query("array_name");
  auto job_name = req.query_param("job_name");
  std::int64_t limit = 5;
  if (req.query_param("limit")) limit = *query_ints(req, "limit").begin();
  orm::ReadTx tx(ctx.db);
  // Empty names filter nothing (the reference tests them for truth).
  auto rows = q::array_tasks(tx, req.int_param("workflow_id"),
                             array_name->empty() ? std::nullopt : array_name,
                             job_name && job_name->empty() ? std::nullopt : job_name, limit);
  JsonWriter out;
  auto text = [&](const q::Text& v) { v ? out.string(*v) : out.null(); };
  out.start_object().key("array_tasks").start_array();
  for (const auto& r : rows) {
    out.start_object().key("TASK_ID").integer(r.task_id).key("TASK_NAME");
    text(r.task_name);
    out.key("ARRAY_NAME");
    text(r.array_name);
    out.key("TASK_INSTANCE_ID").integer(r.task_instance_id).key("OUTPUT_PATH");
    text(r.stdout_path);
    out.key("ERROR_PATH");
    text(r.stderr_path);
    out.end_object();
  }
  out.end_array().end_object();
  return Response::json(out.str());
}

}  // namespace jobmon::routes::cli
