#include "address_set.h"

#include <arpa/inet.h>

#include <cstring>

#include "settings.h"

namespace jobmon::host {

bool AddressSet::parse_address(std::string_view text, Network& out) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  const std::string s(text);
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out.v6 = false;
    std::memcpy(out.bytes.data(), &v4, 4);
    return true;
  }
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(&v6, kMapped, 12) == 0) {  // ::ffff:a.b.c.d is an IPv4 peer
      out.v6 = false;
      std::memcpy(out.bytes.data(), reinterpret_cast<const std::uint8_t*>(&v6) + 12, 4);
    } else {
      out.v6 = true;
      std::memcpy(out.bytes.data(), &v6, 16);
    }
    return true;
  }
  return false;
}

AddressSet AddressSet::parse(const std::vector<std::string>& items, const std::string& what) {
  AddressSet set;
  for (const std::string& item : items) {
    const std::size_t slash = item.find('/');
    Network n;
    if (!parse_address(std::string_view(item).substr(0, slash), n)) {
      throw ConfigError(what + ": '" + item + "' is not an IP address or CIDR block");
    }
    const int width = n.v6 ? 128 : 32;
    n.prefix = width;
    if (slash != std::string::npos) {
      n.prefix = parse_number<int>(item.substr(slash + 1), what + " ('" + item + "')", 0, width);
    }
    set.networks_.push_back(n);
  }
  return set;
}

bool AddressSet::contains(std::string_view address) const {
  Network peer;
  if (!parse_address(address, peer)) return false;
  for (const Network& n : networks_) {
    if (n.v6 != peer.v6) continue;
    int bits = n.prefix;
    std::size_t i = 0;
    for (; bits >= 8; bits -= 8, ++i) {
      if (n.bytes[i] != peer.bytes[i]) break;
    }
    if (bits >= 8) continue;  // a whole byte differed
    if (bits == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((n.bytes[i] & mask) == (peer.bytes[i] & mask)) return true;
  }
  return false;
}

}  // namespace jobmon::host
