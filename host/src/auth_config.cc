#include "auth_config.h"

#include <system_error>

namespace jobmon::host {

namespace {

std::optional<AuthMode> parse_mode(const std::string& text) {
  if (text == "disabled") return AuthMode::kDisabled;
  if (text == "trusted_header" || text == "trusted-header") return AuthMode::kTrustedHeader;
  if (text == "bearer" || text == "jwt") return AuthMode::kBearer;
  return std::nullopt;
}

std::filesystem::path readable_file(const std::pair<std::string, std::string>& v) {
  std::error_code ec;
  if (v.first.empty() || !std::filesystem::is_regular_file(v.first, ec)) {
    throw ConfigError(v.second + ": no such file '" + v.first + "'");
  }
  return v.first;
}

}  // namespace

AuthConfig parse_auth_config(const SettingLookup& pick) {
  AuthConfig a;
  std::optional<bool> enabled;
  if (auto v = pick("--auth-enabled", {"JOBMON__AUTH__ENABLED"})) {
    enabled = parse_bool(v->first);
    if (!enabled) {
      throw ConfigError(v->second + ": expected true/false/1/0/yes/no, got '" + v->first + "'");
    }
  }
  std::optional<std::pair<std::string, std::string>> mode_setting =
      pick("--auth-mode", {"JOBMON__AUTH__MODE"});
  std::optional<AuthMode> mode;
  if (mode_setting) {
    mode = parse_mode(mode_setting->first);
    if (!mode) {
      throw ConfigError(mode_setting->second +
                        ": expected disabled, trusted_header or bearer, got '" +
                        mode_setting->first + "'");
    }
  }
  if (enabled == false) {
    a.mode = AuthMode::kDisabled;
  } else if (mode) {
    a.mode = *mode;
  } else if (enabled == true) {
    throw ConfigError(
        "JOBMON__AUTH__ENABLED is true but JOBMON__AUTH__MODE (--auth-mode) is not set: "
        "choose trusted_header (a reverse proxy authenticates) or bearer (JWT)");
  }
  if (enabled == true && a.mode == AuthMode::kDisabled) {
    throw ConfigError("JOBMON__AUTH__ENABLED is true but the mode is 'disabled'");
  }

  if (auto v = pick("--auth-trusted-proxies", {"JOBMON__AUTH__TRUSTED_PROXIES"})) {
    a.trusted_proxies = split_list(v->first, v->second);
  }
  auto text = [&](const char* flag, const char* env, std::string& out) {
    if (auto v = pick(flag, {env})) {
      if (v->first.empty()) throw ConfigError(v->second + ": empty value");
      out = v->first;
    }
  };
  text("--auth-user-header", "JOBMON__AUTH__USER_HEADER", a.user_header);
  text("--auth-email-header", "JOBMON__AUTH__EMAIL_HEADER", a.email_header);
  text("--auth-groups-header", "JOBMON__AUTH__GROUPS_HEADER", a.groups_header);
  text("--auth-jwt-issuer", "JOBMON__AUTH__JWT_ISSUER", a.jwt_issuer);
  text("--auth-jwt-audience", "JOBMON__AUTH__JWT_AUDIENCE", a.jwt_audience);
  text("--auth-username-claim", "JOBMON__AUTH__USERNAME_CLAIM", a.username_claim);
  text("--auth-groups-claim", "JOBMON__AUTH__GROUPS_CLAIM", a.groups_claim);
  text("--auth-admin-group", "JOBMON__OIDC__ADMIN_GROUP", a.admin_group);
  text("--auth-required-group", "JOBMON__AUTH__REQUIRED_GROUP", a.required_group);
  if (auto v = pick("--admin-open", {})) {
    std::optional<bool> open = parse_bool(v->first);
    if (!open) {
      throw ConfigError(v->second + ": expected true/false/1/0/yes/no, got '" + v->first + "'");
    }
    a.admin_open = *open;
  }
  if (auto v = pick("--auth-clock-leeway", {"JOBMON__AUTH__CLOCK_LEEWAY"})) {
    a.clock_leeway = std::chrono::seconds(parse_number<int>(v->first, v->second, 0, 3600));
  }

  int key_sources = 0;
  if (auto v = pick("--auth-jwt-secret-file", {"JOBMON__AUTH__JWT_SECRET_FILE"})) {
    a.jwt_secret_file = readable_file(*v);
    ++key_sources;
  }
  if (auto v = pick("--auth-jwt-public-key-file", {"JOBMON__AUTH__JWT_PUBLIC_KEY_FILE"})) {
    a.jwt_public_key_file = readable_file(*v);
    ++key_sources;
  }
  if (auto v = pick("--auth-jwks-file", {"JOBMON__AUTH__JWKS_FILE"})) {
    a.jwks_file = readable_file(*v);
    ++key_sources;
  }
  if (a.mode == AuthMode::kBearer && key_sources != 1) {
    throw ConfigError(
        "bearer authentication needs exactly one key source: JOBMON__AUTH__JWT_SECRET_FILE "
        "(HS256), JOBMON__AUTH__JWT_PUBLIC_KEY_FILE (PEM) or JOBMON__AUTH__JWKS_FILE");
  }
  return a;
}

CorsConfig parse_cors_config(const SettingLookup& pick) {
  CorsConfig c;
  if (auto v = pick("--cors-allowed-origins", {"JOBMON__CORS__ALLOWED_ORIGINS"})) {
    c.allowed_origins = split_list(v->first, v->second);
  }
  return c;
}

std::string describe(const AuthConfig& a) {
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out;
  };
  switch (a.mode) {
    case AuthMode::kDisabled:
      return "authentication disabled (every request is the anonymous user)";
    case AuthMode::kTrustedHeader:
      return "authentication by trusted header " + a.user_header + " from " +
             join(a.trusted_proxies) + " on v3 routes";
    case AuthMode::kBearer: {
      std::string keys = !a.jwt_secret_file.empty() ? "secret file " + a.jwt_secret_file.string()
                         : !a.jwt_public_key_file.empty()
                             ? "public key " + a.jwt_public_key_file.string()
                             : "JWKS " + a.jwks_file.string();
      return "authentication by bearer JWT (" + keys +
             (a.jwt_issuer.empty() ? "" : ", issuer " + a.jwt_issuer) +
             (a.jwt_audience.empty() ? "" : ", audience " + a.jwt_audience) + ") on v3 routes";
    }
  }
  return "";
}

}  // namespace jobmon::host
