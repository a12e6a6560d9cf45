// Regressions for two measured hazards (docs/dependencies.md §5.7 and §6): Pistache's route table
// is mutated by the first request of each method, racing across threads (we dispatch through our
// own immutable table); and a static orm library linked into plugins would give each its own
// copy (liborm must be one shared library, mapped once).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "jobmond_process.h"

namespace jobmon::host {
namespace {

using testing::HttpClient;
using testing::JobmondProcess;

TEST(ConcurrencyTest, EveryMethodFromManyThreadsAtOnceIsAnsweredCorrectly) {
  JobmondProcess server({"--threads", "4"});
  struct Case {
    const char* method;
    const char* path;
    int status;
  };
  const std::vector<Case> cases = {
      {"GET", "/api/v2/health", 200},      {"POST", "/api/v2/health", 405},
      {"PUT", "/api/v3/time", 405},        {"DELETE", "/api/v3/", 405},
      {"PATCH", "/api/v2/nowhere", 404},   {"OPTIONS", "/api/v3/health", 405},
      {"GET", "/api/v3/api_version", 200},
  };
  std::atomic<int> wrong{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(server.port());
      for (int i = 0; i < 60; ++i) {
        const Case& c = cases[static_cast<std::size_t>(t + i) % cases.size()];
        if (client.request(c.method, c.path, "").status != c.status) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0) << server.output();
  HttpClient after(server.port());
  EXPECT_EQ(after.get("/api/v2/health").status, 200);
}

TEST(ConcurrencyTest, HostAndPluginsShareOneOrmLibrary) {
  JobmondProcess server;
  std::ifstream maps("/proc/" + std::to_string(server.pid()) + "/maps");
  std::set<std::string> orm_copies, plugins;
  std::string line;
  while (std::getline(maps, line)) {
    auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(slash);
    std::string file = path.substr(path.rfind('/') + 1);
    if (file.rfind("liborm.so", 0) == 0) orm_copies.insert(path);
    if (file == "v2.so" || file == "v3.so" || file == "compat.so") plugins.insert(file);
  }
  EXPECT_EQ(plugins.size(), 3u);
  EXPECT_EQ(orm_copies.size(), 1u);
}

}  // namespace
}  // namespace jobmon::host
