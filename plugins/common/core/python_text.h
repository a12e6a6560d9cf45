#pragma once
// Text forms a real Jobmon database holds because the Python server wrote them
// (docs/api-contract.md §4.4). jobmond writes the same bytes so that Python readers of the same
// database (CLI routes, the GUI, an older server) keep working, and reads them back.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jobmon/json.h"

namespace jobmon::routes {

// Python str() of a JSON value as json.loads would have produced it: dicts and lists with
// ", " and ": ", strings repr()'d (single quotes unless the text has one), True/False/None.
// task.resource_scales and task.fallback_queues are stored this way.
std::string python_str(const api::JsonValue& v);

// Python json.dumps() with default settings: ", " and ": " separators, non-ASCII escaped as
// \uXXXX. task_resources.requested_resources is stored this way.
std::string python_json_dumps(const api::JsonValue& v);

// Reads text written as a Python literal (ast.literal_eval's subset: dicts, lists, tuples,
// strings in either quote, numbers, True/False/None) or as JSON into `out`. Tuples become arrays.
// Returns false when the text is neither.
bool parse_python_literal(std::string_view text, api::JsonDocument& out);

}  // namespace jobmon::routes
