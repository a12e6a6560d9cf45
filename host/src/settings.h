#pragma once
// What every part of the configuration parses with (config.h, auth_config.h,
// reaper/reaper_settings.h): where a setting's text comes from, the error that names the flag or
// variable at fault, and the readers of lists, numbers and booleans. Its own header so that
// those parts do not include one another.
#include <charconv>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace jobmon::host {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "true/false/1/0/yes/no/on/off", case-insensitive; nullopt otherwise.
std::optional<bool> parse_bool(std::string value);

// Where one setting's text comes from: the flag if given, else its JOBMOND_* variable, else the
// first of `env_names` that is set. The pair is (value, the flag's or variable's name for
// messages).
using SettingLookup = std::function<std::optional<std::pair<std::string, std::string>>(
    const std::string& flag, const std::vector<std::string>& env_names)>;

// A comma-separated list, items trimmed; an empty item is an error naming `what`.
std::vector<std::string> split_list(const std::string& text, const std::string& what);

// A decimal number in [min, max]; anything else is a ConfigError naming `what`.
double parse_decimal(const std::string& text, const std::string& what, double min, double max);

// An integer in [min, max]; anything else is a ConfigError naming `what`.
template <typename T>
T parse_number(const std::string& text, const std::string& what, T min, T max) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    throw ConfigError(what + ": expected an integer from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

}  // namespace jobmon::host
