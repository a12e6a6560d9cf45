#pragma once
// The DDL and seed rows of a fresh Jobmon database per backend (schema/<backend>/schema.sql),
// compiled into liborm.
#include "jobmon/orm/backend.h"

namespace jobmon::orm::detail {

const char* schema_sql(Backend backend);

}  // namespace jobmon::orm::detail
