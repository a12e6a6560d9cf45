#include "common/cli/helpers.h"

#include <map>

#include "common/cli/cli.h"
#include "jobmon/errors.h"

namespace jobmon::routes::cli {

namespace {

using LetterMap = std::map<std::string, std::string>;

std::string letters_of(const std::vector<std::string>& labels, const LetterMap& letters,
                       const api::Request& req) {
  std::string out;
  for (const auto& label : labels) {
    auto it = letters.find(label);
    if (it == letters.end()) {
      throw api::InvalidUsage("Unknown status " + label + " in request to " + req.path);
    }
    out += it->second;
  }
  return out;
}

}  // namespace

std::string cli_label(const std::string& letter) {
  static const std::map<char, std::string> labels = {
      {'A', "PENDING"},   {'G', "PENDING"}, {'Q', "PENDING"}, {'I', "PENDING"}, {'E', "PENDING"},
      {'O', "SCHEDULED"}, {'R', "RUNNING"}, {'F', "FATAL"},   {'D', "DONE"}};
  auto it = letter.size() == 1 ? labels.find(letter[0]) : labels.end();
  return it == labels.end() ? letter : it->second;
}

std::string task_letters(const std::vector<std::string>& labels, const api::Request& req) {
  static const LetterMap letters = {
      {"SCHEDULED", "O"}, {"PENDING", "AGQEI"}, {"RUNNING", "R"}, {"FATAL", "F"}, {"DONE", "D"}};
  return letters_of(labels, letters, req);
}

std::string instance_letters(const std::vector<std::string>& labels, const api::Request& req) {
  static const LetterMap letters = {
      {"PENDING", "QBI"}, {"RUNNING", "R"}, {"FATAL", "EZWUK"}, {"DONE", "D"}};
  return letters_of(labels, letters, req);
}

std::string python_set(const std::set<std::int64_t>& ids) {
  if (ids.empty()) return "set()";
  std::string out = "{";
  for (auto id : ids) out += (out.size() > 1 ? ", " : "") + std::to_string(id);
  return out + "}";
}

std::string gui_label(char letter) {
  switch (letter) {
    case 'O':
      return "SCHEDULED";
    case 'R':
      return "RUNNING";
    case 'F':
      return "FATAL";
    case 'D':
      return "DONE";
    default:
      return "PENDING";  // A, G, Q, I, E
  }
}

std::optional<std::string> iso_date(const std::optional<std::string>& time) {
  if (!time) return std::nullopt;
  std::string t = *time;
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  return t;
}

std::string str_or_none(const std::optional<std::string>& text) { return text ? *text : "None"; }

bool truthy(const std::optional<api::JsonRef>& ref) {
  if (!ref || ref->value == nullptr || ref->value->IsNull()) return false;
  const api::JsonValue& v = *ref->value;
  if (v.IsBool()) return v.GetBool();
  if (v.IsNumber()) return v.GetDouble() != 0.0;
  if (v.IsString()) return v.GetStringLength() > 0;
  if (v.IsArray()) return !v.Empty();
  return v.MemberCount() > 0;
}

}  // namespace jobmon::routes::cli
