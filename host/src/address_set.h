#pragma once
// A set of IP networks (CIDR blocks or single addresses), for deciding whether a peer is one
// of the configured reverse proxies. IPv4-mapped IPv6 peers (::ffff:a.b.c.d) match IPv4 blocks.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jobmon::host {

class AddressSet {
 public:
  // Each item "a.b.c.d/n", "x::y/n" or a plain address. Throws ConfigError on a bad item
  // (the message names `what`).
  static AddressSet parse(const std::vector<std::string>& items, const std::string& what);

  // `address` as the socket layer prints it ("127.0.0.1", "::1", "[::1]"); false when it
  // does not parse.
  bool contains(std::string_view address) const;

 private:
  struct Network {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 stored in the first 4 bytes
    bool v6 = false;
    int prefix = 0;
  };
  static bool parse_address(std::string_view text, Network& out);
  std::vector<Network> networks_;
};

}  // namespace jobmon::host
