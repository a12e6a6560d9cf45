#pragma once
// The API contract as tests see it: the OpenAPI document a running jobmond publishes, and a
// check of every answer a test receives against it. JobmondProcess registers its server's
// document; HttpClient checks each answer from that server and fails the running test when the
// answer is not what the document promises (an undocumented status, a key the closed object
// does not have, a missing required key, a wrong type). So every route test is also a test that
// the document cannot drift from the wire.
//
// With JOBMOND_CONTRACT_LOG set to a directory, every checked answer is also noted there as
// "METHOD TEMPLATE STATUS" (one file per test process), for scripts/contract-coverage.
#include <memory>
#include <optional>
#include <string>

#include "jobmon/json.h"

namespace jobmon::testing {

class Contract {
 public:
  // Parses an OpenAPI 3.1 document; throws std::runtime_error when it is not one.
  explicit Contract(const std::string& openapi_json);

  // nullopt when the answer keeps the contract, else why not. Paths the document does not
  // describe (not API routes, or no route at all) are not checked.
  std::optional<std::string> check(const std::string& method, const std::string& path, int status,
                                   const std::string& content_type, const std::string& body) const;

  // The route template a path matches ("/api/v2/task/{task_id}/..."), if any.
  std::optional<std::string> template_of(const std::string& method, const std::string& path) const;

  // Errors of `value` against `schema` (resolving #/components/... references in the document).
  std::optional<std::string> validate(const api::JsonValue& schema, const api::JsonValue& value,
                                      const std::string& where) const;

 private:
  api::JsonDocument doc_;
};

// The contract of the jobmond serving `port`, set by JobmondProcess (null when none is known).
void register_contract(int port, std::shared_ptr<const Contract> contract);
void forget_contract(int port);
std::shared_ptr<const Contract> contract_for(int port);

// Checks one answer from `port` against its server's contract (no-op when none is known) and
// reports a broken contract as a test failure; notes the answer in JOBMOND_CONTRACT_LOG.
void check_answer(int port, const std::string& method, const std::string& path, int status,
                  const std::string& content_type, const std::string& body);

}  // namespace jobmon::testing
