#pragma once
// Wire forms of the run area that are not plain structs of fields: the distributor's id map (a
// body whose keys are data) and a batch of instantiated instances (a tuple on the wire, written
// straight from the query's rows so that the launch path copies nothing).
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "jobmon/orm/queries/run.h"
#include "jobmon/wire.h"

namespace jobmon::routes::run {

// The body of POST /array/{array_id}/log_distributor_id: {"<task instance id>": distributor id}.
// Its keys are ids, so the handler reads them itself; having no fields of its own, the body is
// only checked to be a JSON object before the handler runs.
struct DistributorIdsBody {
  static constexpr auto fields() { return std::tuple{}; }
};

}  // namespace jobmon::routes::run

namespace jobmon::api {

template <>
struct Wire<routes::run::DistributorIdsBody> {
  static void schema(JsonWriter& w, const SchemaNote&) {
    schema_type(w, "object");
    w.key("description")
        .string("Task instance id (digits) -> its distributor id; other keys are ignored.");
    w.key("additionalProperties");
    write_schema<PyStr>(w, SchemaNote{});
  }
};

// [array_id, array_name, batch_number, task_resources_id, [task_instance_id, ...]]
template <>
struct Wire<orm::queries::Batch> {
  using Form =
      std::tuple<std::int64_t, std::string, std::int64_t, std::int64_t, std::vector<std::int64_t>>;
  static void write(JsonWriter& w, const orm::queries::Batch& b) {
    w.start_array().integer(b.array_id).string(b.array_name).integer(b.batch_number);
    w.integer(b.task_resources_id);
    Wire<std::vector<std::int64_t>>::write(w, b.task_instance_ids);
    w.end_array();
  }
  static void schema(JsonWriter& w, const SchemaNote& note) { Wire<Form>::schema(w, note); }
};

}  // namespace jobmon::api
