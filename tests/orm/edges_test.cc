// The edge table's node-id lists (orm/edges.h): every form a Jobmon server stores is read, the
// two forms jobmond writes are what each Python server writes, and anything else is no list.
#include "jobmon/orm/edges.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jobmon/orm/warnings.h"

namespace jobmon::orm {
namespace {

using Ids = std::vector<std::int64_t>;

std::optional<Ids> ids_of(const char* stored) { return read_node_ids(std::string(stored)).ids; }

TEST(EdgesTest, ReadsEveryStoredForm) {
  EXPECT_EQ(ids_of("[6, 3]"), Ids({6, 3}));           // 3.6: a JSON array
  EXPECT_EQ(ids_of(R"("[6, 3]")"), Ids({6, 3}));      // 3.4: a JSON string of str(list)
  EXPECT_EQ(ids_of(R"("\"[6, 3]\"")"), Ids({6, 3}));  // double-encoded
  EXPECT_EQ(ids_of("[6,3]"), Ids({6, 3}));            // MySQL's own JSON text, compacted
  EXPECT_EQ(ids_of(" [ 1 ,2 ] "), Ids({1, 2}));
  EXPECT_EQ(ids_of("[]"), Ids{});
  EXPECT_EQ(ids_of(R"("[]")"), Ids{});
  EXPECT_EQ(ids_of(R"("\u005b7\u005d")"), Ids({7}));
}

TEST(EdgesTest, NoListIsNotUnreadable) {
  for (const char* none : {"null", "", "  ", R"("")", R"(" ")", R"("null")"}) {
    auto read = read_node_ids(std::string(none));
    EXPECT_FALSE(read.ids) << none;
    EXPECT_FALSE(read.unreadable) << none;
  }
  EXPECT_FALSE(read_node_ids(std::nullopt).ids);
  EXPECT_FALSE(read_node_ids(std::nullopt).unreadable);
}

TEST(EdgesTest, AnythingElseIsUnreadable) {
  for (const char* odd :
       {"[1, 2,]", "[1.5]", R"(["1"])", "{}", "7", "[1 2]", "[", "true", R"("[1, 2")",
        R"("\"\"[1]\"\"")", "[99999999999999999999]", R"("\"\\\"[1]\\\"\"")"}) {
    auto read = read_node_ids(std::string(odd));
    EXPECT_TRUE(read.unreadable) << odd;
    EXPECT_FALSE(read.ids) << odd;
  }
}

std::string last_warning;
void remember(std::string_view m) { last_warning = m; }

TEST(EdgesTest, UnreadableCellsAreWarnedAboutAndReadAsNoList) {
  set_warning_sink(remember);
  EXPECT_FALSE(node_ids_or_warn(std::string("{\"a\": 1}"), "edge of dag 3, node 7"));
  EXPECT_EQ(last_warning,
            "unreadable node id list in edge of dag 3, node 7, read as no edges: {\"a\": 1}");
  last_warning.clear();
  EXPECT_EQ(node_ids_or_warn(std::string("null"), "x"), std::nullopt);
  EXPECT_EQ(last_warning, "");
  set_warning_sink(nullptr);
}

TEST(EdgesTest, WritesEachServersForm) {
  EXPECT_EQ(stored_node_ids({6, 3}, EdgeForm::kPythonListString), R"("[6, 3]")");
  EXPECT_EQ(stored_node_ids({6, 3}, EdgeForm::kJsonArray), "[6, 3]");
  EXPECT_EQ(stored_node_ids({}, EdgeForm::kPythonListString), "null");
  EXPECT_EQ(stored_node_ids({}, EdgeForm::kJsonArray), "null");
  EXPECT_EQ(python_int_list_text({3, 4}), "[3, 4]");
  EXPECT_EQ(python_int_list_text({}), "[]");
  for (auto form : {EdgeForm::kPythonListString, EdgeForm::kJsonArray}) {
    EXPECT_EQ(read_node_ids(stored_node_ids({5, 1, 9}, form)).ids, Ids({5, 1, 9}));
  }
}

}  // namespace
}  // namespace jobmon::orm
