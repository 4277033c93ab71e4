// Fuzz target: the HTTP request handlers of `opticplan serve` (serve::Api::handle, everything
// behind the HTTP parsing (Boost.Beast's): routing, tokens and roles, request bodies read by the scenario
// readers, scenario upload and confinement, quote/commit/release, runs, compare). The input is
// one request: a first line "METHOD PATH[?QUERY]", a second line naming the token ("write",
// "read", anything else: that text as the token), and the body. The store is an in-memory SQLite
// database with a scenario and a few commitments; runs are stored but never executed (no
// workers), so an input's cost is the handler's own. Every answer must be well-formed: a status
// the API documents, JSON when it says JSON, and never a 500 (an exception escaped a handler).
// Seeds: requests written by fuzz/run.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "opticplan/scenario/scenario.h"
#include "opticplan/serve/api.h"
#include "opticplan/serve/tokens.h"

namespace {

using namespace opticplan;
using namespace opticplan::serve;

constexpr const char* kPlan = R"(name: fuzz plan
supply:
  calendar: {start: 2026-W01, periods: 8}
  customers: [{id: buyer-a}, {id: buyer-b, qualified: [mod-eml]}]
  lines: [{id: line, capacity: 2000}]
  items:
    - id: eml
    - id: cw
    - {id: mod-eml, line: line, bom: [{item: eml, qty: 8}]}
    - {id: mod-siph, line: line, bom: [{item: cw, qty: 2}]}
  suppliers: [{id: eml-co, item: eml, capacity: 8000}, {id: cw-co, item: cw, capacity: 10000}]
  requirements: [{id: 800G, alternates: [mod-eml, mod-siph]}]
  orders:
    - {id: o-1, customer: buyer-b, requirement: 800G, quantity: 900, due: 2026-W02}
)";

struct World {
  Store store{open_database(":memory:")};
  PromiseDesk desk{store};
  JobRunner jobs{store, 0};
  Api api{store, desk, jobs};
  std::string write = new_token(), read = new_token();
  World() {
    store.add_token(token_hash(write), "write", "fuzz");
    store.add_token(token_hash(read), "read", "fuzz");
    store.create_scenario("plan", "fuzz plan", "yaml", kPlan);
    for (int k = 0; k < 3; ++k)
      api.handle({"POST",
                  "/api/scenarios/plan/commit",
                  {},
                  "Bearer " + write,
                  R"({"customer": "buyer-a", "requirement": "800G", "quantity": 300, "due": "2026-W03"})"});
  }
};

std::map<std::string, std::string> parse_query(const std::string& q) {
  std::map<std::string, std::string> out;
  size_t at = 0;
  while (at <= q.size()) {
    size_t amp = q.find('&', at);
    if (amp == std::string::npos) amp = q.size();
    const std::string kv = q.substr(at, amp - at);
    const size_t eq = kv.find('=');
    if (!kv.empty()) out[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    at = amp + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  const std::string in(reinterpret_cast<const char*>(data), size);
  const size_t l1 = in.find('\n');
  if (l1 == std::string::npos) return 0;
  const size_t l2 = in.find('\n', l1 + 1);
  const std::string first = in.substr(0, l1);
  const std::string who = in.substr(l1 + 1, (l2 == std::string::npos ? in.size() : l2) - l1 - 1);
  ApiRequest rq;
  const size_t sp = first.find(' ');
  if (sp == std::string::npos) return 0;
  rq.method = first.substr(0, sp);
  std::string target = first.substr(sp + 1);
  if (const size_t qm = target.find('?'); qm != std::string::npos) {
    rq.query = parse_query(target.substr(qm + 1));
    target.resize(qm);
  }
  rq.path = target;
  rq.authorization = who == "write"  ? "Bearer " + world.write
                     : who == "read" ? "Bearer " + world.read
                                     : "Bearer " + who;
  rq.body = l2 == std::string::npos ? "" : in.substr(l2 + 1);
  const ApiResponse r = world.api.handle(rq);
  static const int kStatuses[] = {200, 201, 202, 204, 401, 403, 404, 405, 409, 422, 503};
  if (std::find(std::begin(kStatuses), std::end(kStatuses), r.status) == std::end(kStatuses)) {
    std::fprintf(stderr, "status %d: %s\n", r.status, r.body.c_str());
    std::abort();
  }
  if (r.content_type == "application/json" && r.status != 204) {
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded()) {
      std::fprintf(stderr, "not JSON: %s\n", r.body.c_str());
      std::abort();
    }
  }
  return 0;
}
