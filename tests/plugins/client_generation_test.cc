// The client-version rule of /api/v3 (plugins/common/core/client_generation.h): the Jobmon 3.6
// server's own examples, and Python int()'s edges.
#include "common/core/client_generation.h"

#include <gtest/gtest.h>

namespace jobmon::routes {
namespace {

constexpr auto k34 = ClientGeneration::kJobmon34;
constexpr auto k36 = ClientGeneration::kJobmon36;

TEST(ClientGenerationTest, NoVersionIsThe34Contract) {
  EXPECT_EQ(client_generation(std::nullopt), k34);
  EXPECT_EQ(client_generation(std::string_view("")), k34);
  EXPECT_EQ(client_generation(std::string_view(" ")), k34);
}

TEST(ClientGenerationTest, ComparedWithTheCutoff) {
  for (const char* old : {"3.4.23", "3.4", "3", "3.4.0", "3.3.99", "2.9", "0", "3.4.23.0",
                          "03.04.23", " 3.4.23", "3.4.2_3", "-4", "+3.4.23"}) {
    EXPECT_EQ(client_generation(std::string_view(old)), k34) << old;
  }
  for (const char* fresh : {"3.4.24", "3.4.23.1", "3.5", "3.6.0", "4", "10.0", "3.4.2_4",
                            "3.4.99999999999999999999999", " 3.6.0 "}) {
    EXPECT_EQ(client_generation(std::string_view(fresh)), k36) << fresh;
  }
}

TEST(ClientGenerationTest, DevAndStageBuildsAreNew) {
  for (const char* dev :
       {"3.6.1.dev11", "3.4.24.dev46", "3.4.1.dev1", "0.0.0.DEV", "3.4.stage1", "devel", "Stage"}) {
    EXPECT_EQ(client_generation(std::string_view(dev)), k36) << dev;
  }
}

// A part Python's int() refuses makes the version unreadable: the 3.4 contract, for safety.
TEST(ClientGenerationTest, UnreadableVersionsAreThe34Contract) {
  for (const char* odd : {"3.6.0rc1", "3.5.0rc4", "3.6.0.post1", "3.6.0+local", "v3.6.0", "3..6",
                          "3.6.", ".3.6", "3.6_", "3.6__0", "3._6", "3.6 0", "three", "3.6-1"}) {
    EXPECT_EQ(client_generation(std::string_view(odd)), k34) << odd;
  }
}

TEST(ClientGenerationTest, ReadFromTheRequestsLastParameter) {
  api::Request req;
  EXPECT_EQ(client_generation(req), k34);
  req.query["client_jobmon_version"] = "3.6.0";
  EXPECT_EQ(client_generation(req), k36);
  req.query["client_jobmon_version"] = "3.4.10";
  EXPECT_EQ(client_generation(req), k34);
}

}  // namespace
}  // namespace jobmon::routes
