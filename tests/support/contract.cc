#include "contract.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace jobmon::testing {

namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string member_text(const api::JsonValue& v) { return api::to_json(v); }

bool has_type(const api::JsonValue& value, std::string_view type) {
  if (type == "null") return value.IsNull();
  if (type == "boolean") return value.IsBool();
  if (type == "integer") return value.IsInt64() || value.IsUint64() || api::is_big_integer(value);
  if (type == "number") return value.IsNumber() || api::is_big_integer(value);
  if (type == "string") return value.IsString() && !api::is_big_integer(value);
  if (type == "array") return value.IsArray();
  if (type == "object") return value.IsObject();
  return false;
}

std::size_t utf8_chars(const api::JsonValue& v) {
  std::size_t n = 0;
  for (rapidjson::SizeType i = 0; i < v.GetStringLength(); ++i) {
    n += (static_cast<unsigned char>(v.GetString()[i]) & 0xC0) != 0x80;
  }
  return n;
}

std::mutex registry_mutex;
std::map<int, std::shared_ptr<const Contract>>& registry() {
  static std::map<int, std::shared_ptr<const Contract>> contracts;
  return contracts;
}

}  // namespace

Contract::Contract(const std::string& openapi_json) {
  if (!api::parse_json(openapi_json, doc_).ok || !doc_.IsObject() || !doc_.HasMember("paths")) {
    throw std::runtime_error("not an OpenAPI document");
  }
}

std::optional<std::string> Contract::template_of(const std::string& method,
                                                 const std::string& path) const {
  const std::vector<std::string> want = segments(path.substr(0, path.find('?')));
  std::optional<std::string> best;
  int best_literals = -1;
  for (const auto& p : doc_["paths"].GetObject()) {
    const std::string candidate(p.name.GetString(), p.name.GetStringLength());
    if (!p.value.HasMember(lower(method).c_str())) continue;
    const std::vector<std::string> have = segments(candidate);
    if (have.size() != want.size()) continue;
    int literals = 0;
    bool match = true;
    for (std::size_t i = 0; i < have.size() && match; ++i) {
      const bool param = !have[i].empty() && have[i].front() == '{';
      if (param) continue;
      match = have[i] == want[i];
      ++literals;
    }
    if (match && literals > best_literals) {
      best = candidate;
      best_literals = literals;
    }
  }
  return best;
}

std::optional<std::string> Contract::validate(const api::JsonValue& schema,
                                              const api::JsonValue& value,
                                              const std::string& where) const {
  if (!schema.IsObject()) return std::nullopt;
  if (auto ref = schema.FindMember("$ref"); ref != schema.MemberEnd()) {
    std::string pointer(ref->value.GetString() + 1, ref->value.GetStringLength() - 1);
    const api::JsonValue* target = &doc_;
    for (const std::string& part : segments(pointer)) {
      auto m = target->FindMember(part.c_str());
      if (m == target->MemberEnd()) return where + ": unresolved $ref " + pointer;
      target = &m->value;
    }
    return validate(*target, value, where);
  }
  if (auto any = schema.FindMember("anyOf"); any != schema.MemberEnd()) {
    std::string why;
    for (const auto& option : any->value.GetArray()) {
      auto e = validate(option, value, where);
      if (!e) return std::nullopt;
      why += (why.empty() ? "" : " | ") + *e;
    }
    return where + ": matches none of anyOf (" + why + ")";
  }
  if (auto type = schema.FindMember("type"); type != schema.MemberEnd()) {
    bool ok = false;
    if (type->value.IsString()) {
      ok = has_type(value, type->value.GetString());
    } else {
      for (const auto& t : type->value.GetArray()) ok = ok || has_type(value, t.GetString());
    }
    if (!ok) return where + ": " + member_text(value) + " is not " + member_text(type->value);
  }
  if (value.IsObject()) {
    auto props = schema.FindMember("properties");
    auto extra = schema.FindMember("additionalProperties");
    for (const auto& m : value.GetObject()) {
      const std::string key(m.name.GetString(), m.name.GetStringLength());
      const std::string at = where + "." + key;
      if (props != schema.MemberEnd()) {
        if (auto p = props->value.FindMember(m.name); p != props->value.MemberEnd()) {
          if (auto e = validate(p->value, m.value, at)) return e;
          continue;
        }
      }
      if (extra != schema.MemberEnd()) {
        if (extra->value.IsBool() && !extra->value.GetBool()) {
          return at + ": key not in the documented (closed) object";
        }
        if (auto e = validate(extra->value, m.value, at)) return e;
      }
    }
    if (auto req = schema.FindMember("required"); req != schema.MemberEnd()) {
      for (const auto& name : req->value.GetArray()) {
        if (!value.HasMember(name))
          return where + ": required key '" + name.GetString() + "' missing";
      }
    }
  }
  if (value.IsArray()) {
    const auto size = static_cast<std::int64_t>(value.Size());
    if (auto min = schema.FindMember("minItems");
        min != schema.MemberEnd() && size < min->value.GetInt64()) {
      return where + ": fewer items than " + member_text(min->value);
    }
    if (auto max = schema.FindMember("maxItems");
        max != schema.MemberEnd() && size > max->value.GetInt64()) {
      return where + ": more items than " + member_text(max->value);
    }
    auto prefix = schema.FindMember("prefixItems");
    rapidjson::SizeType first_free = 0;
    if (prefix != schema.MemberEnd()) {
      for (rapidjson::SizeType i = 0; i < prefix->value.Size() && i < value.Size(); ++i) {
        if (auto e = validate(prefix->value[i], value[i], where + "[" + std::to_string(i) + "]")) {
          return e;
        }
      }
      first_free = prefix->value.Size();
    }
    if (auto items = schema.FindMember("items"); items != schema.MemberEnd()) {
      for (rapidjson::SizeType i = first_free; i < value.Size(); ++i) {
        if (auto e = validate(items->value, value[i], where + "[" + std::to_string(i) + "]")) {
          return e;
        }
      }
    }
  }
  if (value.IsString() && !api::is_big_integer(value)) {
    if (auto max = schema.FindMember("maxLength");
        max != schema.MemberEnd() &&
        utf8_chars(value) > static_cast<std::size_t>(max->value.GetInt64())) {
      return where + ": longer than " + member_text(max->value) + " characters";
    }
  }
  if (value.IsNumber()) {
    if (auto min = schema.FindMember("minimum");
        min != schema.MemberEnd() && value.GetDouble() < min->value.GetDouble()) {
      return where + ": below " + member_text(min->value);
    }
    if (auto max = schema.FindMember("maximum");
        max != schema.MemberEnd() && value.GetDouble() > max->value.GetDouble()) {
      return where + ": above " + member_text(max->value);
    }
  }
  return std::nullopt;
}

std::optional<std::string> Contract::check(const std::string& method, const std::string& path,
                                           int status, const std::string& content_type,
                                           const std::string& body) const {
  auto tmpl = template_of(method, path);
  if (!tmpl) return std::nullopt;
  const api::JsonValue& operation = doc_["paths"][tmpl->c_str()][lower(method).c_str()];
  // A route registered by hand declares nothing to check against (fixture plugins do that).
  if (operation.HasMember("x-undeclared")) return std::nullopt;
  const std::string name = method + " " + *tmpl + " " + std::to_string(status);
  auto answer = operation["responses"].FindMember(std::to_string(status).c_str());
  if (answer == operation["responses"].MemberEnd()) return name + ": status not documented";
  const std::string media = lower(content_type.substr(0, content_type.find(';')));
  auto content = answer->value["content"].FindMember(media.c_str());
  if (content == answer->value["content"].MemberEnd()) {
    return name + ": media type '" + media + "' not documented";
  }
  api::JsonDocument value;
  if (!api::parse_json(body, value).ok) return name + ": body is not JSON: " + body.substr(0, 200);
  if (auto e = validate(content->value["schema"], value, "answer")) {
    return name + ": " + *e + "\n  body: " + body.substr(0, 400);
  }
  return std::nullopt;
}

void register_contract(int port, std::shared_ptr<const Contract> contract) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  registry()[port] = std::move(contract);
}

void forget_contract(int port) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  registry().erase(port);
}

std::shared_ptr<const Contract> contract_for(int port) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto it = registry().find(port);
  return it == registry().end() ? nullptr : it->second;
}

void check_answer(int port, const std::string& method, const std::string& path, int status,
                  const std::string& content_type, const std::string& body) {
  auto contract = contract_for(port);
  if (!contract) return;
  if (auto broken = contract->check(method, path, status, content_type, body)) {
    ADD_FAILURE() << "answer breaks the API contract: " << *broken;
  }
  const char* dir = std::getenv("JOBMOND_CONTRACT_LOG");
  if (dir == nullptr || *dir == '\0') return;
  auto tmpl = contract->template_of(method, path);
  if (!tmpl) return;
  static std::mutex log_mutex;
  std::lock_guard<std::mutex> lock(log_mutex);
  std::ofstream(std::string(dir) + "/answers-" + std::to_string(::getpid()) + ".txt", std::ios::app)
      << method << " " << *tmpl << " " << status << "\n";
}

}  // namespace jobmon::testing
