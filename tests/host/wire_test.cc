// The typed wire vocabulary (host/include/jobmon/wire.h, route.h): what a declared field accepts
// and refuses with which message, what an answer looks like, and the schemas both produce.
#include "jobmon/wire.h"

#include <gtest/gtest.h>

#include "jobmon/route.h"

namespace jobmon::api {
namespace {

struct Inner {
  std::int64_t id = 0;
  std::optional<std::string> note;
  static constexpr auto fields() {
    return std::tuple{field("id", &Inner::id), field("note", &Inner::note)};
  }
};

struct Sample {
  std::int64_t count = 0;
  Seconds every;
  std::optional<PyStr> label;
  std::string name;
  BigInt hash;
  std::vector<Inner> items;
  std::optional<bool> flag;
  static constexpr auto fields() {
    return std::tuple{field("count", &Sample::count, "How many."),
                      field("every", &Sample::every),
                      field("label", &Sample::label).max_length(3),
                      field("name", &Sample::name).max_length(4),
                      field("hash", &Sample::hash),
                      field("items", &Sample::items),
                      field("flag", &Sample::flag)};
  }
};

struct Parsed {
  JsonDocument doc;
  Request req;
  explicit Parsed(const std::string& body) {
    req.path = "/api/v2/sample";
    if (!parse_json(body, doc).ok) {
      req.json_error = "not JSON";
    } else {
      req.json = &doc;
    }
  }
};

std::string error_of(const std::string& body) {
  Parsed p(body);
  try {
    read_body<Sample>(p.req);
    return "";
  } catch (const InvalidUsage& e) {
    return e.what();
  }
}

const std::string kGood =
    R"({"count":"7","every":90,"label":1.5,"name":"ab","hash":123456789012345678901234567890,)"
    R"("items":[{"id":1},{"id":2.0,"note":"x"}],"extra":[1]})";

TEST(WireTest, ReadsWhatTheClientSends) {
  Parsed p(kGood);
  Sample s = read_body<Sample>(p.req);
  EXPECT_EQ(s.count, 7);  // a digit string, as the reference's int() takes it
  EXPECT_EQ(s.every.value, 90.0);
  ASSERT_TRUE(s.label);
  EXPECT_EQ(*s.label, "1.5");  // Python str() of a float
  EXPECT_EQ(s.hash, "123456789012345678901234567890");
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(s.items[1].id, 2);  // an integral float
  EXPECT_EQ(s.items[1].note, "x");
  EXPECT_FALSE(s.flag);
}

TEST(WireTest, NamesTheFirstBadFieldInDeclarationOrder) {
  const std::string msg = "in request to /api/v2/sample";
  EXPECT_EQ(error_of(R"({"every":90})"), "'count' " + msg);
  EXPECT_EQ(error_of(R"({"count":null,"every":"x"})"), "'count' " + msg);  // null is missing
  EXPECT_EQ(error_of(R"({"count":1,"every":1e12})"), "'every' " + msg);    // beyond ten years
  EXPECT_EQ(error_of(R"({"count":1,"every":1,"label":"long","name":"a"})"), "'label' " + msg);
  EXPECT_EQ(error_of(R"({"count":1,"every":1,"name":"héllo"})"), "'name' " + msg);  // 5 chars
  EXPECT_EQ(error_of(R"({"count":1,"every":1,"name":"héll","hash":"x"})"), "'hash' " + msg);
  // A bad value deep inside a field names the field.
  EXPECT_EQ(error_of(R"({"count":1,"every":1,"name":"a","hash":1,"items":[{"id":"y"}]})"),
            "'items' " + msg);
  EXPECT_EQ(error_of("[1]"), "request body must be a JSON object " + msg);
  EXPECT_EQ(error_of("{"), "not JSON " + msg);
}

TEST(WireTest, PyStrIsPythonsStrOfAScalar) {
  JsonDocument d;
  PyStr out;
  for (const auto& [json, text] : std::vector<std::pair<std::string, std::string>>{
           {R"("x")", "x"},
           {"3", "3"},
           {"2.5", "2.5"},
           {"true", "True"},
           {"1e-05", "1e-05"},
           {"115792089237316195423570985008687907853269984665640564039457584007913129639935",
            "115792089237316195423570985008687907853269984665640564039457584007913129639935"}}) {
    ASSERT_TRUE(parse_json(json, d).ok);
    ASSERT_TRUE(Wire<PyStr>::read(d, out)) << json;
    EXPECT_EQ(out, text);
  }
  ASSERT_TRUE(parse_json("[1]", d).ok);
  EXPECT_FALSE(Wire<PyStr>::read(d, out));
}

TEST(WireTest, AnEmptyBodyIsTheReferencesJsonError) {
  Request req;
  req.path = "/api/v2/tool";
  try {
    read_body<Sample>(req);
    FAIL();
  } catch (const InvalidUsage& e) {
    EXPECT_STREQ(e.what(), "Expecting value: line 1 column 1 (char 0) in request to /api/v2/tool");
  }
}

TEST(WireTest, AKeySentTwiceCountsWithItsLastValue) {
  Parsed p(R"({"count":1,"every":1,"name":"a","hash":1,"items":[],"count":"x"})");
  EXPECT_THROW(read_body<Sample>(p.req), InvalidUsage);  // Python's json.loads keeps "x"
  Parsed q(R"({"count":"x","every":1,"name":"a","hash":1,"items":[],"count":2})");
  EXPECT_EQ(read_body<Sample>(q.req).count, 2);
}

TEST(WireTest, BoolsAcceptZeroAndOneOnly) {
  bool b = false;
  JsonDocument d;
  parse_json("1", d);
  EXPECT_TRUE(Wire<bool>::read(d, b) && b);
  parse_json("2", d);
  EXPECT_FALSE(Wire<bool>::read(d, b));
  parse_json(R"("true")", d);
  EXPECT_FALSE(Wire<bool>::read(d, b));
}

struct Answer {
  std::int64_t id = 0;
  std::optional<std::string> maybe;
  Omittable<std::string> sometimes;
  std::tuple<std::int64_t, std::string> pair;
  Object<std::int64_t> ordered;
  std::map<std::int64_t, std::vector<std::int64_t>> by_id;
  BigInt big;
  static constexpr auto fields() {
    return std::tuple{field("id", &Answer::id),
                      field("maybe", &Answer::maybe),
                      field("sometimes", &Answer::sometimes),
                      field("pair", &Answer::pair),
                      field("ordered", &Answer::ordered),
                      field("by_id", &Answer::by_id),
                      field("big", &Answer::big)};
  }
};

TEST(WireTest, WritesAnswersInFieldOrder) {
  Answer a;
  a.id = 3;
  a.pair = {1, "R"};
  a.ordered.set("z", 1);
  a.ordered.set("a", 2);
  a.ordered.set("z", 3);  // keeps its place, takes the last value (a Python dict)
  a.by_id[10] = {1, 2};
  a.by_id[2] = {};
  a.big = "123456789012345678901234567890";
  EXPECT_EQ(to_json_text(a),
            R"({"id":3,"maybe":null,"pair":[1,"R"],"ordered":{"z":3,"a":2},)"
            R"("by_id":{"2":[],"10":[1,2]},"big":123456789012345678901234567890})");
  a.sometimes = "here";
  EXPECT_NE(to_json_text(a).find(R"("sometimes":"here")"), std::string::npos);
}

TEST(WireTest, AnswerSchemasAreClosedWithEveryKeyRequired) {
  JsonDocument s;
  ASSERT_TRUE(parse_json(schema_text<Answer>(true), s).ok);
  EXPECT_FALSE(s["additionalProperties"].GetBool());
  std::vector<std::string> required;
  for (const auto& r : s["required"].GetArray()) required.emplace_back(r.GetString());
  EXPECT_EQ(required, (std::vector<std::string>{"id", "maybe", "pair", "ordered", "by_id", "big"}));
  EXPECT_EQ(to_json(s["properties"]["maybe"]), R"({"anyOf":[{"type":"string"},{"type":"null"}]})");
  EXPECT_EQ(to_json(s["properties"]["pair"]["prefixItems"]),
            R"([{"type":"integer"},{"type":"string"}])");
}

TEST(WireTest, RequestSchemasRequireWhatIsNotOptionalAndStayOpen) {
  JsonDocument s;
  ASSERT_TRUE(parse_json(schema_text<Sample>(false), s).ok);
  EXPECT_FALSE(s.HasMember("additionalProperties"));
  std::vector<std::string> required;
  for (const auto& r : s["required"].GetArray()) required.emplace_back(r.GetString());
  EXPECT_EQ(required, (std::vector<std::string>{"count", "every", "name", "hash", "items"}));
  EXPECT_EQ(s["properties"]["name"]["maxLength"].GetInt(), 4);
  EXPECT_EQ(std::string(s["properties"]["count"]["description"].GetString()), "How many.");
}

struct Filter {
  std::int64_t workflow_id = 0;
  std::optional<std::int64_t> limit;
  std::vector<std::int64_t> task_ids;
  std::optional<bool> verbose;
  std::vector<std::string> status;
  static constexpr auto fields() {
    return std::tuple{field("workflow_id", &Filter::workflow_id).at_least(1),
                      field("limit", &Filter::limit), field("task_ids", &Filter::task_ids),
                      field("verbose", &Filter::verbose),
                      field("status", &Filter::status).at_least_once()};
  }
};

std::string query_error(const std::vector<std::pair<std::string, std::string>>& items) {
  Request req;
  for (const auto& [k, v] : items) {
    req.query[k] = v;
    req.query_items.emplace_back(k, v);
  }
  try {
    read_query<Filter>(req);
    return "";
  } catch (const JsonError& e) {
    EXPECT_EQ(e.status(), 422);
    return e.what();
  }
}

TEST(WireTest, QueryParametersAnswer422InFastApisShape) {
  EXPECT_EQ(query_error({}), R"({"detail":[{"type":"missing","loc":["query","workflow_id"],)"
                             R"("msg":"Field required","input":null}]})");
  EXPECT_EQ(query_error({{"workflow_id", "0"}}),
            R"({"detail":[{"type":"greater_than_equal","loc":["query","workflow_id"],)"
            R"("msg":"Input should be greater than or equal to 1","input":"0","ctx":{"ge":1}}]})");
  EXPECT_EQ(query_error({{"workflow_id", "1"}, {"task_ids", "2"}, {"task_ids", "x"}}),
            R"({"detail":[{"type":"int_parsing","loc":["query","task_ids",1],)"
            R"("msg":"Input should be a valid integer, unable to parse string as an integer",)"
            R"("input":"x"}]})");
  EXPECT_NE(query_error({{"workflow_id", "1"}, {"verbose", "maybe"}}).find("bool_parsing"),
            std::string::npos);
  EXPECT_EQ(query_error({{"workflow_id", "1"}}),
            R"({"detail":[{"type":"missing","loc":["query","status"],)"
            R"("msg":"Field required","input":null}]})");
  Request req;
  req.query = {{"workflow_id", "5"}, {"verbose", "Yes"}, {"status", "R"}};
  req.query_items = {{"task_ids", "3"}, {"task_ids", "4"}, {"status", "R"}};
  Filter f = read_query<Filter>(req);
  EXPECT_EQ(f.workflow_id, 5);
  EXPECT_EQ(f.task_ids, (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(f.verbose, true);
  EXPECT_FALSE(f.limit);
}

struct Echo {
  static constexpr Method kMethod = Method::kPost;
  static constexpr const char* kPath = "/echo/{n:int}";
  static constexpr const char* kSummary = "Echo.";
  struct Body {
    std::int64_t value = 0;
    static constexpr auto fields() { return std::tuple{field("value", &Body::value)}; }
  };
  struct Answer {
    std::int64_t value = 0, n = 0;
    static constexpr auto fields() {
      return std::tuple{field("value", &Answer::value), field("n", &Answer::n)};
    }
  };
  using Errors = api::Errors<Error<404, ErrorMessage>>;
  static Answer handle(int offset, const In<Body>& in) {
    if (in.body.value < 0) fail_with(404, ErrorMessage{"negative"});
    return {in.body.value + offset, in.path_int("n")};
  }
};

TEST(RouteTest, OneDeclarationGivesTheHandlerAndItsDocument) {
  RouteSpec spec = make_route<Echo>(100);
  EXPECT_EQ(spec.path, "/echo/{n:int}");
  ASSERT_EQ(spec.answers.size(), 2u);
  EXPECT_EQ(spec.answers[0].status, 200);
  EXPECT_EQ(spec.answers[1].status, 404);
  EXPECT_NE(spec.request_schema.find(R"("required":["value"])"), std::string::npos);

  Parsed p(R"({"value":5})");
  p.req.path_params = {{"n", "9"}};
  Response r = spec.handler(p.req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"value":105,"n":9})");

  Parsed bad(R"({"value":-1})");
  try {
    spec.handler(bad.req);
    FAIL() << "no error answer";
  } catch (const JsonError& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_STREQ(e.what(), R"({"error":"negative"})");
  }
}

}  // namespace
}  // namespace jobmon::api
