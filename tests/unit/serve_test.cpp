// The service's library without sockets: Api::handle over an in-memory SQLite store.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "opticplan/serve/api.h"
#include "opticplan/serve/jobs.h"
#include "opticplan/serve/stored_scenario.h"
#include "opticplan/serve/tokens.h"

namespace {

using namespace opticplan::serve;
using nlohmann::json;

constexpr const char* kPlan = R"(name: two weeks
supply:
  calendar: {start: 2026-W01, periods: 2}
  customers: [{id: buyer}]
  items: [{id: module}]
  suppliers: [{id: maker, item: module, capacity: 100}]
)";

class ServeTest : public ::testing::Test {
 protected:
  ServeTest() {
    store.add_token(token_hash(write), "write", "test");
    store.add_token(token_hash(read), "read", "test");
  }
  ApiResponse call(const std::string& method, const std::string& path, const std::string& body = "",
                   const std::string* token = nullptr) {
    return api.handle({method, path, {}, "Bearer " + (token ? *token : write), body});
  }
  Store store{open_database(":memory:")};
  PromiseDesk desk{store};
  JobRunner jobs{store, 0};
  Api api{store, desk, jobs};
  std::string write = new_token(), read = new_token();
};

TEST(Tokens, AreRandomAndHashed) {
  const std::string a = new_token(), b = new_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 44u);
  EXPECT_EQ(token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // SHA-256 test vector
}

TEST_F(ServeTest, RolesAndTokens) {
  EXPECT_EQ(api.handle({"GET", "/api/scenarios", {}, "", ""}).status, 401);
  EXPECT_EQ(api.handle({"GET", "/api/scenarios", {}, "Bearer nope", ""}).status, 401);
  EXPECT_EQ(call("GET", "/api/scenarios", "", &read).status, 200);
  EXPECT_EQ(call("POST", "/api/scenarios", json{{"text", kPlan}}.dump(), &read).status, 403);
  EXPECT_EQ(call("POST", "/api/scenarios", json{{"text", kPlan}}.dump()).status, 201);
  EXPECT_EQ(api.handle({"GET", "/api/health", {}, "", ""}).status, 200);
}

TEST_F(ServeTest, QuoteCommitNeverPromisesTwice) {
  ASSERT_EQ(call("POST", "/api/scenarios", json{{"id", "s"}, {"text", kPlan}}.dump()).status, 201);
  const json order = {
      {"customer", "buyer"}, {"item", "module"}, {"quantity", 150}, {"due", "2026-W02"}, {"max_lateness", 0}};
  const auto q = json::parse(call("POST", "/api/scenarios/s/quote", order.dump(), &read).body);
  EXPECT_EQ(q["order"]["on_time"], 150);
  json with_promise = order;
  with_promise["promise"] = q["promise"];
  EXPECT_EQ(call("POST", "/api/scenarios/s/commit", with_promise.dump()).status, 201);
  // Only 50 are left by week 2: the same promise again is refused, and so is a plain second order.
  const auto again = call("POST", "/api/scenarios/s/commit", with_promise.dump());
  EXPECT_EQ(again.status, 409) << again.body;
  const auto rest = json::parse(call("POST", "/api/scenarios/s/quote", order.dump()).body);
  EXPECT_EQ(rest["order"]["delivered"], 50);
  // Released, the capacity comes back.
  EXPECT_EQ(call("POST", "/api/scenarios/s/orders/c-1/release").status, 200);
  EXPECT_EQ(json::parse(call("POST", "/api/scenarios/s/quote", order.dump()).body)["order"]["on_time"], 150);
}

TEST_F(ServeTest, BadRequestsAreLocated) {
  ASSERT_EQ(call("POST", "/api/scenarios", json{{"id", "s"}, {"text", kPlan}}.dump()).status, 201);
  const auto r = call("POST", "/api/scenarios/s/quote",
                      "{\"customer\": \"buyer\",\n \"item\": \"modul\", \"quantity\": 5, \"due\": \"2026-W02\"}");
  ASSERT_EQ(r.status, 422);
  const auto p = json::parse(r.body)["error"]["problems"][0];
  EXPECT_EQ(p["file"], "request.json");
  EXPECT_EQ(p["line"], 2);
  EXPECT_EQ(p["field"], "item");
  EXPECT_NE(p["message"].get<std::string>().find("did you mean \"module\""), std::string::npos) << p.dump();
  // A run's bound option is a boolean, said where it is not.
  const auto bound =
      call("POST", "/api/runs", json{{"scenario", "s"}, {"kind", "plan"}, {"options", {{"bound", "yes"}}}}.dump());
  ASSERT_EQ(bound.status, 422) << bound.body;
  EXPECT_EQ(json::parse(bound.body)["error"]["problems"][0]["field"], "options.bound") << bound.body;
  // The bound is an LP: held to --max-lp-orders, as the LP planner is.
  const std::string one_order =
      std::string(kPlan) + "  orders: [{id: o1, customer: buyer, item: module, quantity: 10, due: 2026-W02}]\n";
  ASSERT_EQ(call("POST", "/api/scenarios", json{{"id", "one"}, {"text", one_order}}.dump()).status, 201);
  RunLimits none;
  none.max_lp_orders = 0;
  Api strict{store, desk, jobs, none};
  const json run = {{"scenario", "one"}, {"kind", "plan"}, {"options", {{"bound", true}}}};
  const auto big = strict.handle({"POST", "/api/runs", {}, "Bearer " + write, run.dump()});
  EXPECT_EQ(big.status, 422) << big.body;
  EXPECT_NE(big.body.find("a bound of"), std::string::npos) << big.body;
}

TEST_F(ServeTest, StoredScenariosCannotReadServerFiles) {
  // Stored scenarios are read through ShippedOnly (doc/files.h): each refusal is a located problem
  // that names the path, whichever key named it.
  struct Case {
    const char* text;
    const char* refused;
    int line;
    const char* field;
  };
  for (const Case& c :
       {Case{"include: [/etc/passwd]\n", "/etc/passwd", 1, "include"},
        Case{"include: ../../etc/passwd\n", "../../etc/passwd", 1, "include"},
        Case{"supply:\n  orders_xlsx: {file: /etc/x.xlsx}\n", "/etc/x.xlsx", 2, "supply.orders_xlsx"},
        Case{"supply:\n  orders_csv: [../../orders.csv]\n", "../../orders.csv", 2, "supply.orders_csv[0]"}}) {
    const auto r = call("POST", "/api/scenarios", json{{"id", "sneaky"}, {"text", c.text}}.dump());
    EXPECT_EQ(r.status, 422) << c.text;
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
    bool found = false;
    const json answer = json::parse(r.body);
    for (const auto& p : answer["error"]["problems"])
      if (p["message"].get<std::string>().starts_with(std::string("refused \"") + c.refused +
                                                      "\": shipped files only")) {
        found = true;
        EXPECT_EQ(p["file"], "sneaky.yaml") << c.text;
        EXPECT_EQ(p["line"], c.line) << c.text;
        EXPECT_EQ(p["field"], c.field) << c.text;
      }
    EXPECT_TRUE(found) << c.text << r.body;
  }
  // Shipped files are served: a what-if includes ../ai-optics-2026.yaml beside itself.
  const auto ok =
      call("POST", "/api/scenarios",
           json{{"id", "what-if"}, {"text", "include: [scenarios/what-if/eml-200g-plus-40.yaml]\n"}}.dump());
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["kinds"], json::array({"plan", "market"})) << ok.body;
}

// A sourcing scenario can start source runs; their sizes, asked or the scenario's own, are bounded
// by the operator's limits before anything is queued.
TEST_F(ServeTest, SourceRunsAreBounded) {
  const std::string text = "include: [scenarios/sourcing-1.6t-cluster.yaml]\n";
  const auto stored = call("POST", "/api/scenarios", json{{"id", "buy"}, {"text", text}}.dump());
  ASSERT_EQ(stored.status, 201) << stored.body;
  const json summary = json::parse(stored.body);
  EXPECT_EQ(summary["kinds"], json::array({"source"}));
  EXPECT_EQ(summary["sourcing"], json({{"scenarios", 200}, {"evaluation", 5000}}));
  const auto start = [&](Api& a, const json& options) {
    return a.handle({"POST",
                     "/api/runs",
                     {},
                     "Bearer " + write,
                     json{{"scenario", "buy"}, {"kind", "source"}, {"options", options}}.dump()});
  };
  const auto too_many = start(api, {{"scenarios", 5000}});
  EXPECT_EQ(too_many.status, 422) << too_many.body;
  EXPECT_EQ(json::parse(too_many.body)["error"]["problems"][0]["field"], "options.scenarios") << too_many.body;
  EXPECT_EQ(start(api, {{"cvar_weight", -1}}).status, 422);
  EXPECT_EQ(start(api, {{"scenarios", 50}, {"evaluation", 2000}, {"cvar_weight", 0.5}, {"seed", 7}}).status, 202);
  // The scenario's own 200 futures are over a tighter limit: refused, naming the flag.
  Api strict{store, desk, jobs, RunLimits{.max_runs = 4000, .max_source_scenarios = 100}};
  const auto own = start(strict, json::object());
  EXPECT_EQ(own.status, 422);
  EXPECT_NE(own.body.find("--max-source-scenarios 100"), std::string::npos) << own.body;
  const auto evaluation = start(strict, {{"scenarios", 50}});
  EXPECT_EQ(evaluation.status, 422);
  EXPECT_NE(evaluation.body.find("--max-runs 4000"), std::string::npos) << evaluation.body;
  EXPECT_EQ(start(strict, {{"scenarios", 50}, {"evaluation", 4000}}).status, 202);
}

// A source run computes what `opticplan source --json` prints (its scorecards from the shipped
// history files), reports its progress up to 1, and
// stops with a cancelled error once cancelled.
TEST(SourceRun, ProgressesAndCancels) {
  // Its text, stored as the server stores shipped scenarios: the history CSV files beside it resolve.
  std::ifstream in(opticplan::data_dir() + "/scenarios/sourcing-1.6t-cluster.yaml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  opticplan::Diagnostics diag;
  opticplan::Scenario sc = load_stored_scenario("sourcing-1.6t-cluster", "yaml", text, diag);
  ASSERT_TRUE(diag.ok()) << diag.str();
  const RunOptions options = RunOptions::from_json({{"scenarios", 12}, {"evaluation", 600}, {"seed", 3}});
  RunControl control;
  const auto done = compute_run(sc, {}, RunKind::kSource, options, control);
  ASSERT_TRUE(done) << done.error();
  const json result = json::parse(*done);
  EXPECT_EQ(result["schema"], "opticplan.source");
  EXPECT_EQ(result["risk"]["scenarios"], 12);
  EXPECT_EQ(result["risk"]["evaluation"], 600);
  EXPECT_EQ(result["risk"]["seed"], 3);
  EXPECT_FALSE(result["scorecards"].empty());
  EXPECT_DOUBLE_EQ(control.progress.load(), 1.0);
  RunControl cancelled;
  cancelled.cancel = true;
  const auto stopped = compute_run(sc, {}, RunKind::kSource, options, cancelled);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.code(), opticplan::Code::kCancelled) << stopped.error();
}

// A plan run with options.bound stores the fast planner's gap to the aggregate bound, as `plan
// --bound --json` prints it (tests/cases/plan/bound-json: at most 20% in priority 1).
TEST(PlanRun, BoundOptionStoresTheGapToTheBound) {
  std::ifstream in(std::string(OPTICPLAN_CASES_DIR) + "/plan/partial-vs-whole/plan.yaml");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  opticplan::Diagnostics diag;
  opticplan::Scenario sc = load_stored_scenario("whole", "yaml", text, diag);
  ASSERT_TRUE(diag.ok()) << diag.str();
  RunControl control;
  const auto plain = compute_run(sc, {}, RunKind::kPlan, RunOptions::from_json(json::object()), control);
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_FALSE(json::parse(*plain).contains("comparison"));
  const auto done = compute_run(sc, {}, RunKind::kPlan, RunOptions::from_json({{"bound", true}}), control);
  ASSERT_TRUE(done) << done.error();
  const json c = json::parse(*done)["comparison"];
  EXPECT_EQ(c["against"], "bound");
  EXPECT_EQ(c["priority"], 1);
  EXPECT_DOUBLE_EQ(c["gap"].get<double>(), 0.2);
}

// Found by the fuzz target api_requests: a path that is not UTF-8 was echoed into the JSON error
// and made the JSON writer throw (an internal error, 500).
TEST_F(ServeTest, PathThatIsNotUtf8IsANotFound) {
  const auto r = call("GET", std::string("/api/sc\xff"
                                         "arios"));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(json::parse(r.body, nullptr, false).is_discarded());
}

}  // namespace

namespace {

// The route table is the API: docs/api/openapi.json must document exactly its routes, each with
// the role the table enforces (x-role; public routes have no security).
TEST(ApiRoutes, AreThoseOfTheOpenApiDocument) {
  std::ifstream in(std::string(OPTICPLAN_REPO_DIR) + "/docs/api/openapi.json");
  ASSERT_TRUE(in) << "docs/api/openapi.json";
  const json doc = json::parse(in);
  std::set<std::string> documented, routed;
  for (const auto& [path, ops] : doc.at("paths").items())
    for (const auto& [method, op] : ops.items()) {
      if (method != "get" && method != "post" && method != "put" && method != "delete" && method != "patch") continue;
      std::string role = "public";
      if (!(op.contains("security") && op["security"].empty())) role = op.value("x-role", "(no x-role)");
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path + " " + role);
    }
  for (const auto& r : api_routes())
    routed.insert(std::string(r.method) + " " + r.pattern + " " +
                  (r.role == Role::kPublic ? "public"
                   : r.role == Role::kRead ? "read"
                                           : "write"));
  EXPECT_EQ(routed, documented);
  EXPECT_EQ(routed.size(), api_routes().size()) << "a route is listed twice";
}

TEST_F(ServeTest, WrongMethodIsA405WithAllow) {
  const auto r = call("DELETE", "/api/runs");
  EXPECT_EQ(r.status, 405);
  ASSERT_FALSE(r.headers.empty());
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET, POST");
  EXPECT_EQ(call("GET", "/api/nothing/here").status, 404);
  // A read token may quote but not commit.
  EXPECT_EQ(call("POST", "/api/scenarios/x/commit", "{}", &read).status, 403);
}

}  // namespace
