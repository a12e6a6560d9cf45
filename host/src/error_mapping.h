#pragma once
// The error contract (docs/api-contract.md §3), implemented once for every plugin: standard
// bodies for routing errors, and the mapping from exceptions to responses. A response body never
// holds the text of an exception that is not one of ours (SOCI messages carry SQL and bound
// values); that text is logged instead.
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jobmon/plugin_api.h"

namespace jobmon::host {

inline constexpr const char* kUnexpectedErrorMessage = "Unexpected Jobmon Server Error";

// {"detail": detail} as application/json.
api::Response detail_response(int status, std::string_view detail);
// 422 for {name:int} path parameters that are not integers, in template order: (name, input).
api::Response int_parsing_response(const std::vector<std::pair<std::string, std::string>>& bad);
// The custom shape {"error":{"type","exception_message","status_code"}} as
// application/custom+json. `message` is used as is (callers repr() where the reference does).
api::Response custom_error_response(int status, const std::string& type,
                                    const std::string& message);

// Maps the exception in flight (call inside a catch block) to a response and logs it.
// `where` names the request for the log ("GET /api/v2/x").
api::Response current_exception_response(const std::string& where) noexcept;

}  // namespace jobmon::host
