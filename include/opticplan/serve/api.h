// Api: the HTTP JSON API of `opticplan serve`, as a function from request to response.
//
// It knows nothing of sockets: the HTTP server (http_server.h) parses requests (Boost.Beast)
// and hands them here, and tests and the fuzz target call handle() directly. Routes, shapes and
// status codes are those of docs/api/openapi.json (served at /api/openapi.json). Every /api route
// but health and openapi.json needs a bearer token; GET, quote and validate need the read role,
// everything else the write role. Request bodies are parsed by the scenario readers, so a bad
// field is answered 422 with located problems, as the CLI prints them. handle() never throws: a
// database failure is a 503, anything unexpected a 500, each with the error shape.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "opticplan/serve/jobs.h"
#include "opticplan/serve/promise_desk.h"
#include "opticplan/serve/store.h"

namespace opticplan::serve {

struct ApiRequest {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // "/api/scenarios/x", without the query
  std::map<std::string, std::string> query;
  std::string authorization;  // the Authorization header
  std::string body;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Who may call a route: anyone (health, the OpenAPI document), a read token, or a write token.
enum class Role : unsigned char { kPublic, kRead, kWrite };

// One route of the API: its method, its path pattern ("/api/runs/{run}/cancel") and the role it needs.
struct RouteInfo {
  const char* method;
  const char* pattern;
  Role role;
};
// Every route, in the order they are matched; docs/api/openapi.json documents exactly these (a test
// compares them).
std::vector<RouteInfo> api_routes();

// What one run may ask of the server, set by the operator (opticplan serve --max-runs,
// --max-lp-orders, --max-source-scenarios); a run over a limit is refused with 422 before it is
// queued.
struct RunLimits {
  int max_runs = 100'000;            // market runs, or a sourcing run's evaluation futures, per run
  int max_source_scenarios = 1'000;  // a sourcing run's optimisation scenarios (its LP grows with them)
  int64_t max_lp_orders = 5'000;     // orders of a plan run with the LP planner or the bound (LPs: time, memory)
};

// Thread safety: handle() may be called concurrently from any number of threads (the HTTP server
// calls it from each of its workers); the Api shares its Store, JobRunner and PromiseDesk, which
// are safe for concurrent use.
class Api {
 public:
  static constexpr int kRoleCacheSeconds = 2;
  Api(Store& store, PromiseDesk& desk, JobRunner& jobs, RunLimits limits = {});
  ApiResponse handle(const ApiRequest& request);
  // Whether an Authorization header names a known token (any role): the HTTP server asks before it
  // reads a request's body, so that a client without a token cannot make it hold one.
  bool knows(const std::string& authorization) { return !caller_of(authorization).role.empty(); }

 private:
  // The path's {placeholders}, in order, and the id of the caller's token (0 on public routes).
  struct Params : std::vector<std::string> {
    int64_t token = 0;
  };
  struct Route {
    RouteInfo info;
    ApiResponse (Api::*handle)(const ApiRequest&, const Params&);
  };
  static const std::vector<Route>& routes();
  friend std::vector<RouteInfo> api_routes();
  ApiResponse route(const ApiRequest& request);
  ApiResponse health(const ApiRequest&, const Params&);
  ApiResponse openapi(const ApiRequest&, const Params&);
  ApiResponse validate(const ApiRequest&, const Params&);
  ApiResponse list_scenarios(const ApiRequest&, const Params&);
  ApiResponse store_scenario(const ApiRequest&, const Params&);  // POST (new) or PUT (a new version)
  ApiResponse get_scenario(const ApiRequest&, const Params&);
  ApiResponse delete_scenario(const ApiRequest&, const Params&);
  ApiResponse list_versions(const ApiRequest&, const Params&);
  ApiResponse get_version(const ApiRequest&, const Params&);
  ApiResponse quote(const ApiRequest&, const Params&);
  ApiResponse commit(const ApiRequest&, const Params&);
  ApiResponse orders(const ApiRequest&, const Params&);
  ApiResponse release(const ApiRequest&, const Params&);
  ApiResponse list_runs(const ApiRequest&, const Params&);
  ApiResponse start_run(const ApiRequest&, const Params&);
  ApiResponse get_run(const ApiRequest&, const Params&);
  ApiResponse cancel_run(const ApiRequest&, const Params&);
  ApiResponse run_output(const ApiRequest&, const Params&);  // result, report or charts
  ApiResponse compare(const ApiRequest&, const Params&);
  struct Caller {
    std::string role;  // "", "read" or "write"
    int64_t token = 0;
  };
  Caller caller_of(const std::string& authorization);
  // A version's summary (sections, runs it can start, periods, customers, items), cached; a cache
  // miss loads the version. remember_summary() makes and caches it from a scenario already loaded.
  nlohmann::ordered_json summary(const std::string& id, int version, const std::string& name);
  nlohmann::ordered_json remember_summary(const std::string& id, int version, const std::string& name,
                                          const std::string& format, const Scenario& sc);
  Store& store_;
  PromiseDesk& desk_;
  JobRunner& jobs_;
  const RunLimits limits_;
  std::mutex mu_;
  // Token hash -> role and when it was looked up: a known token is trusted for kRoleCacheSeconds
  // without a database read, so a revoked token stops working within that time.
  struct CachedRole {
    Caller caller;
    std::chrono::steady_clock::time_point at;
  };
  std::map<std::string, CachedRole> roles_;
  std::map<std::pair<std::string, int>, nlohmann::ordered_json> summaries_;  // (scenario, version) -> summary
};

}  // namespace opticplan::serve
