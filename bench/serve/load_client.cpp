// A paced load client for opticplan serve (bench/serve/run): C connections on keep-alive, each
// sending quotes on a fixed schedule so that together they offer R requests a second for S seconds.
// A request's latency is counted from the time it was scheduled, not from when it was sent, so a
// slow server cannot hide its queue by slowing the client (no coordinated omission). Prints one
// line: offered and achieved rate, latency percentiles, errors. wrk (also in bench/serve/run) gives
// the saturated throughput; this gives the latency at a stated load.
//   opticplan_load_client HOST PORT TOKEN SCENARIO CUSTOMER ITEM RATE SECONDS CONNECTIONS
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 10) {
    std::fprintf(stderr, "usage: %s HOST PORT TOKEN SCENARIO CUSTOMER ITEM RATE SECONDS CONNECTIONS\n", argv[0]);
    return 2;
  }
  const std::string host = argv[1], token = argv[3], scenario = argv[4], customer = argv[5], item = argv[6];
  const int port = std::atoi(argv[2]), connections = std::max(1, std::atoi(argv[9]));
  const double rate = std::atof(argv[7]), seconds = std::atof(argv[8]);
  using Clock = std::chrono::steady_clock;
  const auto interval = std::chrono::duration<double>(connections / rate);
  const auto start = Clock::now() + std::chrono::milliseconds(200);
  const auto end = start + std::chrono::duration<double>(seconds);
  std::vector<std::vector<double>> latencies(static_cast<size_t>(connections));
  std::atomic<long> errors{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client cli(host, port);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      const std::string path = "/api/scenarios/" + scenario + "/quote";
      auto& mine = latencies[static_cast<size_t>(c)];
      // Connections start evenly spread over one interval.
      auto due = start + std::chrono::duration_cast<Clock::duration>(interval * (static_cast<double>(c) / connections));
      for (long n = c; due < end; ++n) {
        std::this_thread::sleep_until(due);
        const std::string body = "{\"customer\": \"" + customer + "\", \"item\": \"" + item +
                                 "\", \"quantity\": " + std::to_string(100 + (n % 50) * 37) + ", \"due\": \"2026-W" +
                                 std::to_string(10 + n % 20) + "\"}";
        const auto res = cli.Post(path.c_str(), headers, body, "application/json");
        if (!res || res->status != 200) ++errors;
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
        due += std::chrono::duration_cast<Clock::duration>(interval);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (const auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  const auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())))];
  };
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf(
      "PACED offered=%.0f achieved=%.0f requests=%zu errors=%ld p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.1f "
      "connections=%d\n",
      rate, static_cast<double>(all.size()) / elapsed, all.size(), errors.load(), pct(0.5), pct(0.9), pct(0.99),
      all.empty() ? 0.0 : all.back(), connections);
  return 0;
}
