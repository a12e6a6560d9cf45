// GET /workflow_status: the CLI's table of workflows (docs/api-cli-reaper.md, "CLI: workflows").
#include <cmath>
#include <map>

#include "common/cli/cli.h"
#include "common/cli/helpers.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/cli.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;

namespace {

std::optional<std::int64_t> integer(const std::string& text) {
  return api::int_value(
      api::JsonValue(text.c_str(), static_cast<rapidjson::SizeType>(text.size())));
}

// What the query asks for, checked before the database is read.
struct Asked {
  std::int64_t limit = 5;
  std::vector<std::int64_t> ids;  // used unless "all" is among them
  bool all_workflows = false;
};

Asked read_asked(const GetWorkflowStatus::Query& query, const api::Request& req) {
  Asked out;
  if (query.limit) {
    auto v = integer(*query.limit);
    if (!v) throw api::InvalidUsage("limit must be an integer in request to " + req.path);
    if (*v != 0) out.limit = *v;  // 0 means the default, as `limit if limit else 5` does
  }
  for (const auto& w : query.workflow_id) {
    if (w == "all") {
      out.all_workflows = true;
      continue;
    }
    auto id = integer(w);
    if (!id) {
      throw api::InvalidUsage("workflow_id must be integers or 'all' in request to " + req.path);
    }
    out.ids.push_back(*id);
  }
  return out;
}

// The workflows asked for: the ids, else the users' newest (all: anyone's).
std::vector<std::int64_t> workflows_asked(orm::ReadTx& tx, Asked asked,
                                          const std::vector<std::string>& users) {
  if (!asked.ids.empty() && !asked.all_workflows) {
    if (asked.limit > 0 && asked.ids.size() > static_cast<std::size_t>(asked.limit)) {
      asked.ids.resize(static_cast<std::size_t>(asked.limit));
    }
    return asked.ids;
  }
  if (users.empty()) return {};
  const bool all_users = users.size() == 1 && users[0] == "all";
  return q::workflows_of_users(tx, all_users ? std::vector<std::string>{} : users, asked.limit);
}

// "n (p%)": p = n / tasks * 100 rounded to one decimal the numpy way (x*10, rint, /10).
std::string share(std::int64_t n, std::int64_t tasks) {
  double pct = static_cast<double>(n) / static_cast<double>(tasks) * 100.0;
  pct = std::nearbyint(pct * 10.0) / 10.0;
  return std::to_string(n) + " (" + api::python_float_text(pct) + "%)";
}

}  // namespace

GetWorkflowStatus::Answer GetWorkflowStatus::handle(const Context& ctx,
                                                    const api::In<api::NoBody, Query>& in) {
  Asked asked = read_asked(in.query, in.request);
  orm::ReadTx tx(ctx.db);
  const std::vector<std::int64_t> ids = workflows_asked(tx, std::move(asked), in.query.user);
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
    s.by_label[cli_label(c.status)] += c.tasks;
    s.tasks += c.tasks;
    s.retries += c.retries;
  }
  Answer out;
  for (const auto& [id, s] : summaries) {
    const auto& head = heads.at(id);
    // Clang before 16 lets no lambda capture a structured binding (C++20, P1091R3).
    auto count = [&, &s = s](const char* label) {
      auto it = s.by_label.find(label);
      return share(it == s.by_label.end() ? 0 : it->second, s.tasks);
    };
    out.workflows.rows.push_back(
        {id, head.name, head.status_label,
         head.created_date ? epoch_millis(*head.created_date) : std::nullopt, s.tasks,
         count("PENDING"), count("SCHEDULED"), count("RUNNING"), count("DONE"), count("FATAL"),
         s.retries});
  }
  return out;
}

}  // namespace jobmon::routes::cli
