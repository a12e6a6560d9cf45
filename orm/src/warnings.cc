#include "jobmon/orm/warnings.h"

#include <atomic>
#include <iostream>

namespace jobmon::orm {

namespace {

void to_stderr(std::string_view message) { std::cerr << "warning: " << message << "\n"; }

std::atomic<WarningSink> sink{to_stderr};

}  // namespace

void set_warning_sink(WarningSink s) { sink.store(s != nullptr ? s : to_stderr); }

void warn(std::string_view message) { sink.load()(message); }

}  // namespace jobmon::orm
