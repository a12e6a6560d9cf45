#pragma once
// Errors a handler throws to answer with the reference's error contract (docs/api-contract.md §3).
// The host catches them around every handler and turns them into responses; anything else a
// handler lets escape becomes a 500 whose body never contains the exception's text.
//
// These types are exported from libjobmon_plugin_api.so (key functions out of line) so that a
// throw in a plugin is caught by type in the host.
#include <stdexcept>
#include <string>

#define JOBMON_API_EXPORT __attribute__((visibility("default")))

namespace jobmon::api {

// Base of every error that maps to a response.
class JOBMON_API_EXPORT HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message);
  ~HttpError() override;
  int status() const { return status_; }

 private:
  int status_;
};

// FastAPI's HTTPException: {"detail": "<detail>"} with application/json.
class JOBMON_API_EXPORT DetailError : public HttpError {
 public:
  DetailError(int status, std::string detail);
  ~DetailError() override;
};

// jobmon's InvalidUsage (client error, 400 by default): custom error shape, message repr()'d.
class JOBMON_API_EXPORT InvalidUsage : public HttpError {
 public:
  explicit InvalidUsage(std::string message, int status = 400);
  ~InvalidUsage() override;
};

// jobmon's ServerError (500 by default): custom error shape, message repr()'d.
class JOBMON_API_EXPORT ServerError : public HttpError {
 public:
  explicit ServerError(std::string message, int status = 500);
  ~ServerError() override;
};

// A plain JSON body with a status, for the reference's few hand-written error answers
// (e.g. v3's 404 {"error": "Workflow with ID 5 not found in database."}).
class JOBMON_API_EXPORT JsonError : public HttpError {
 public:
  JsonError(int status, std::string json_body);
  ~JsonError() override;
};

// The reference's message for a missing or mistyped body field: "'field' in request to /path".
std::string field_error_message(const std::string& field, const std::string& path);

// Python repr() of a str, as the reference puts InvalidUsage/ServerError messages in
// exception_message: wrapped in single quotes, or double quotes when it contains a single quote.
std::string python_repr(const std::string& s);

// Builds the custom error body:
// {"error":{"type":"<class '...'>","exception_message":"...","status_code":"400"}}
std::string custom_error_body(const std::string& type, const std::string& message, int status);

inline constexpr const char* kCustomJson = "application/custom+json";
inline constexpr const char* kInvalidUsageType =
    "<class 'jobmon.server.web.server_side_exception.InvalidUsage'>";
inline constexpr const char* kServerErrorType =
    "<class 'jobmon.server.web.server_side_exception.ServerError'>";

}  // namespace jobmon::api
