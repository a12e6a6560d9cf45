// The CLI routes' computations without a server: pandas' to_json text, the numpy/scipy
// statistics (values worked out by hand and checked with scipy 1.10 / numpy 1.24) and the
// scikit-learn error clustering.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "common/cli/error_clusters.h"
#include "common/cli/pandas_json.h"
#include "common/cli/statistics.h"

namespace jobmon::routes::cli {
namespace {

// Integer samples: stats has an int64 and a double overload of mean and t_interval.
using I = std::vector<std::int64_t>;

TEST(PandasJson, StringsAreEscapedAsUjsonDoes) {
  EXPECT_EQ(ujson_string("a/b\"c\\"), R"("a\/b\"c\\")");
  EXPECT_EQ(ujson_string("\xc3\xa9\n\t"), R"("\u00e9\n\t")");        // é
  EXPECT_EQ(ujson_string("\xf0\x9f\x98\x80"), R"("\ud83d\ude00")");  // 😀, a surrogate pair
  EXPECT_EQ(ujson_string(std::string("\x01", 1)), R"("\u0001")");
}

TEST(PandasJson, DatetimesAreEpochMilliseconds) {
  EXPECT_EQ(epoch_millis("2024-01-02 03:04:05"), 1704164645000);
  EXPECT_EQ(epoch_millis("2024-01-02T03:04:05"), 1704164645000);
  EXPECT_EQ(epoch_millis("1969-12-31 23:59:59"), -1000);
  EXPECT_EQ(epoch_millis("2000-02-29 00:00:00"), 951782400000);
  EXPECT_FALSE(epoch_millis("yesterday"));
}

struct Row {
  std::int64_t ID = 0;
  std::optional<std::string> NAME;
  static constexpr auto fields() {
    return std::tuple{api::field("ID", &Row::ID), api::field("NAME", &Row::NAME)};
  }
};
struct NoRows {
  std::int64_t ID = 0;
  static constexpr auto fields() { return std::tuple{api::field("ID", &NoRows::ID)}; }
};

TEST(PandasJson, ColumnsOrientedTableInAString) {
  DataFrame<Row> df;
  EXPECT_EQ(api::to_json_text(df), R"("{\"ID\":{},\"NAME\":{}}")");
  df.rows.push_back({3, "x/y"});
  df.rows.push_back({4, std::nullopt});
  EXPECT_EQ(dataframe_text(df.rows), R"({"ID":{"0":3,"1":4},"NAME":{"0":"x\/y","1":null}})");
  EXPECT_EQ(api::to_json_text(df),
            R"("{\"ID\":{\"0\":3,\"1\":4},\"NAME\":{\"0\":\"x\\/y\",\"1\":null}}")");
  // A table without rows may have other columns (the reference builds it apart).
  EXPECT_EQ(api::to_json_text(DataFrame<Row, NoRows>{}), R"("{\"ID\":{}}")");
}

TEST(Statistics, RoundingAsPythonAndNumpy) {
  EXPECT_DOUBLE_EQ(stats::round_to(2.675, 2), 2.67);  // 2.67499999... in binary
  EXPECT_DOUBLE_EQ(stats::round_to(0.125, 2), 0.12);  // an exact tie goes to even
  EXPECT_DOUBLE_EQ(stats::round_to(250.0, 2), 250.0);
  EXPECT_EQ(stats::round_half_even(2.5), 2);
  EXPECT_EQ(stats::round_half_even(3.5), 4);
  EXPECT_EQ(stats::round_half_even(2.6), 3);
}

TEST(Statistics, MeanAndMedian) {
  EXPECT_DOUBLE_EQ(stats::mean(I{1, 2, 4}), 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(stats::median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(stats::median({5, 1, 3}), 3.0);
  EXPECT_DOUBLE_EQ(stats::median({7}), 7.0);
}

TEST(Statistics, StudentTIntervalMatchesScipy) {
  // mean 250, s = sqrt(50000 / 3), sem = s / 2, t(0.975, 3) = 3.18245: scipy [44.57, 455.43].
  auto ci = stats::t_interval(I{100, 200, 300, 400}, 0.95);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->first, 2), 44.57);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->second, 2), 455.43);
  // mean 20, s = 10, sem = 5.7735, t(0.975, 2) = 4.30265: scipy [-4.84, 44.84].
  ci = stats::t_interval(I{10, 20, 30}, 0.95);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->first, 2), -4.84);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->second, 2), 44.84);
  // Two values (the reference's test_tt_resource_usage_with_0: memory 100, 0, 200 with the 0
  // left out): t(0.975, 1) = 12.7062, scipy [-485.31, 785.31] and [-48.53, 78.53].
  ci = stats::t_interval(I{100, 200}, 0.95);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->first, 2), -485.31);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->second, 2), 785.31);
  ci = stats::t_interval(I{10, 20}, 0.95);
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->first, 2), -48.53);
  EXPECT_DOUBLE_EQ(stats::round_to(ci->second, 2), 78.53);
  ci = stats::t_interval(I{10, 20, 30}, 0.0);  // a zero-width interval
  ASSERT_TRUE(ci);
  EXPECT_DOUBLE_EQ(ci->first, 20.0);
  // scipy gives nan (no interval) for zero spread, one value, or a confidence of 1 or more.
  EXPECT_FALSE(stats::t_interval(I{5, 5}, 0.9));
  EXPECT_FALSE(stats::t_interval(I{5}, 0.9));
  EXPECT_FALSE(stats::t_interval(I{1, 2}, 1.0));
  EXPECT_FALSE(stats::t_interval(I{1, 2}, -0.5));
}

TEST(ErrorClusters, TokensAreLowerCasedWordsOfTwoOrMoreCharacters) {
  EXPECT_EQ(error_log_tokens("Disk FULL on node_7, a b!"),
            (std::vector<std::string>{"disk", "full", "on", "node_7"}));
  EXPECT_TRUE(error_log_tokens("! ? a").empty());
}

TEST(ErrorClusters, GroupsByTfIdfScoreLargestFirst) {
  std::vector<ErrorLogEntry> entries = {
      {1, 11, "t1", "disk full", 5, 9},
      {2, 12, "t2", "timeout", 5, 9},
      {3, 13, "t3", "Disk, full.", 6, 9},
      {4, 14, "t4", "!!", 6, 9},  // no token: no score, no group
  };
  auto groups = cluster_error_logs(entries);
  ASSERT_EQ(groups.size(), 2u);
  // "disk full": both terms idf ln(5/3) + 1, unit row (1/sqrt 2, 1/sqrt 2): score 1/sqrt(2).
  EXPECT_NEAR(groups[0].score, 1.0 / std::sqrt(2.0), 1e-12);
  EXPECT_EQ(groups[0].count, 2);
  EXPECT_EQ(groups[0].task_instance_ids, (std::vector<std::int64_t>{11, 13}));
  EXPECT_EQ(groups[0].task_ids, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(groups[0].sample_error, "disk full");
  EXPECT_EQ(groups[0].first_error_time, "t1");
  EXPECT_EQ(groups[0].workflow_run_id, 5);
  // "timeout" alone: a single weight scaled to 1.
  EXPECT_DOUBLE_EQ(groups[1].score, 1.0);
  EXPECT_EQ(groups[1].count, 1);
}

}  // namespace
}  // namespace jobmon::routes::cli
