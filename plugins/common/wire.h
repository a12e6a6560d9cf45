#pragma once
// Wire tuples shared by several routes of the route library (internal header).
#include "jobmon/json.h"
#include "jobmon/orm/queries/bind.h"

namespace jobmon::routes {

// [id, command_template, node_args, task_args, op_args, {arg_name: arg_id}, task_template_id]
inline void write_template_version(api::JsonWriter& out, const orm::queries::TemplateVersion& v) {
  out.start_array().integer(v.id).string(v.command_template);
  for (const auto* names : {&v.node_args, &v.task_args, &v.op_args}) {
    out.start_array();
    for (const auto& n : *names) out.string(n);
    out.end_array();
  }
  out.start_object();
  for (const auto& [name, id] : v.arg_ids) out.key(name).integer(id);
  out.end_object().integer(v.task_template_id).end_array();
}

}  // namespace jobmon::routes
