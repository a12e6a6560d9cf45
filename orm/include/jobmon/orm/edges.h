#pragma once
// The node-id lists of the edge table (upstream_node_ids, downstream_node_ids; docs/data-model.md
// §8): the forms the Jobmon servers store them in, one reader for all of them, and the writer of
// each form. Every reader of edges in jobmond goes through read_node_ids.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobmon/orm/errors.h"

namespace jobmon::orm {

enum class EdgeForm {
  kPythonListString,  // Jobmon 3.4: a JSON string holding Python's str(list): "[6, 3]", quoted
  kJsonArray,         // Jobmon 3.6: a JSON array: [6, 3]
};

struct StoredNodeIds {
  std::optional<std::vector<std::int64_t>> ids;  // nullopt: no list (NULL, null, blank)
  bool unreadable = false;                       // no form a server writes; ids then nullopt
};

// Reads a stored cell (SQL NULL as nullopt) in any of the forms: JSON null or blank text (no
// list), a JSON array of integers, a JSON string holding either (the 3.4 form), or a string of
// that string (double-encoded). Anything else is unreadable.
JOBMON_ORM_EXPORT StoredNodeIds read_node_ids(const std::optional<std::string>& stored);

// read_node_ids, warning (warnings.h) about an unreadable cell, which then counts as no list.
// `where` names the cell for the operator ("edge of dag 3, node 7").
JOBMON_ORM_EXPORT std::optional<std::vector<std::int64_t>> node_ids_or_warn(
    const std::optional<std::string>& stored, const std::string& where);

// The text to store for `ids` in `form`: "\"[6, 3]\"" or "[6, 3]" (Python's ", " separator);
// an empty list is JSON null in both, as both servers store it.
JOBMON_ORM_EXPORT std::string stored_node_ids(const std::vector<std::int64_t>& ids, EdgeForm form);

// Python's str() of a list of integers (json.dumps writes the same): "[6, 3]", "[]".
JOBMON_ORM_EXPORT std::string python_int_list_text(const std::vector<std::int64_t>& ids);

}  // namespace jobmon::orm
