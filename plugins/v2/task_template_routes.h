#pragma once
// What v2 answers differently about task templates.
#include "common/bind/bind.h"

namespace jobmon::routes::v2 {

// GET /task_template/{id}/versions: v2 lists the newest version only (a list of at most one);
// v3 lists every version (bind::GetTaskTemplateVersions).
struct GetTaskTemplateVersions {
  static constexpr api::Method kMethod = api::Method::kGet;
  static constexpr const char* kPath = bind::GetTaskTemplateVersions::kPath;
  static constexpr const char* kSummary = "The newest version of a task template.";
  using Answer = bind::GetTaskTemplateVersions::Answer;
  static Answer handle(const Context& ctx, const api::In<>& in);
};

}  // namespace jobmon::routes::v2
