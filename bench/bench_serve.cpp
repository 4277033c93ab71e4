// The service's hot path without sockets: Api::handle() answering a quote on the shipped default
// scenario's committed plan (token check, request parsing, planning one order, the JSON answer).
// bench/serve/run measures the same over HTTP with wrk.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "opticplan/serve/api.h"
#include "opticplan/serve/tokens.h"

namespace {

using namespace opticplan::serve;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void BM_ApiQuote(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / "opticplan-bench-serve";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Store store(open_database((dir / "opticplan.db").string()));
  const std::string token = new_token();
  store.add_token(token_hash(token), "write", "bench");
  store.create_scenario("default", "default", "yaml",
                        read_text(std::string(OPTICPLAN_SOURCE_DIR) + "/data/scenarios/default.yaml"));
  PromiseDesk desk(store);
  JobRunner jobs(store, 1);
  Api api(store, desk, jobs);
  ApiRequest rq{"POST", "/api/scenarios/default/quote", {}, "Bearer " + token, ""};
  int n = 0;
  for (auto _ : state) {
    ++n;
    rq.body = "{\"customer\": \"hyperscaler\", \"item\": \"osfp-1.6t-2xdr4-siph\", \"quantity\": " +
              std::to_string(100 + (n % 50) * 37) + ", \"due\": \"2026-W" + std::to_string(10 + n % 20) + "\"}";
    const ApiResponse r = api.handle(rq);
    if (r.status != 200) state.SkipWithError(r.body.c_str());
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetItemsProcessed(state.iterations());
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ApiQuote)->Unit(benchmark::kMicrosecond);

}  // namespace
