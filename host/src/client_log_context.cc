#include "client_log_context.h"

#include <algorithm>
#include <string>

namespace jobmon::host {

namespace {

// What the Jobmon client binds: the workflow run's ids (the swarm, the distributor), the task
// instance and cluster (a worker node), the array batch (an array worker, the distributor). The
// 3.6 client sends the ids it binds for itself with the "telemetry_" prefix, and the distributor's
// per-call ids without it; the 3.4 client sends an empty object.
constexpr std::string_view kClientKeys[] = {"workflow_id", "workflow_run_id", "task_instance_id",
                                            "array_id",    "batch_number",    "cluster_name"};
constexpr std::string_view kTelemetryPrefix = "telemetry_";

// A context the client sends is a few ids: anything much larger is not one.
constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr std::size_t kMaxStringValueBytes = 256;

bool acceptable_value(const api::JsonValue& v) {
  if (v.IsString()) return v.GetStringLength() <= kMaxStringValueBytes;
  return v.IsInt64() || v.IsUint64() || v.IsBool();
}

}  // namespace

bool is_client_context_key(std::string_view key) {
  if (key.substr(0, kTelemetryPrefix.size()) == kTelemetryPrefix) {
    key.remove_prefix(kTelemetryPrefix.size());
  }
  return std::find(std::begin(kClientKeys), std::end(kClientKeys), key) != std::end(kClientKeys);
}

void write_client_context(api::JsonWriter& w, std::string_view header,
                          std::vector<std::string>& written) {
  if (header.empty() || header.size() > kMaxHeaderBytes) return;
  api::JsonDocument ctx;
  if (!api::parse_json(header, ctx).ok || !ctx.IsObject()) return;
  for (const auto& m : ctx.GetObject()) {
    const std::string_view key(m.name.GetString(), m.name.GetStringLength());
    if (!is_client_context_key(key) || !acceptable_value(m.value) ||
        std::find(written.begin(), written.end(), key) != written.end()) {
      continue;
    }
    w.key(key).value(m.value);
    written.emplace_back(key);
  }
}

}  // namespace jobmon::host
