#pragma once
// The operator commands of the jobmond binary besides serving: `routes`, `check-config` and
// `init-db`. Each prints to `out`, reports problems to `err`, and returns the exit status.
#include <ostream>

#include "config.h"

namespace jobmon::host {

int print_routes(const Config& config, std::ostream& out, std::ostream& err);
int check_config(const Config& config, std::ostream& out, std::ostream& err);
int init_db(const Config& config, std::ostream& out, std::ostream& err);

}  // namespace jobmon::host
