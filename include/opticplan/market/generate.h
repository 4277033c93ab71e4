// Deterministic generator of market scenarios at scale, for benchmarks (bench/run) and tests.
//
// generate_market_yaml() writes a whole scenario (supply: and market: sections) shaped like the
// shipped ai-optics-2026.yaml: three speed classes with two designs each (EML and silicon
// photonics), 100G and 200G EML, CW lasers and two DSP generations, one assembly pool, and
// `buyers` buyers whose yearly demand grows from a random base; every supplier's capacity and the
// assembly pool are uncertain inputs, with two events. Quarterly calendar from 2025Q1. The same
// options give the same text on every machine (std::mt19937_64, no library distributions).
#pragma once

#include <cstdint>
#include <string>

namespace opticplan::market {

struct MarketGenOptions {
  int buyers = 10;
  int years = 3;
  int runs = 1000;
  uint64_t seed = 1;
};

std::string generate_market_yaml(const MarketGenOptions& options);

}  // namespace opticplan::market
