#pragma once
// What the orm met and left out of an answer, for the operator (an edge list no Jobmon server
// wrote, say): the host sends it to its log; until a sink is set it goes to stderr.
#include <string_view>

#include "jobmon/orm/errors.h"

namespace jobmon::orm {

using WarningSink = void (*)(std::string_view message);

// Where warnings go from now on (the host's log). Set once at start-up, before serving.
JOBMON_ORM_EXPORT void set_warning_sink(WarningSink sink);
JOBMON_ORM_EXPORT void warn(std::string_view message);

}  // namespace jobmon::orm
