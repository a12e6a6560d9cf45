#include "error_mapping.h"

#include <algorithm>
#include <cctype>

#include "jobmon/errors.h"
#include "jobmon/json.h"
#include "jobmon/orm/errors.h"
#include "log.h"

namespace jobmon::host {

namespace {

constexpr const char* kInvalidTransitionType =
    "<class 'jobmon.core.exceptions.InvalidStateTransition'>";

// The reference turns any error whose text mentions a MySQL deadlock into a 423.
int with_deadlock_rule(int status, const std::string& message) {
  std::string lower = message;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("deadlock found") != std::string::npos ? 423 : status;
}

api::Response unexpected(const std::string& where, const std::string& cause) {
  log_error(where + " failed: " + cause);
  return custom_error_response(500, api::kServerErrorType, kUnexpectedErrorMessage);
}

}  // namespace

api::Response detail_response(int status, std::string_view detail) {
  api::JsonWriter w;
  w.start_object().key("detail").string(detail).end_object();
  return api::Response::json(w.str(), status);
}

api::Response int_parsing_response(const std::vector<std::pair<std::string, std::string>>& bad) {
  api::JsonWriter w;
  w.start_object().key("detail").start_array();
  for (const auto& [name, input] : bad) {
    w.start_object();
    w.key("type").string("int_parsing");
    w.key("loc").start_array().string("path").string(name).end_array();
    w.key("msg").string("Input should be a valid integer, unable to parse string as an integer");
    w.key("input").string(input);
    w.end_object();
  }
  w.end_array().end_object();
  return api::Response::json(w.str(), 422);
}

api::Response custom_error_response(int status, const std::string& type,
                                    const std::string& message) {
  api::Response r;
  r.status = status;
  r.content_type = api::kCustomJson;
  r.body = api::custom_error_body(type, message, status);
  return r;
}

api::Response current_exception_response(const std::string& where) noexcept {
  try {
    try {
      throw;
    } catch (const api::DetailError& e) {
      return detail_response(e.status(), e.what());
    } catch (const api::InvalidUsage& e) {
      int status = with_deadlock_rule(e.status(), e.what());
      if (status >= 500) log_error(where + ": " + e.what());
      return custom_error_response(status, api::kInvalidUsageType, api::python_repr(e.what()));
    } catch (const api::ServerError& e) {
      int status = with_deadlock_rule(e.status(), e.what());
      log_error(where + ": server error: " + e.what());
      return custom_error_response(status, api::kServerErrorType, api::python_repr(e.what()));
    } catch (const api::JsonError& e) {
      return api::Response::json(e.what(), e.status());
    } catch (const api::HttpError& e) {
      // A plain HttpError: its message is the plugin's own, safe to show.
      return detail_response(e.status(), e.what());
    } catch (const orm::NotFound& e) {
      return detail_response(404, e.what());
    } catch (const orm::LockConflict& e) {
      log_warning(where + ": lock conflict: " + e.what());
      // The orm's text may name tables and values: a fixed message (the client retries 423).
      return custom_error_response(423, api::kServerErrorType,
                                   api::python_repr("Database lock conflict; retry the request"));
    } catch (const orm::DatabaseUnavailable& e) {
      log_error(where + ": database unavailable: " + e.what());
      return custom_error_response(503, api::kServerErrorType,
                                   api::python_repr("Database unavailable"));
    } catch (const orm::InvalidValue& e) {
      // The database's text can quote the value: logged, not sent.
      log_info(where + ": value refused by the database: " + e.what());
      return custom_error_response(
          400, api::kInvalidUsageType,
          api::python_repr("A value in the request does not fit the database (too long, out "
                           "of range or not valid text)"));
    } catch (const orm::InvalidTransition& e) {
      // The orm's message is the reference's "Cannot transition ..." text: safe to show. The
      // reference answers 500; a transition the state machine refuses is the caller's error, and a
      // 5xx would only make the client retry it ten times (docs/compatibility.md H14).
      log_info(where + ": invalid transition: " + e.what());
      return custom_error_response(400, kInvalidTransitionType, e.what());
    } catch (const std::exception& e) {
      return unexpected(where, e.what());
    } catch (...) {
      return unexpected(where, "non-standard exception");
    }
  } catch (...) {
    // Building the answer itself failed (out of memory): a fixed body, no allocation needed
    // beyond the strings below.
    api::Response r;
    r.status = 500;
    r.content_type = api::kCustomJson;
    r.body = R"({"error":{"type":"<class 'jobmon.server.web.server_side_exception.ServerError'>",)"
             R"("exception_message":"Unexpected Jobmon Server Error","status_code":"500"}})";
    return r;
  }
}

}  // namespace jobmon::host
