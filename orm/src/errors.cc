// Out-of-line destructors: the key functions that emit each error type's typeinfo once, in
// liborm.so, so a throw in a plugin is caught by type in the host.
#include "jobmon/orm/errors.h"

namespace jobmon::orm {

DatabaseError::~DatabaseError() = default;
NotFound::~NotFound() = default;
LockConflict::~LockConflict() = default;
DatabaseUnavailable::~DatabaseUnavailable() = default;
InvalidTransition::~InvalidTransition() = default;
InvalidValue::~InvalidValue() = default;
ConfigError::~ConfigError() = default;

}  // namespace jobmon::orm
